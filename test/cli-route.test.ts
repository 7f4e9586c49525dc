import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTracker } from '../src-main/core/tracker';
import { runCli, tempHome, writeFile } from './support/cli';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';

/** A config whose two providers both point at the mock upstream; prices fixed so costs are exact. */
function mockConfig(mock: MockUpstream): string {
  const cell = (model: string, fallback: string) => `{ model: ${model}, fallbacks: [${fallback}] }`;
  const tier = (model: string, fallback: string) =>
    ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: ${cell(model, fallback)}`).join('\n');
  return `
providers:
  anthropic:
    base_url: ${mock.anthropicBaseUrl}
  openai:
    base_url: ${mock.openaiBaseUrl}
provider:
  max_retries: 0
models:
  claude-haiku-4-5-20251001:
    provider: anthropic
    pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 }
  claude-sonnet-4-6:
    provider: anthropic
    pricing: { input: 3, output: 15 }
  gpt-4o-mini:
    provider: openai
    pricing: { input: 0.15, output: 0.6 }
    fallbacks: [gpt-4.1]
  gpt-4.1:
    provider: openai
    pricing: { input: 2, output: 8 }
routes:
  simple:
${tier('claude-haiku-4-5-20251001', 'gpt-4o-mini')}
  medium:
${tier('claude-sonnet-4-6', 'gpt-4.1')}
  complex:
${tier('claude-sonnet-4-6', 'gpt-4.1')}
baseline_model: claude-sonnet-4-6
`;
}

describe('mmrouter route against the mock upstream', () => {
  let mock: MockUpstream;
  let home: string;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    mock = await startMockUpstream();
    home = tempHome();
    config = writeFile(home, 'mmrouter.yaml', mockConfig(mock));
    env = { HOME: home, ANTHROPIC_API_KEY: 'test-anthropic-key', OPENAI_API_KEY: 'test-openai-key' };
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  async function row(id: string) {
    const tracker = openTracker({ path: join(home, '.mmrouter', 'mmrouter.db'), flushIntervalMs: 50 });
    try {
      return tracker.log.get(id);
    } finally {
      await tracker.close();
    }
  }

  it('routes a simple prompt to the Anthropic cheap model and records tokens and cost', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 12, output: 8, cached: 4 } } });
    const res = await runCli(['-c', config, 'route', 'What is the capital of France?'], { env });
    expect(res.stderr).toMatch(/^\[simple\/factual\] model=claude-haiku-4-5-20251001 cost=\$0\.000048 /m);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Paris.\n');
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.family).toBe('anthropic');

    const id = /id=(req_\w+)/.exec(res.stderr)?.[1] ?? '';
    const r = await row(id);
    expect(r).toMatchObject({ status: 'ok', model: 'claude-haiku-4-5-20251001', provider: 'anthropic', complexity: 'simple', category: 'factual', fallback: false });
    expect(r?.usage).toEqual({ inputTokens: 12, outputTokens: 8, cachedInputTokens: 4, cacheWriteTokens: 0 });
    // 8 uncached input at $1/M + 4 cached at $0.10/M + 8 output at $5/M
    expect(r?.costUsd).toBeCloseTo((8 * 1 + 4 * 0.1 + 8 * 5) / 1e6, 12);
    expect(r?.baselineCostUsd).toBeCloseTo((12 * 3 + 8 * 15) / 1e6, 12);
  });

  it('sends an explicit OpenAI model straight through, with --json output', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'Hi there', usage: { input: 20, output: 5 } } });
    const res = await runCli(['-c', config, '--json', 'route', '--model', 'gpt-4o-mini', 'Say hi'], { env });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.text).toBe('Hi there');
    expect(out.decision.classification).toBeUndefined();
    expect(out.record).toMatchObject({ model: 'gpt-4o-mini', provider: 'openai', requestedModel: 'gpt-4o-mini' });
    expect(mock.requests[0]?.family).toBe('openai');
    expect((await row(out.record.id))?.costUsd).toBeCloseTo((20 * 0.15 + 5 * 0.6) / 1e6, 12);
  });

  it('falls back to the next model after an Anthropic 529 overload', async () => {
    mock.enqueue({ kind: 'status', status: 529 }, { model: 'claude-haiku-4-5-20251001' });
    const res = await runCli(['-c', config, '--json', 'route', 'What is the capital of France?'], { env });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.record).toMatchObject({ model: 'gpt-4o-mini', fallback: true, status: 'ok' });
    expect(out.record.attempts.map((a: { model: string; ok: boolean; status?: number }) => [a.model, a.ok, a.status])).toEqual([
      ['claude-haiku-4-5-20251001', false, 529],
      ['gpt-4o-mini', true, undefined],
    ]);
    expect(mock.requests.map((r) => r.family)).toEqual(['anthropic', 'openai']);
  });

  it('falls back after a 500 from an OpenAI model named explicitly', async () => {
    mock.enqueue({ kind: 'status', status: 500 }, { model: 'gpt-4o-mini' });
    const res = await runCli(['-c', config, '--json', 'route', '-m', 'gpt-4o-mini', 'hello'], { env });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).record).toMatchObject({ model: 'gpt-4.1', fallback: true });
  });

  it('does not fall back after a 400: the caller error is reported and recorded', async () => {
    mock.enqueue({ kind: 'status', status: 400 });
    const res = await runCli(['-c', config, 'route', 'What is the capital of France?'], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^mmrouter: /);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(mock.requests).toHaveLength(1);
    const tracker = openTracker({ path: join(home, '.mmrouter', 'mmrouter.db'), flushIntervalMs: 50 });
    try {
      const [latest] = tracker.log.recent({ limit: 1 });
      expect(latest).toMatchObject({ status: 'error', errorClass: 'bad_request', model: 'claude-haiku-4-5-20251001' });
    } finally {
      await tracker.close();
    }
  });

  it('streams the answer and records the real usage once', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'Streaming works fine.', usage: { input: 30, output: 6 } } });
    const res = await runCli(['-c', config, 'route', '--stream', 'What is the capital of France?'], { env });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Streaming works fine.\n');
    expect(mock.requests[0]?.stream).toBe(true);
    const id = /id=(req_\w+)/.exec(res.stderr)?.[1] ?? '';
    const r = await row(id);
    expect(r).toMatchObject({ stream: true, status: 'ok' });
    expect(r?.usage.inputTokens).toBe(30);
    expect(r?.usage.outputTokens).toBe(6);
    expect(r?.ttftMs).not.toBeNull();
  });

  it('shows what was recorded in mmrouter stats', async () => {
    const res = await runCli(['-c', config, '--json', 'stats'], { env });
    expect(res.code).toBe(0);
    const stats = JSON.parse(res.stdout);
    expect(stats.summary.requests).toBeGreaterThanOrEqual(5);
    expect(stats.summary.fallbacks).toBeGreaterThanOrEqual(2);
    expect(stats.summary.errors).toBeGreaterThanOrEqual(1);
  });
});
