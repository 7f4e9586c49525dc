import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from '../src-shared/contract/http-transport';
import { startApi, userConfigText, type ApiHarness } from './support/api-harness';
import { CHEAP, OPENAI_MODEL } from './support/server-harness';

// Breakers that open after two failures in a row, a $1 daily budget and alerts (not logged, so
// the test's stderr stays quiet): every policy that pushes an event.
const config = (text: string) =>
  `${text.replace('breaker: { enabled: false }', 'breaker: { failure_threshold: 2, cooldown_ms: 60000 }')}\nbudget: { enabled: true, daily_limit_usd: 1, timezone: UTC }\nalerts: { enabled: true, log: false, cooldown_s: 600 }\n`;

let h: ApiHarness;
/** Every event of a second /api/events stream, in the order it arrived. */
const stream: { event: string; payload: unknown }[] = [];
let unsubscribe: () => void;

beforeAll(async () => {
  h = await startApi({ configText: (mock) => config(userConfigText(mock)) });
  unsubscribe = createHttpTransport({ baseUrl: h.server.url }).subscribe((event, payload) => stream.push({ event, payload }));
  for (let i = 0; i < 500 && h.core.bus.listenerCount < 2; i++) await new Promise((r) => setTimeout(r, 10));
});

afterAll(async () => {
  unsubscribe?.();
  await h?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A simple question through the proxy, as any OpenAI client would send it; resolves to the model that answered. */
async function ask(): Promise<string | null> {
  const url = h.core.proxy.status().url;
  const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] }) });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return res.headers.get('x-mmrouter-model');
}

const breakerEvents = () => stream.filter((s) => s.event === 'policies.breaker');

describe('policy events over /api/events', () => {
  it('pushes a breaker opening and the alert it fires, once, while requests fall back', async () => {
    h.mock.enqueue({ kind: 'status', status: 500 }, { model: CHEAP, times: 1000 });
    expect(await ask()).toBe(OPENAI_MODEL);
    expect(await ask()).toBe(OPENAI_MODEL);

    const opened = await h.next('policies.breaker', (e) => e.scope === 'model' && e.name === CHEAP);
    expect(opened).toMatchObject({ state: 'open', ts: expect.any(Number) });
    // Both failures were the anthropic provider's too.
    await h.next('policies.breaker', (e) => e.scope === 'provider' && e.name === 'anthropic' && e.state === 'open');
    const alert = await h.next('alerts.fired', (a) => a.kind === 'breaker');
    expect(alert).toMatchObject({ rule: `breaker:model:${CHEAP}`, severity: 'warning', message: expect.stringContaining(CHEAP) });

    // More traffic while nothing changes state pushes nothing more: the next stats event comes
    // after these requests, and no breaker event arrived before it.
    const before = breakerEvents().length;
    expect(await ask()).toBe(OPENAI_MODEL);
    const sent = Date.now();
    // Events keep their order on one stream.
    await expect.poll(() => stream.some((s) => s.event === 'stats.changed' && (s.payload as { lastTs: number }).lastTs >= sent - 1000), { timeout: 10_000 }).toBe(true);
    expect(breakerEvents().length).toBe(before);
  });

  it('pushes half-open when the cooldown lets a probe through and closed when it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h.mock.reset();
    vi.setSystemTime(Date.now() + 61_000);
    expect(await ask()).toBe(CHEAP);
    await h.next('policies.breaker', (e) => e.scope === 'provider' && e.name === 'anthropic' && e.state === 'half-open');
    await h.next('policies.breaker', (e) => e.scope === 'model' && e.name === CHEAP && e.state === 'half-open');
    await h.next('policies.breaker', (e) => e.scope === 'model' && e.name === CHEAP && e.state === 'closed');
    await h.next('policies.breaker', (e) => e.scope === 'provider' && e.name === 'anthropic' && e.state === 'closed');
    expect((await h.client.invoke('policies.status')).breakers.filter((b) => b.state !== 'closed')).toEqual([]);
  });

  it('pushes the budget level when spend crosses the warning threshold, with the standing then', async () => {
    // Claude Haiku 4.5 at $1/$5 per million: $0.825 of the $1 daily limit in one answer, so the
    // next request's plan sees 82% and warns.
    h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 75_000, output: 150_000 } } }, { model: CHEAP });
    await ask();
    await expect.poll(async () => (await h.client.invoke('policies.status')).budget?.mode).toBe('warn');
    await ask();
    const level = await h.next('policies.budget');
    expect(level).toMatchObject({ window: 'daily', mode: 'warn', limitUsd: 1 });
    expect(level.spentUsd).toBeGreaterThanOrEqual(0.75);
    const alert = await h.next('alerts.fired', (a) => a.kind === 'budget');
    expect(alert.rule).toBe('budget:daily:warn');
  });
});
