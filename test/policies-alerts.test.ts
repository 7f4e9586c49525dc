import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertChannel } from '../src-main/core/alerts/channels';
import { AlertDispatcher } from '../src-main/core/alerts/dispatcher';
import { AlertManager } from '../src-main/core/alerts/manager';
import type { AlertRecord } from '../src-main/core/tracker/ports';
import { AlertsConfigSchema } from '../src-shared/config-schema';
import type { RequestRecord } from '../src-shared/routing';
import { runCli } from './support/cli';
import { HAIKU, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

interface Receiver {
  url: string;
  bodies: { path: string; body: unknown }[];
  /** Requests it holds open without answering. */
  held: ServerResponse[];
  close(): Promise<void>;
}

/** A local webhook receiver: answers 200, or holds every request open when `hang` is set. */
async function startReceiver(hang = false): Promise<Receiver> {
  const bodies: Receiver['bodies'] = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body: JSON.parse(text) });
      if (hang) held.push(res);
      else res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    held,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    id: 'r', ts: 0, source: 'proxy', requestedModel: 'auto', complexity: null, category: null, confidence: null, strategy: null, model: 'm', provider: 'p', upstreamModel: 'm',
    attempts: [], escalated: false, fallback: false, stream: false, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }, costUsd: 0, baselineCostUsd: 0,
    latencyMs: 1, ttftMs: null, status: 'ok', errorClass: null, prompt: null, response: null, ...overrides,
  };
}

function capture(): AlertChannel & { got: AlertRecord[] } {
  const got: AlertRecord[] = [];
  return { name: 'capture', kinds: undefined, got, send: async (a) => void got.push(a) };
}

