import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src-shared/routing';
import { parseConfig } from '../src-main/core/config/load';
import { createRouter } from '../src-main/core/router/create';
import type { Router } from '../src-main/core/router/router';
import { RouteError, type RouterStreamEvent } from '../src-main/core/router/types';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';

function config(mock: MockUpstream, extra = ''): string {
  const tier = (m: string, fb: string) => ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: { model: ${m}, fallbacks: [${fb}] }`).join('\n');
  return `
providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
  openai: { base_url: ${mock.openaiBaseUrl}, max_retries: 1 }
provider: { max_retries: 0, timeout_ms: 2000 }
models:
  haiku: { provider: anthropic, model: claude-haiku-4-5-20251001 }
  sonnet: { provider: anthropic, model: claude-sonnet-4-6 }
  mini: { provider: openai, model: gpt-4o-mini }
  big: { provider: openai, model: gpt-4.1 }
routes:
  simple:
${tier('haiku', 'mini')}
  medium:
${tier('sonnet', 'big')}
  complex:
${tier('big', 'sonnet')}
tracking: { enabled: false }
# These tests share one router and each assumes no earlier failures; breakers have their own tests.
breaker: { enabled: false }
${extra}`;
}

describe('Router', () => {
  let mock: MockUpstream;
  let router: Router;
  const records: RequestRecord[] = [];
  const env = { ANTHROPIC_API_KEY: 'k-ant', OPENAI_API_KEY: 'k-oai' };
  const ask = (content: string, model = 'auto', signal?: AbortSignal) => ({ model, chat: { messages: [{ role: 'user' as const, content }] }, source: 'test', ...(signal ? { signal } : {}) });

  beforeAll(async () => {
    mock = await startMockUpstream();
    router = await createRouter(parseConfig(config(mock), '/tmp/router-test.yaml', env), { source: 'test', env, onRecord: (r) => records.push(r) });
  });
  afterAll(async () => {
    await router.close();
    await mock.close();
  });
  beforeEach(() => {
    mock.reset();
    records.length = 0;
  });

  it('escalates one tier when the classifier is unsure', async () => {
    const low = await createRouter(parseConfig(config(mock, 'classifier: { threshold: 0.99 }'), '/tmp/x.yaml', env), { source: 'test', env });
    try {
      const { decision } = await low.route(ask('What is the capital of France?'));
      expect(decision.classification?.complexity).toBe('simple');
      expect(decision.tier).toBe('medium');
      expect(decision.escalated).toBe(true);
      expect(decision.model).toBe('sonnet');
      expect(decision.reasons.join('\n')).toMatch(/escalated simple -> medium/);
    } finally {
      await low.close();
    }
  });

  it('accepts the upstream model id a client sends instead of the configured name', async () => {
    const { decision } = await router.route(ask('hi', 'gpt-4o-mini'));
    expect(decision.model).toBe('mini');
    expect(decision.classification).toBeUndefined();
  });

  it('retries a 429 on the same model after its Retry-After, then succeeds', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 0 }, { model: 'gpt-4o-mini' });
    const { decision, record } = await router.route(ask('hi', 'mini'));
    expect(decision.attempts.map((a) => [a.model, a.ok, a.errorClass])).toEqual([
      ['mini', false, 'rate_limit'],
      ['mini', true, undefined],
    ]);
    expect(decision.fallback).toBe(false);
    expect(record.status).toBe('ok');
  });

  it('gives up on a model at once when its Retry-After is longer than worth waiting', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 60 }, { model: 'gpt-4o-mini', times: 2 });
    const err = await router.route(ask('hi', 'mini')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouteError);
    expect(err).toMatchObject({ errorClass: 'rate_limit', status: 429, retryAfterMs: 60_000 });
    // max_retries is 1 for openai, but a 60 s wait is not taken: one request only.
    expect(mock.requests).toHaveLength(1);
  });

  it('times out a hanging model and falls back to the next one', async () => {
    mock.enqueue({ kind: 'hang' }, { model: 'claude-haiku-4-5-20251001' });
    const { decision, response } = await router.route(ask('What is the capital of France?'));
    expect(decision.attempts[0]).toMatchObject({ model: 'haiku', ok: false, errorClass: 'timeout' });
    expect(decision.model).toBe('mini');
    expect(decision.fallback).toBe(true);
    expect(response.text).toContain('gpt-4o-mini');
  });

  it('fails over before the first streamed byte, invisibly to the caller', async () => {
    mock.enqueue({ kind: 'drop', when: 'before-headers' }, { model: 'claude-haiku-4-5-20251001' });
    const events: RouterStreamEvent[] = [];
    for await (const ev of router.stream(ask('What is the capital of France?'))) events.push(ev);
    expect(events[0]).toMatchObject({ type: 'start' });
    const end = events.at(-1);
    expect(end?.type).toBe('end');
    if (end?.type !== 'end') return;
    expect(end.result.record).toMatchObject({ model: 'mini', fallback: true, stream: true, status: 'ok' });
    const text = events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
    expect(text).toBe(end.result.response.text);
    expect(records).toHaveLength(1);
  });

  it('reports a mid-stream failure instead of switching models after output began', async () => {
    mock.enqueue({ kind: 'drop', when: 'mid-stream' }, { model: 'claude-haiku-4-5-20251001' });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const ev of router.stream(ask('What is the capital of France?'))) seen.push(ev.type);
      })(),
    ).rejects.toBeInstanceOf(RouteError);
    expect(seen[0]).toBe('start');
    expect(mock.requests).toHaveLength(1);
    expect(records).toMatchObject([{ status: 'error', errorClass: 'network', model: 'haiku' }]);
  });

  it('stops when the caller aborts, without trying other models', async () => {
    mock.enqueue({ kind: 'hang' }, { model: 'claude-haiku-4-5-20251001' });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await expect(router.route(ask('What is the capital of France?', 'auto', abort.signal))).rejects.toMatchObject({ errorClass: 'aborted' });
    expect(mock.requests).toHaveLength(1);
  });

  it('names the missing key variable and does not try other providers', async () => {
    const noKey = await createRouter(parseConfig(config(mock), '/tmp/x.yaml', {}), { source: 'test', env: { OPENAI_API_KEY: 'k' } });
    try {
      await expect(noKey.route(ask('What is the capital of France?'))).rejects.toThrow(/ANTHROPIC_API_KEY is not set/);
      expect(mock.requests).toHaveLength(0);
    } finally {
      await noKey.close();
    }
  });
});
