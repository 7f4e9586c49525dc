import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockUpstream } from './support/mock-upstream';
import { type ProxyHarness, startProxy } from './support/server-harness';

/** Request bodies of current official clients, recorded by scripts/capture-client-requests.ts. */
const DIR = join(__dirname, 'fixtures/clients');

interface Fixture {
  client: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture] as const);

const ANTHROPIC_MODEL = 'claude-haiku-4-5';
const OPENAI_MODEL = 'gpt-4o-mini';
const DEFAULT_MAX_TOKENS = 1000;

/** Every route goes to one model of one family, so every fixture of that family is relayed. */
function oneModelConfig(model: string, provider: 'anthropic' | 'openai') {
  return (mock: MockUpstream): string => {
    const cells = ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: { model: ${model} }`).join('\n');
    return `
providers:
  ${provider}: { base_url: ${provider === 'anthropic' ? mock.anthropicBaseUrl : mock.openaiBaseUrl} }
provider: { max_retries: 0 }
classifier: { strategy: rules }
tracking: { database: ./mmrouter.db, flush_interval_ms: 20 }
models:
  ${model}: { provider: ${provider}, max_tokens: ${DEFAULT_MAX_TOKENS}, pricing: { input: 1, output: 5 } }
routes:
  simple:
${cells}
  medium:
${cells}
  complex:
${cells}
`;
  };
}

/**
 * The body the upstream must receive: the client's, with only README's documented changes, in
 * the order a relay makes them (a replaced key keeps its place, an added one goes last). Prompt
 * caching is not among them here: the Claude Code fixtures mark their own `cache_control`, and
 * the SDK fixtures' system prompts are too short to be cached.
 */
function relayed(f: Fixture, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...f.body, model: upstreamModel };
  if (f.path.startsWith('/v1/messages')) {
    if (body.max_tokens == null) body.max_tokens = DEFAULT_MAX_TOKENS;
    return body;
  }
  // OpenAI itself takes the output limit as max_completion_tokens, and streams are asked for usage.
  const limit = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  delete body.max_tokens;
  body.max_completion_tokens = limit;
  if (body.stream !== true) return body;
  return { ...body, stream: true, stream_options: { ...(body.stream_options as object | undefined), include_usage: true } };
}

describe('replaying the recorded requests of official clients through the proxy', () => {
  let anthropic: ProxyHarness;
  let openai: ProxyHarness;

  beforeAll(async () => {
    [anthropic, openai] = await Promise.all([startProxy({}, 'rules', oneModelConfig(ANTHROPIC_MODEL, 'anthropic')), startProxy({}, 'rules', oneModelConfig(OPENAI_MODEL, 'openai'))]);
  });
  afterAll(() => Promise.all([anthropic.close(), openai.close()]));
  beforeEach(() => {
    anthropic.mock.reset();
    openai.mock.reset();
  });

  it('has fixtures of Claude Code and both SDKs, streamed and with tools', () => {
    const clients = new Set(fixtures.map(([, f]) => f.client.split(' ')[0]));
    expect([...clients].sort()).toEqual(['@anthropic-ai/claude-code', '@anthropic-ai/sdk', 'openai']);
    expect(fixtures.some(([, f]) => f.body.stream === true && Array.isArray(f.body.tools))).toBe(true);
  });

  it.each(fixtures)('%s: the upstream gets the body byte for byte but for the documented changes, the client a 200 in its shape', async (_name, f) => {
    const isAnthropic = f.path.startsWith('/v1/messages');
    const h = isAnthropic ? anthropic : openai;
    const res = await fetch(`${h.server.url}${f.path}`, { method: f.method, headers: { ...f.headers, 'x-api-key': 'x', authorization: 'Bearer x' }, body: JSON.stringify(f.body) });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);

    expect(h.mock.requests).toHaveLength(1);
    const sent = h.mock.requests[0]!;
    expect(sent.raw).toBe(JSON.stringify(relayed(f, isAnthropic ? ANTHROPIC_MODEL : OPENAI_MODEL)));
    for (const name of ['anthropic-version', 'anthropic-beta']) expect(sent.headers[name], name).toBe(f.headers[name]);

    if (f.body.stream === true) {
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      if (isAnthropic) expect(text).toMatch(/^event: message_start\n[\s\S]*event: message_stop\n/);
      else expect(text).toMatch(/^data: \{[\s\S]*\n\ndata: \[DONE\]\n\n$/);
    } else {
      expect(JSON.parse(text)).toMatchObject(isAnthropic ? { type: 'message', role: 'assistant', model: ANTHROPIC_MODEL } : { object: 'chat.completion', model: OPENAI_MODEL });
    }
  });
});