describe('alert rules', () => {
  let now = 0;
  const config = AlertsConfigSchema.parse({ enabled: true, cooldown_s: 600, window_s: 300, cost_spike_factor: 3, error_rate_threshold: 0.2, min_requests: 10 });
  const make = () => {
    const channel = capture();
    const dispatcher = new AlertDispatcher([channel], { queueSize: 10, timeoutMs: 1000, retries: 0, backoffMs: 10, concurrency: 1, onError: () => undefined });
    return { channel, dispatcher, manager: new AlertManager(config, dispatcher, undefined, () => undefined, () => now) };
  };
  beforeEach(() => (now = Date.UTC(2026, 10, 26, 12)));

  it('fires a cost spike against the trailing hour, not against a quiet start', async () => {
    const { channel, dispatcher, manager } = make();
    // An hour at $0.01 a minute, one request a minute.
    for (let m = 0; m < 60; m++) {
      now += 60_000;
      manager.observe(record({ costUsd: 0.01 }));
    }
    expect(manager.status().rules).toEqual([]);
    // Then $0.02 every 12 s: the five-minute window passes 3x the hour's $0.05 after a few.
    for (let i = 0; i < 10; i++) {
      now += 12_000;
      manager.observe(record({ costUsd: 0.02 }));
    }
    await dispatcher.idle();
    expect(channel.got).toHaveLength(1);
    expect(channel.got[0]).toMatchObject({ rule: 'cost_spike', kind: 'cost_spike', severity: 'warning', details: { baseline_cost_usd: expect.closeTo(0.05, 2) } });
    expect(channel.got[0]!.details.factor).toBeGreaterThan(3);
    expect(channel.got[0]!.details.factor).toBeLessThan(3.5);
  });

  it('fires on an error rate over the threshold once enough requests were seen, then keeps quiet for the cooldown', async () => {
    const { channel, dispatcher, manager } = make();
    for (let i = 0; i < 9; i++) {
      now += 2000;
      manager.observe(record({ status: 'error' }));
    }
    expect(channel.got).toHaveLength(0);
    now += 2000;
    manager.observe(record({ status: 'error' }));
    await dispatcher.idle();
    expect(channel.got.map((a) => a.rule)).toEqual(['error_rate']);
    for (let i = 0; i < 20; i++) {
      now += 2000;
      manager.observe(record({ status: 'error' }));
    }
    await dispatcher.idle();
    expect(channel.got).toHaveLength(1);
    expect(manager.status().suppressed).toBeGreaterThan(0);
    now += 600_000;
    for (let i = 0; i < 10; i++) {
      now += 2000;
      manager.observe(record({ status: 'error' }));
    }
    await dispatcher.idle();
    expect(channel.got).toHaveLength(2);
  });

  it('alerts on a breaker opening and on each budget threshold, each with its own cooldown', async () => {
    const { channel, dispatcher, manager } = make();
    manager.breakerEvent({ scope: 'model', name: 'gpt-4.1', state: 'open', ts: now });
    manager.breakerEvent({ scope: 'model', name: 'gpt-4.1', state: 'closed', ts: now });
    manager.breakerEvent({ scope: 'model', name: 'gpt-4.1', state: 'open', ts: now });
    manager.breakerEvent({ scope: 'provider', name: 'openai', state: 'open', ts: now });
    const budget = { window: 'daily' as const, limitUsd: 10, spentUsd: 9.2, reservedUsd: 0, fraction: 0.92, resetsAt: now + 3_600_000 };
    manager.budgetMode({ ...budget, mode: 'warn' });
    manager.budgetMode({ ...budget, mode: 'downgrade' });
    manager.budgetMode({ ...budget, mode: 'normal' });
    await dispatcher.idle();
    expect(channel.got.map((a) => a.rule)).toEqual(['breaker:model:gpt-4.1', 'breaker:provider:openai', 'budget:daily:warn', 'budget:daily:downgrade']);
    expect(channel.got[3]).toMatchObject({ kind: 'budget', message: 'the daily budget is routing one tier down: $9.20 of $10.00 (92%)' });
  });

  it('keeps a bounded queue and drops the oldest deliveries when a channel cannot keep up', async () => {
    let release: () => void = () => undefined;
    const stuck: AlertChannel = { name: 'stuck', kinds: undefined, send: () => new Promise<void>((r) => (release = r)) };
    const dispatcher = new AlertDispatcher([stuck], { queueSize: 3, timeoutMs: 60_000, retries: 0, backoffMs: 10, concurrency: 1, onError: () => undefined });
    for (let i = 0; i < 10; i++) dispatcher.enqueue({ ts: i, rule: `r${i}`, kind: 'breaker', severity: 'warning', message: '', details: {}, channels: [] });
    expect(dispatcher.stats()).toMatchObject({ inFlight: 1, queued: 3, dropped: 6 });
    release();
    await dispatcher.close(10);
  });
});

