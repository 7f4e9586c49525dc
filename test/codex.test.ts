import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHEAP, type ProxyHarness, startProxy } from './support/server-harness';

/** Classified simple by the rules classifier: routed to the Anthropic model. */
const SIMPLE = 'What is the capital of France?';

/** OpenAI's Codex CLI (the npm package), a Responses API client we did not write. */
const CODEX = resolve('node_modules/@openai/codex/bin/codex.js');

/** A Codex home whose only provider is the proxy, spoken to over the Responses API. */
function codexHome(baseUrl: string): string {
  const home = mkdtempSync(join(tmpdir(), 'mmrouter-codex-'));
  writeFileSync(
    join(home, 'config.toml'),
    `model = "auto"\nmodel_provider = "mmrouter"\n\n[model_providers.mmrouter]\nname = "mmrouter"\nbase_url = "${baseUrl}"\nenv_key = "MMROUTER_KEY"\nwire_api = "responses"\n`,
  );
  return home;
}

/** `codex exec` as a user runs it; its final answer is on stdout. */
function codexExec(home: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CODEX, 'exec', '--skip-git-repo-check', ...args], {
      cwd: home,
      env: { ...process.env, CODEX_HOME: home, HOME: home, MMROUTER_KEY: 'client-key', RUST_LOG: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('Codex CLI through the proxy (Responses API)', () => {
  let h: ProxyHarness;
  let home: string;

  beforeAll(async () => {
    h = await startProxy();
    home = codexHome(h.openaiBase);
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  it('answers a one-shot prompt on an Anthropic model, translated and streamed', async () => {
    const run = await codexExec(home, [SIMPLE]);
    expect(run.stderr).not.toMatch(/ERROR/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Mock answer from ${CHEAP}`);

    const turn = h.mock.requests.find((r) => r.path === '/v1/messages');
    expect(turn?.stream).toBe(true);
    // Codex's developer instructions became the system prompt; its web_search tool, which only OpenAI has, stayed behind.
    expect(JSON.stringify((turn?.body as { system?: unknown }).system)).toContain('Codex');
    expect(JSON.stringify((turn?.body as { tools?: unknown }).tools)).not.toContain('web_search');
  });

  it('relays to an OpenAI model what Codex sent, but the model', async () => {
    const run = await codexExec(home, ['-m', 'gpt-4.1', SIMPLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Mock answer from gpt-4.1 to: ${SIMPLE}`);
    const turn = h.mock.requests.find((r) => r.path === '/v1/responses');
    expect(turn?.body).toMatchObject({ model: 'gpt-4.1', stream: true, store: false, include: ['reasoning.encrypted_content'] });
    expect(JSON.stringify((turn?.body as { tools?: unknown }).tools)).toContain('web_search');
  });

  it('runs a tool the model calls and sends its output back for the answer', async () => {
    h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_goal', arguments: '{}' }] } });
    const run = await codexExec(home, [SIMPLE]);
    expect(run.code).toBe(0);
    const turns = h.mock.requests.filter((r) => r.path === '/v1/messages');
    expect(turns.length).toBeGreaterThanOrEqual(2);
    const second = JSON.stringify(turns[1]?.body);
    // The call went out as a tool_use of the model's turn and came back as a tool_result under the same id.
    const id = /"type":"tool_use","id":"([^"]+)","name":"get_goal"/.exec(second)?.[1];
    expect(id).toBeDefined();
    expect(second).toContain(`"type":"tool_result","tool_use_id":"${id}"`);
    expect(run.stdout).toContain(`Mock answer from ${CHEAP}`);
  });
});
