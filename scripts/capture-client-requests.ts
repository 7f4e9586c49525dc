/**
 * Records what current official clients send, for test/client-replay.test.ts:
 *   npx tsx scripts/capture-client-requests.ts
 * Each client talks to a capture server in front of the mock upstream, so it gets real answers
 * and finishes its session; each request body is written exactly as sent, with the headers that
 * change its meaning, to test/fixtures/clients/<name>.json. Run it again after upgrading a client
 * (`@anthropic-ai/claude-code`, `@anthropic-ai/sdk`, `openai`) and commit what changed.
 */
import Anthropic from '@anthropic-ai/sdk';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { startMockUpstream, type MockReply } from '../test/support/mock-upstream';

const OUT = resolve('test/fixtures/clients');
/** Request headers that change what a body means upstream; the rest (user agent, telemetry) do not. */
const KEPT_HEADERS = ['content-type', 'anthropic-version', 'anthropic-beta'];

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  raw: string;
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(resolve('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const mock = await startMockUpstream();
  const captured: Captured[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      if (req.method === 'POST') captured.push({ method: req.method, path: req.url ?? '/', headers, raw });
      void fetch(mock.url + (req.url ?? '/'), { method: req.method, headers, body: req.method === 'POST' ? raw : undefined }).then(async (r) => {
        const out: Record<string, string> = {};
        r.headers.forEach((v, k) => {
          if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(k)) out[k] = v;
        });
        res.writeHead(r.status, out);
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reply = (r: MockReply): void => mock.enqueue({ kind: 'reply', reply: r });

  /** Writes the requests captured since `from` as fixtures named `<name>` (numbered when several). */
  function save(name: string, client: string, from: number): void {
    const calls = captured.slice(from);
    if (calls.length === 0) throw new Error(`${name}: the client sent nothing`);
    calls.forEach((c, i) => {
      const body: unknown = JSON.parse(c.raw);
      // Fixtures store the body as JSON for review; replaying re-serializes it, which must give the bytes sent.
      if (JSON.stringify(body) !== c.raw) throw new Error(`${name}: the body does not round-trip through JSON.stringify`);
      const headers = Object.fromEntries(KEPT_HEADERS.filter((h) => c.headers[h] !== undefined).map((h) => [h, c.headers[h]]));
      const file = calls.length === 1 ? `${name}.json` : `${name}-${i + 1}.json`;
      writeFileSync(join(OUT, file), `${JSON.stringify({ client, method: c.method, path: c.path, headers, body }, null, 2)}\n`);
      process.stdout.write(`${file}: ${c.raw.length} bytes\n`);
    });
  }

  mkdirSync(OUT, { recursive: true });

  // Claude Code, as README tells users to run it.
  const claude = `@anthropic-ai/claude-code ${version('@anthropic-ai/claude-code')}`;
  const cwd = mkdtempSync(join(tmpdir(), 'mmrouter-capture-'));
  const home = mkdtempSync(join(tmpdir(), 'mmrouter-capture-home-'));
  const runClaude = (args: string[]): Promise<void> =>
    new Promise((done, fail) => {
      execFile(resolve('node_modules/.bin/claude'), ['-p', ...args, '--model', 'auto'], { cwd, timeout: 120_000, env: { PATH: process.env.PATH, HOME: home, ANTHROPIC_BASE_URL: base, ANTHROPIC_API_KEY: 'x' } }, (err, _out, stderr) =>
        err ? fail(new Error(`claude failed: ${stderr}`)) : done(),
      ).stdin?.end();
    });
  let from = captured.length;
  reply({ text: 'Paris.' });
  await runClaude(['What is the capital of France?']);
  save('claude-code-prompt', claude, from);
  writeFileSync(join(cwd, 'note.txt'), 'the secret word is persimmon\n');
  reply({ toolCalls: [{ name: 'Read', arguments: JSON.stringify({ file_path: join(cwd, 'note.txt') }) }] });
  reply({ text: 'It says the secret word is persimmon.' });
  await runClaude(['What does note.txt say?', '--allowedTools', 'Read']);
  // The turn after the tool ran: its first call is the same kind of request as the one above.
  save('claude-code-tool-result', claude, captured.length - 1);
  rmSync(cwd, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });

  // The Anthropic SDK: a plain call, then a streamed tool round trip with thinking.
  const anthropicSdk = `@anthropic-ai/sdk ${version('@anthropic-ai/sdk')}`;
  const anthropic = new Anthropic({ apiKey: 'x', baseURL: base, maxRetries: 0 });
  from = captured.length;
  await anthropic.messages.create({ model: 'auto', max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
  save('anthropic-sdk-text', anthropicSdk, from);
  const weather = { name: 'get_weather', description: 'Current weather in a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
  from = captured.length;
  await anthropic.messages
    .stream({
      model: 'auto',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weather],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '18°C and sunny' }] },
      ],
    })
    .finalMessage();
  save('anthropic-sdk-stream-tools', anthropicSdk, from);

  // The OpenAI SDK: a plain call with a developer message, then a streamed tool round trip.
  const openaiSdk = `openai ${version('openai')}`;
  const openai = new OpenAI({ apiKey: 'x', baseURL: `${base}/v1`, maxRetries: 0 });
  from = captured.length;
  await openai.chat.completions.create({ model: 'auto', max_tokens: 256, messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }] });
  save('openai-sdk-text', openaiSdk, from);
  from = captured.length;
  const stream = await openai.chat.completions.create({
    model: 'auto',
    stream: true,
    stream_options: { include_usage: true },
    parallel_tool_calls: true,
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: weather.input_schema } }],
    messages: [
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_01', content: '18°C and sunny' },
    ],
  });
  for await (const _ of stream);
  save('openai-sdk-stream-tools', openaiSdk, from);

  server.close();
  await mock.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`capture failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