describe('alerts through the proxy', () => {
  let p: PolicyProxy;
  let receiver: Receiver;
  afterEach(async () => {
    await p.close();
    await receiver.close();
  });

  const failing = async () => {
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: HAIKU });
    const res = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(Error);
  };

  it('delivers an error-rate alert to a JSON webhook and a Slack one with the payload each expects, then holds it back by its cooldown', async () => {
    receiver = await startReceiver();
    p = await startPolicyProxy(
      `breaker: { enabled: false }\nalerts: { enabled: true, log: false, cooldown_s: 3600, window_s: 60, min_requests: 4, error_rate_threshold: 0.5, webhooks: [{ url: "${receiver.url}/hook" }, { url: "${receiver.url}/slack", format: slack, events: [error_rate] }] }`,
      { routes: routes({ simple: [HAIKU], medium: [HAIKU], complex: [HAIKU] }) },
    );
    for (let i = 0; i < 4; i++) await failing();
    // Rules are evaluated at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    await failing();
    await until(() => receiver.bodies.length === 2, 'two deliveries');
    const json = receiver.bodies.find((b) => b.path === '/hook')!.body;
    expect(json).toEqual({
      source: 'mmrouter',
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      rule: 'error_rate',
      kind: 'error_rate',
      severity: 'critical',
      message: '100% of requests failed in the last 60 s (threshold 50%)',
      details: { error_rate: 1, errors: 5, requests: 5, window_s: 60 },
    });
    const slack = receiver.bodies.find((b) => b.path === '/slack')!.body;
    expect(slack).toMatchObject({ text: ':rotating_light: mmrouter error rate: 100% of requests failed in the last 60 s (threshold 50%)', blocks: [{ type: 'section' }, { type: 'context' }] });

    // Still failing a second later: the rule holds back for its cooldown.
    await new Promise((r) => setTimeout(r, 1100));
    await failing();
    await failing();
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.bodies).toHaveLength(2);
    const status = await p.router.policyStatus();
    expect(status.alerts).toMatchObject({ suppressed: 1, rules: [{ rule: 'error_rate' }], delivery: { delivered: 2, failed: 0 } });
    expect((await p.reader.alerts.recent(10)).map((a) => [a.rule, a.channels])).toEqual([['error_rate', [`webhook:${new URL(receiver.url).host}`, `slack:${new URL(receiver.url).host}`]]]);

    const cli = await runCli(['-c', p.configPath, 'alerts', 'status'], { env: { HOME: p.dir } });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/error_rate +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d{4}-/);
    expect(cli.stdout).toMatch(/critical +error_rate +100% of requests failed/);
  });

  it('answers every request while the webhook hangs: delivery waits, requests do not', async () => {
    receiver = await startReceiver(true);
    p = await startPolicyProxy(`alerts: { enabled: true, log: false, cooldown_s: 0, webhooks: [{ url: "${receiver.url}/hook" }] }\nbreaker: { failure_threshold: 1, cooldown_ms: 60000 }`, {
      routes: routes({ simple: [HAIKU, 'gpt-4o-mini'], medium: [HAIKU, 'gpt-4o-mini'], complex: [HAIKU, 'gpt-4o-mini'] }),
    });
    // The first failure opens HAIKU's breaker and fires an alert at the hanging webhook.
    await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).catch(() => undefined);
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: HAIKU });
    await until(() => receiver.held.length > 0 || p.mock.requests.length > 0, 'the first call');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `Question ${i}?` }] })));
    expect(answers).toHaveLength(20);
    const status = await p.router.policyStatus();
    // The alert is still out at the webhook, unanswered, while all twenty requests were answered.
    expect(receiver.held.length).toBeGreaterThan(0);
    expect(status.alerts?.delivery.delivered).toBe(0);
  });
});

describe('mmrouter alerts test', () => {
  let receiver: Receiver;
  let p: PolicyProxy;
  afterEach(async () => {
    await receiver.close();
    await p.close();
  });

  it('delivers a test alert and records it; refuses a URL that is not http(s) with one line, exit 2, nothing recorded', async () => {
    receiver = await startReceiver();
    p = await startPolicyProxy('');
    const env = { HOME: p.dir };
    const bad = await runCli(['-c', p.configPath, 'alerts', 'test', '--webhook-url', 'ftp://example.com/hook'], { env });
    expect(bad).toMatchObject({ code: 2, stderr: 'mmrouter: webhook URLs must start with http:// or https://, got ftp://…\n' });
    expect(await p.reader.alerts.recent(5)).toEqual([]);

    const ok = await runCli(['-c', p.configPath, 'alerts', 'test', '--webhook-url', `${receiver.url}/slack-like`, '--format', 'slack'], { env });
    expect(ok).toMatchObject({ code: 0, stdout: `Delivered a test alert to slack:${new URL(receiver.url).host} (slack format).\n` });
    expect(receiver.bodies[0]?.body).toMatchObject({ text: expect.stringContaining('test alert from mmrouter') });
    expect((await p.reader.alerts.recent(5)).map((a) => a.kind)).toEqual(['test']);

    const down = await runCli(['-c', p.configPath, 'alerts', 'test', '--webhook-url', 'http://127.0.0.1:9/hook'], { env });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^mmrouter: the test alert did not reach webhook:127\.0\.0\.1:9: /);
  });
});
