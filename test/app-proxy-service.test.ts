import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProxySettings, ProxyStatus } from '../src-main/app/proxy/protocol';
import type { BreakerStatus } from '../src-main/core/policies/breakers';
import type { PolicyEvent } from '../src-main/core/policies/types';
import { ProxyService } from '../src-main/app/proxy/service';
import { openTracker } from '../src-main/core/tracker';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';
import { occupyPort } from './support/ports';
import { CHEAP, OPENAI_MODEL, proxyConfig } from './support/server-harness';

const KEY = 'sk-from-the-key-store-0123456789';

describe('the proxy service the utility process runs', () => {
  let mock: MockUpstream;
  let dir: string;
  let service: ProxyService;
  let pushed: ProxyStatus[];
  let recorded: number[];
  let policy: { event: PolicyEvent; breakers: BreakerStatus[] }[];

  beforeEach(async () => {
    mock = await startMockUpstream();
    dir = mkdtempSync(join(tmpdir(), 'mmrouter-app-proxy-'));
    writeFileSync(join(dir, 'mmrouter.yaml'), proxyConfig(mock));
    pushed = [];
    recorded = [];
    policy = [];
    service = new ProxyService({ status: (s) => pushed.push(s), recorded: (n) => recorded.push(n), policy: (event, breakers) => policy.push({ event, breakers }) });
  });

  afterEach(async () => {
    await service.handle({ type: 'stop' });
    await mock.close();
  });

  const settings = (over: Partial<ProxySettings> = {}): ProxySettings => ({
    config: { path: join(dir, 'mmrouter.yaml'), text: readFileSync(join(dir, 'mmrouter.yaml'), 'utf8') },
    databasePath: join(dir, 'app.db'),
    host: '127.0.0.1',
    port: 0,
    keys: { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY },
    ...over,
  });
  const answers = async (url: string) => (await fetch(`${url}/v1/models`).catch(() => undefined))?.status === 200;

  it('starts, routes with the keys it was handed, records into the app database, and stops', async () => {
    const on = await service.handle({ type: 'start', settings: settings() });
    expect(on.phase).toBe('on');
    const url = on.url ?? '';
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused-by-a-loopback-proxy' });
    const { data: reply, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Prove that there are infinitely many primes, step by step.' }] })
      .withResponse();
    expect(reply.choices[0]?.message.content).toBeTruthy();
    const requestId = response.headers.get('x-mmrouter-request-id') ?? '';
    // Main hears that the proxy recorded a request, so the GUI and the tray can refresh.
    await expect.poll(() => recorded, { timeout: 5000 }).toEqual([1]);
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

    const off = await service.handle({ type: 'stop' });
    expect(off.phase).toBe('off');
    expect(await answers(url)).toBe(false);
    expect(pushed.map((s) => s.phase)).toEqual(['starting', 'on', 'stopping', 'off']);

    // The stop flushed the request log into the database the app reads, not the config's own.
    const reader = openTracker({ path: join(dir, 'app.db'), flushIntervalMs: 50 });
    try {
      expect(reader.log.get(requestId)).toMatchObject({ id: requestId, source: 'proxy:openai' });
    } finally {
      await reader.close();
    }
  });

  it('reports a port in use as a failed status naming the port, and starts once it is free', async () => {
    const { port, release } = await occupyPort();
    const failed = await service.handle({ type: 'start', settings: settings({ port }) });
    expect(failed).toMatchObject({ phase: 'failed', port });
    expect(failed.error).toBe(`port ${port} is in use: stop what uses it or pick another port`);

    await release();
    const on = await service.handle({ type: 'start', settings: settings({ port }) });
    expect(on).toMatchObject({ phase: 'on', port });
    expect(await answers(on.url ?? '')).toBe(true);
  });

  it('serialises commands: start, start, stop sent together leave one server, then none', async () => {
    const [a, b, c] = await Promise.all([service.handle({ type: 'start', settings: settings() }), service.handle({ type: 'start', settings: settings() }), service.handle({ type: 'stop' })]);
    expect(a.phase).toBe('on');
    expect(b).toEqual(a);
    expect(c.phase).toBe('off');
    expect(await answers(a.url ?? '')).toBe(false);
  });

  it('reload applies new keys to a running proxy without the user switching it off', async () => {
    await service.handle({ type: 'start', settings: settings() });
    const on = await service.handle({ type: 'reload', settings: settings({ keys: { OPENAI_API_KEY: 'sk-rotated', ANTHROPIC_API_KEY: 'sk-rotated' } }) });
    expect(on.phase).toBe('on');
    const client = new OpenAI({ baseURL: `${on.url}/v1`, apiKey: 'x' });
    await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Prove that there are infinitely many primes, step by step.' }] });
    expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-rotated');
  });

  it('reload while off leaves it off, at the new port', async () => {
    expect(await service.handle({ type: 'reload', settings: settings({ port: 9123 }) })).toEqual({ phase: 'off', port: 9123 });
  });

  it('an invalid config fails the start with the file and line, and the proxy stays off', async () => {
    const failed = await service.handle({ type: 'start', settings: settings({ config: { path: join(dir, 'broken.yaml'), text: 'providers:\n  openai: {\n' } }) });
    expect(failed.phase).toBe('failed');
    expect(failed.error).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
    expect(failed.error).not.toContain('\n');
  });

  it('tells main when a breaker in the proxy opens, with the breakers as they are then, and nothing while none changes', async () => {
    const text = readFileSync(join(dir, 'mmrouter.yaml'), 'utf8').replace('breaker: { enabled: false }', 'breaker: { failure_threshold: 2, cooldown_ms: 60000 }');
    const on = await service.handle({ type: 'start', settings: settings({ config: { path: join(dir, 'mmrouter.yaml'), text } }) });
    const client = new OpenAI({ baseURL: `${on.url}/v1`, apiKey: 'x' });
    const ask = async () => (await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).withResponse()).response.headers.get('x-mmrouter-model');
    expect(await ask()).toBe(CHEAP);
    expect(policy).toEqual([]);

    mock.enqueue({ kind: 'status', status: 503 }, { model: CHEAP, times: 100 });
    expect(await ask()).toBe(OPENAI_MODEL);
    expect(await ask()).toBe(OPENAI_MODEL);
    await expect.poll(() => policy.filter((p) => p.event.kind === 'breaker').length).toBe(2);
    const opened = policy.find((p) => p.event.kind === 'breaker' && p.event.breaker.scope === 'model');
    expect(opened?.event).toMatchObject({ breaker: { name: CHEAP, state: 'open' } });
    expect(opened?.breakers).toContainEqual(expect.objectContaining({ scope: 'model', name: CHEAP, state: 'open', opens: 1 }));

    // Skipped while open: no call, no state change, nothing more sent to main.
    expect(await ask()).toBe(OPENAI_MODEL);
    expect(policy.filter((p) => p.event.kind === 'breaker')).toHaveLength(2);
  });
});
