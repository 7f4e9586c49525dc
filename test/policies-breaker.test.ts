import { afterEach, describe, expect, it, vi } from 'vitest';
import { BreakerBoard, isBrokenCircuit } from '../src-main/core/policies/breakers';
import { ProviderError } from '../src-main/core/providers/types';
import { BIG, HAIKU, MINI, callsTo, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

const PROMPT = 'What is the capital of France?';
/** Moves the clock the breakers read (Date.now) forward; timers and I/O run as usual. */
function passTime(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe('circuit breakers through the proxy', () => {
  let p: PolicyProxy;
  afterEach(async () => {
    vi.useRealTimers();
    await p.close();
  });

  async function ask(): Promise<{ model: string | null; skipped: string | null }> {
    const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    return { model: response.headers.get('x-mmrouter-model'), skipped: response.headers.get('x-mmrouter-policies') };
  }

  it('stops calling a failing model once its breaker opens, probes it after the cooldown, and closes when the probe succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    p = await startPolicyProxy('breaker: { failure_threshold: 3, cooldown_ms: 60000 }', { routes: routes({ simple: [BIG, HAIKU], medium: [BIG, HAIKU], complex: [BIG, HAIKU] }) });
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: BIG, times: 1_000_000 });

    for (let i = 0; i < 3; i++) expect((await ask()).model).toBe(HAIKU);
    expect(callsTo(p.mock, BIG)).toBe(3);

    // Open: a hundred requests, none of which calls the failing model or waits for it.
    const answers = await Promise.all(Array.from({ length: 100 }, () => ask()));
    for (const r of answers) expect(r).toEqual({ model: HAIKU, skipped: `breaker-skipped=${BIG}` });
    expect(callsTo(p.mock, BIG)).toBe(3);
    expect(callsTo(p.mock, HAIKU)).toBe(103);
    expect((await p.router.policyStatus()).breakers).toContainEqual(expect.objectContaining({ scope: 'model', name: BIG, state: 'open', opens: 1 }));

    // After the cooldown one request probes it; the probe fails, so it opens again at once.
    passTime(61_000);
    await ask();
    expect(callsTo(p.mock, BIG)).toBe(4);
    await ask();
    expect(callsTo(p.mock, BIG)).toBe(4);

    // Healthy again: the next probe closes the breaker and traffic returns.
    p.mock.reset();
    passTime(61_000);
    expect((await ask()).model).toBe(BIG);
    expect((await ask()).model).toBe(BIG);
    expect(callsTo(p.mock, BIG)).toBe(2);
    expect((await p.router.policyStatus()).breakers).toContainEqual(expect.objectContaining({ scope: 'model', name: BIG, state: 'closed', opens: 2 }));
  });

  it('opens a provider breaker for every model of that provider', async () => {
    p = await startPolicyProxy('breaker: { failure_threshold: 2, cooldown_ms: 60000 }', { routes: routes({ simple: [BIG, MINI, HAIKU], medium: [BIG, MINI, HAIKU], complex: [BIG, MINI, HAIKU] }) });
    p.mock.enqueue({ kind: 'status', status: 503 }, { model: BIG, times: 1000 });
    p.mock.enqueue({ kind: 'status', status: 503 }, { model: MINI, times: 1000 });
    // Two requests fail on both OpenAI models: the openai provider has failed four times in a row.
    await ask();
    await ask();
    const before = p.mock.requests.length;
    const r = await ask();
    expect(r.model).toBe(HAIKU);
    expect(p.mock.requests.length - before).toBe(1);
    expect((await p.router.policyStatus()).breakers).toContainEqual(expect.objectContaining({ scope: 'provider', name: 'openai', state: 'open' }));
  });

  it('tries the least recently failed model when every candidate breaker is open, rather than failing without a call', async () => {
    p = await startPolicyProxy('breaker: { failure_threshold: 1, cooldown_ms: 60000 }', { routes: routes({ simple: [BIG, HAIKU], medium: [BIG, HAIKU], complex: [BIG, HAIKU] }) });
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: BIG, times: 1 });
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: HAIKU, times: 1 });
    // BIG fails first, then HAIKU: both breakers open, BIG's failure is the older one.
    await expect(ask()).rejects.toMatchObject({ status: 500 });
    const before = callsTo(p.mock, BIG);
    const r = await ask();
    expect(r.model).toBe(BIG);
    expect(callsTo(p.mock, BIG)).toBe(before + 1);
    expect(callsTo(p.mock, HAIKU)).toBe(1);
  });
});

describe('one breaker board', () => {
  afterEach(() => vi.useRealTimers());
  const config = { enabled: true, failure_threshold: 2, cooldown_ms: 1000 } as const;
  const down = () => Promise.reject(new ProviderError('server', 'upstream answered 503', { status: 503 }));
  const refused = () => Promise.reject(new ProviderError('bad_request', 'a field the model does not take', { status: 400 }));

  async function opened(board: BreakerBoard): Promise<void> {
    for (let i = 0; i < 2; i++) await board.run(MINI, 'openai', down).catch(() => undefined);
  }

  it('lets one probe through after the cooldown and skips every other call meanwhile, without waiting', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const board = new BreakerBoard(config);
    const events: string[] = [];
    board.onEvent((e) => events.push(`${e.scope} ${e.state}`));
    await opened(board);
    expect(board.admits(MINI, 'openai')).toBe(false);
    await expect(board.run(MINI, 'openai', () => Promise.resolve('answer'))).rejects.toSatisfy(isBrokenCircuit);
    vi.setSystemTime(Date.now() + 1000);
    let answer!: (v: string) => void;
    const probe = board.run(MINI, 'openai', () => new Promise<string>((r) => (answer = r)));
    expect(board.admits(MINI, 'openai')).toBe(false);
    await expect(board.run(MINI, 'openai', () => Promise.resolve('second'))).rejects.toSatisfy(isBrokenCircuit);
    answer('probe answer');
    expect(await probe).toBe('probe answer');
    expect(board.admits(MINI, 'openai')).toBe(true);
    expect(events).toEqual(['model open', 'provider open', 'provider half-open', 'model half-open', 'model closed', 'provider closed']);
  });

  it('opens again when the probe fails, and counts only failures that say the upstream is unwell', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const board = new BreakerBoard(config);
    for (let i = 0; i < 5; i++) await board.run(MINI, 'openai', refused).catch(() => undefined);
    expect(board.admits(MINI, 'openai')).toBe(true);
    await opened(board);
    vi.setSystemTime(Date.now() + 1000);
    await board.run(MINI, 'openai', down).catch(() => undefined);
    expect(board.admits(MINI, 'openai')).toBe(false);
    expect(board.status().find((b) => b.scope === 'model')).toMatchObject({ state: 'open', opens: 2 });
    // A probe that fails for the caller's own reason says nothing against the model: it closes.
    vi.setSystemTime(Date.now() + 1000);
    await board.run(MINI, 'openai', refused).catch(() => undefined);
    expect(board.status().map((b) => b.state)).toEqual(['closed', 'closed']);
  });
});
