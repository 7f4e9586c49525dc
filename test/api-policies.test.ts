import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src-shared/contract/errors';
import { mergeBreakers } from '../src-main/server/api/policies';
import { startApi, userConfigText, type ApiHarness } from './support/api-harness';

// A daily budget small enough that one playground answer moves the gauge.
const withBudget = (text: string) => `${text}\nbudget: { enabled: true, daily_limit_usd: 0.01, timezone: UTC }\nalerts: { enabled: true, log: false, cooldown_s: 600 }\n`;

let h: ApiHarness;
let receiver: Server;
let receiverUrl: string;
const received: unknown[] = [];

beforeAll(async () => {
  h = await startApi({ configText: (mock) => withBudget(userConfigText(mock)) });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(req.url === '/refuse' ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => receiver?.close(r));
});

const variant = (name: string, model: string) => {
  const path = join(h.dir, `${name}.yaml`);
  const cells = ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: ${model}`).join('\n');
  writeFileSync(path, `providers:\n  openai: { base_url: ${h.mock.openaiBaseUrl} }\nmodels:\n  ${model}: { provider: openai }\nroutes:\n  simple:\n${cells}\n  medium:\n${cells}\n  complex:\n${cells}\n`);
  return path;
};

describe('policies.status', () => {
  it('shows the daily budget filling after a routed request, with its reset time', async () => {
    const before = await h.client.invoke('policies.status');
    expect(before.budget?.windows[0]).toMatchObject({ window: 'daily', limitUsd: 0.01, spentUsd: 0, mode: 'normal' });
    h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 1000, output: 500 } } });
    const run = await h.client.invoke('playground.run', { runId: 'b-1', prompt: 'What is the capital of France?' });
    const after = await h.client.invoke('policies.status');
    const daily = after.budget?.windows.find((w) => w.window === 'daily');
    expect(daily?.spentUsd).toBeCloseTo(run.costUsd, 12);
    expect(daily?.fraction).toBeCloseTo(run.costUsd / 0.01, 6);
    expect(daily?.resetsAt).toBeGreaterThan(Date.now());
    expect(after).toMatchObject({ breakersEnabled: false, cascadeEnabled: false });
  });
});

describe('experiments', () => {
  it('creates one between two configs, lists it, reports both variants, and stops it', async () => {
    const created = await h.client.invoke('experiments.create', { name: 'mini-vs-41', control: variant('control', 'gpt-4.1'), treatment: variant('treatment', 'gpt-4o-mini'), split: 0.3 });
    expect(created).toMatchObject({ name: 'mini-vs-41', split: 0.3, running: true });
    expect(created.variants.map((v) => v.variant)).toEqual(['control', 'treatment']);
    const { experiments } = await h.client.invoke('experiments.list');
    expect(experiments).toContainEqual(expect.objectContaining({ name: 'mini-vs-41', split: 0.3, controlPath: join(h.dir, 'control.yaml') }));
    // It applies from the next request, not after the periodic refresh.
    const run = await h.client.invoke('playground.run', { runId: 'e-1', prompt: 'What is the capital of Spain?' });
    expect(run.decision.reasons.join(' ')).toMatch(/experiment mini-vs-41: (control|treatment) routes/);
    // The request log writes behind: the status counts it once it is flushed.
    await vi.waitFor(async () => {
      const status = await h.client.invoke('experiments.status', { name: 'mini-vs-41' });
      expect(status.variants.reduce((n, v) => n + v.requests, 0)).toBe(1);
    });
    const stopped = await h.client.invoke('experiments.stop', { name: 'mini-vs-41' });
    expect(stopped.running).toBe(false);
    await expect(h.client.invoke('experiments.stop', { name: 'mini-vs-41' })).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('names the field at fault and stores nothing', async () => {
    const control = variant('control', 'gpt-4.1');
    const bad = (input: Record<string, unknown>) => h.client.invoke('experiments.create', { name: 'bad', control, treatment: control, split: 0.5, ...input } as never).catch((e: unknown) => e);
    expect(await bad({ split: 1.5 })).toMatchObject({ code: 'invalid_input', field: 'split' });
    expect(await bad({ treatment: join(h.dir, 'missing.yaml') })).toMatchObject({ code: 'invalid_input', field: 'treatment', message: expect.stringContaining('missing.yaml') });
    // A preset routing to models this config does not define.
    const err = await bad({ control: 'budget' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_input', field: 'control', message: expect.stringContaining('claude-sonnet-4-6') });
    expect(await bad({ name: 'no spaces please' })).toMatchObject({ code: 'invalid_input', field: 'name' });
    expect((await h.client.invoke('experiments.list')).experiments.map((e) => e.name)).not.toContain('bad');
    await expect(h.client.invoke('experiments.status', { name: 'nope' })).rejects.toMatchObject({ code: 'not_found', field: 'name' });
  });
});

describe('alerts', () => {
  it('delivers a test alert to a webhook and lists it in the history', async () => {
    const sent = await h.client.invoke('alerts.test', { webhookUrl: `${receiverUrl}/hook` });
    expect(sent).toMatchObject({ format: 'json', channel: `webhook:${new URL(receiverUrl).host}` });
    expect(received.at(-1)).toMatchObject({ source: 'mmrouter', kind: 'test' });
    const list = await h.client.invoke('alerts.list');
    expect(list).toMatchObject({ enabled: true, cooldownS: 600 });
    expect(list.recent[0]).toMatchObject({ rule: 'test', kind: 'test', channels: [sent.channel] });
    expect(list.fired).toContainEqual(expect.objectContaining({ rule: 'test', quietUntil: list.recent[0]!.ts + 600_000 }));
  });

  it('refuses a URL that is not http(s), and says why a webhook did not take it, recording nothing', async () => {
    const before = (await h.client.invoke('alerts.list')).recent.length;
    await expect(h.client.invoke('alerts.test', { webhookUrl: 'ftp://example.com/hook' })).rejects.toMatchObject({ code: 'invalid_input', field: 'webhookUrl' });
    await expect(h.client.invoke('alerts.test', { webhookUrl: `${receiverUrl}/refuse` })).rejects.toMatchObject({ code: 'upstream', field: 'webhookUrl', message: expect.stringContaining('HTTP 500') });
    expect((await h.client.invoke('alerts.list')).recent.length).toBe(before);
  });
});

describe('breakers of the window and of the proxy process (the desktop app)', () => {
  it('shows each model once, in its worse state, with the latest failure and both counts of openings', () => {
    const window = [
      { scope: 'model' as const, name: 'gpt-4.1', state: 'closed' as const, opens: 1, lastFailureAt: 100, openedAt: 90 },
      { scope: 'provider' as const, name: 'openai', state: 'closed' as const, opens: 0, lastFailureAt: 100 },
    ];
    const proxy = [
      { scope: 'model' as const, name: 'gpt-4.1', state: 'open' as const, opens: 2, lastFailureAt: 300, openedAt: 290 },
      { scope: 'model' as const, name: 'claude-haiku-4-5', state: 'half-open' as const, opens: 1, openedAt: 50 },
    ];
    expect(mergeBreakers(window, proxy)).toEqual([
      { scope: 'model', name: 'gpt-4.1', state: 'open', opens: 3, lastFailureAt: 300, openedAt: 290 },
      { scope: 'provider', name: 'openai', state: 'closed', opens: 0, lastFailureAt: 100 },
      { scope: 'model', name: 'claude-haiku-4-5', state: 'half-open', opens: 1, openedAt: 50 },
    ]);
    expect(mergeBreakers(proxy, window).find((b) => b.name === 'gpt-4.1')?.state).toBe('open');
  });
});
