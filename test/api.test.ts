import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src-shared/contract/errors';
import { startApi, userConfigText, type ApiHarness } from './support/api-harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApi();
});

afterAll(async () => {
  await h?.close();
});

async function post(path: string, body: string): Promise<{ status: number; json: { error?: { code: string; field?: string; message: string } } }> {
  const res = await fetch(`${h.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as never };
}

describe('/api payload validation', () => {
  it('answers a wrong-typed field with 400 naming it', async () => {
    const res = await post('/api/playground.run', JSON.stringify({ runId: 'r', prompt: 42 }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_input', field: 'prompt' });
  });

  it('rejects the typed client call with an ApiError naming the field', async () => {
    const err = await h.client.invoke('requests.list', { pageSize: 100_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_input', field: 'pageSize' });
  });

  it('answers an unknown operation with 404 and a body that is not JSON with 400', async () => {
    expect((await post('/api/fs.read', '{}')).status).toBe(404);
    const bad = await post('/api/config.get', '{nope');
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/not valid JSON/);
  });
});

describe('config editing', () => {
  it('reports an invalid value at its line and column with the core message', async () => {
    const yaml = readFileSync(h.configPath, 'utf8').replace('max_retries: 0', 'max_retries: -3');
    const line = yaml.split('\n').findIndex((l) => l.includes('max_retries: -3')) + 1;
    const check = await h.client.invoke('config.validate', { yaml });
    expect(check.valid).toBe(false);
    expect(check.errors[0]).toMatchObject({ line, message: expect.stringContaining("'provider.max_retries'") });
    expect(check.errors[0]?.column).toBeGreaterThan(1);
  });

  it('refuses to save broken YAML, names the line, and leaves the file as it was', async () => {
    const before = readFileSync(h.configPath, 'utf8');
    const broken = `${before}\nroutes: [unclosed\n`;
    const out = await h.client.invoke('config.save', { yaml: broken });
    expect(out).toMatchObject({ saved: false, valid: false });
    expect(out.errors[0]?.line).toBe(broken.split('\n').length - 1);
    expect(out.errors[0]?.message).toMatch(/invalid YAML/);
    expect(readFileSync(h.configPath, 'utf8')).toBe(before);
  });

  it('saves the text as written, comments kept, and routes with it at once', async () => {
    const { yaml } = await h.client.invoke('config.get');
    expect(yaml).toContain('# my routing config');
    const before = await h.client.invoke('playground.classify', { prompt: 'What is the capital of France?' });
    expect(before).toMatchObject({ complexity: 'simple', category: 'factual', model: 'claude-haiku-4-5' });

    // The form view's edit: one route cell, through yaml's Document API.
    const edited = await h.client.invoke('config.setRoute', { yaml, complexity: 'simple', category: 'factual', model: 'gpt-4.1' });
    expect(edited.yaml).toContain('# my routing config');
    expect(edited.yaml).toContain('# no retries in tests');
    const saved = await h.client.invoke('config.save', { yaml: edited.yaml });
    expect(saved).toMatchObject({ saved: true, path: h.configPath });
    expect(readFileSync(h.configPath, 'utf8')).toBe(edited.yaml);

    const after = await h.client.invoke('playground.classify', { prompt: 'What is the capital of France?' });
    expect(after.model).toBe('gpt-4.1');
    await h.client.invoke('config.save', { yaml });
  });

  it('lists the shipped presets with their descriptions and reads one', async () => {
    const { presets } = await h.client.invoke('config.get');
    expect(presets.map((p) => p.name)).toEqual(expect.arrayContaining(['default', 'demo', 'openai']));
    expect(presets.find((p) => p.name === 'demo')?.description).toMatch(/simulator/);
    expect((await h.client.invoke('config.preset', { name: 'openai' })).yaml).toMatch(/OPENAI_API_KEY/);
    await expect(h.client.invoke('config.preset', { name: '../config' })).rejects.toMatchObject({ code: 'not_found', field: 'name' });
  });
});

describe('playground', () => {
  it('streams the answer as events, then records the request with its decision and cost', async () => {
    h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris is the capital of France.', usage: { input: 20, output: 8 } } });
    const tokens: string[] = [];
    const off = h.client.on('playground.token', (t) => t.runId === 'run-1' && tokens.push(t.text));
    const done = h.next('playground.done', (d) => d.runId === 'run-1');
    const result = await h.client.invoke('playground.run', { runId: 'run-1', prompt: 'What is the capital of France?' });
    expect((await done).result.requestId).toBe(result.requestId);
    off();
    expect(tokens.join('')).toBe('Paris is the capital of France.');
    expect(result).toMatchObject({ text: 'Paris is the capital of France.', model: 'claude-haiku-4-5', complexity: 'simple', category: 'factual', tier: 'simple' });
    expect(result.costUsd).toBeCloseTo((20 * 1 + 8 * 5) / 1e6, 12);
    expect(result.decision.reasons.join(' ')).toMatch(/route simple\/factual -> claude-haiku-4-5/);

    const { request, rating } = await h.client.invoke('requests.get', { id: result.requestId });
    expect(request).toMatchObject({ source: 'playground', model: 'claude-haiku-4-5', stream: true, status: 'ok' });
    expect(request.costUsd).toBe(result.costUsd);
    expect(rating).toBeNull();
    await h.client.invoke('feedback.submit', { requestId: result.requestId, rating: 'up' });
    expect((await h.client.invoke('requests.get', { id: result.requestId })).rating).toBe('up');

    const page = await h.client.invoke('requests.list', { search: 'playground' });
    expect(page.items.map((r) => r.id)).toContain(result.requestId);
    const stats = await h.client.invoke('stats.summary', { since: Date.now() - 60_000 });
    expect(stats.summary.requests).toBeGreaterThanOrEqual(1);
    expect(stats.byModel.find((m) => m.key === 'claude-haiku-4-5')?.requests).toBeGreaterThanOrEqual(1);
    expect(stats.daily.at(-1)?.requests).toBeGreaterThanOrEqual(1);
    await h.next('stats.changed');
  });

  it('runs again on a model the user names, skipping classification', async () => {
    const result = await h.client.invoke('playground.run', { runId: 'run-2', prompt: 'What is the capital of France?', model: 'gpt-4.1' });
    expect(result).toMatchObject({ model: 'gpt-4.1', complexity: null });
    expect(result.decision.reasons[0]).toMatch(/explicit model gpt-4.1/);
  });

  it('reports a failed run as playground.error and a rejected call', async () => {
    h.mock.enqueue({ kind: 'status', status: 400, body: { error: { message: 'bad prompt', type: 'invalid_request_error' } } }, { times: 1 });
    const failed = h.next('playground.error', (e) => e.runId === 'run-3');
    await expect(h.client.invoke('playground.run', { runId: 'run-3', prompt: 'What is the capital of France?' })).rejects.toMatchObject({ code: 'upstream' });
    expect((await failed).requestId).toBeTruthy();
    await expect(h.client.invoke('playground.run', { runId: 'run-4', prompt: 'hi', model: 'no-such-model' })).rejects.toMatchObject({ code: 'invalid_input', field: 'model' });
  });

  it('cancels a run the user stops: the upstream call is dropped and the run fails as cancelled', async () => {
    h.mock.enqueue({ kind: 'hang' }, { times: 1 });
    const failed = h.next('playground.error', (e) => e.runId === 'run-5');
    const sent = h.mock.requests.length;
    const run = h.client.invoke('playground.run', { runId: 'run-5', prompt: 'What is the capital of France?' });
    while (h.mock.requests.length === sent) await new Promise((r) => setTimeout(r, 20));
    expect(await h.client.invoke('playground.cancel', { runId: 'run-5' })).toEqual({ cancelled: true });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect((await failed).error.code).toBe('cancelled');
    await expect.poll(() => h.mock.requests[sent]?.cancelledAt).toBeDefined();
    expect(await h.client.invoke('playground.cancel', { runId: 'run-5' })).toEqual({ cancelled: false });
  });

  it('refuses feedback for a request that was never recorded', async () => {
    await expect(h.client.invoke('feedback.submit', { requestId: 'nope', rating: 'down' })).rejects.toMatchObject({ code: 'not_found', field: 'requestId' });
  });
});

describe('models and keys', () => {
  it('lists models with their route cells, prices and key state', async () => {
    const { models, baselineModel } = await h.client.invoke('models.list');
    expect(baselineModel).toBe('gpt-4.1');
    const haiku = models.find((m) => m.name === 'claude-haiku-4-5');
    expect(haiku).toMatchObject({ provider: 'anthropic', keyEnv: 'ANTHROPIC_API_KEY', keyConfigured: true, prices: { input: 1, output: 5 } });
    expect(haiku?.routes).toContainEqual({ complexity: 'simple', category: 'code' });
  });

  it('stores a key, routes with it, and never returns it', async () => {
    const secret = 'sk-ant-typed-in-the-gui-987654321';
    const set = await h.client.invoke('keys.set', { provider: 'anthropic', key: secret });
    expect(set).toEqual({ provider: 'anthropic', providerType: 'anthropic', env: 'ANTHROPIC_API_KEY', set: true, source: 'stored' });
    const check = await h.client.invoke('keys.check', { provider: 'anthropic' });
    expect(check).toMatchObject({ ok: true });
    const sent = h.mock.requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe(secret);
    expect(sent?.body).toMatchObject({ max_tokens: 1 });

    const everything = JSON.stringify([await h.client.invoke('keys.list'), await h.client.invoke('models.list'), await h.client.invoke('app.info'), await h.client.invoke('config.get')]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('sk-ant-test-0123456789');

    const deleted = await h.client.invoke('keys.delete', { provider: 'anthropic' });
    expect(deleted).toMatchObject({ set: true, source: 'env' });
  });

  it('says a key check failed when the provider refuses the key', async () => {
    h.mock.enqueue({ kind: 'status', status: 401 }, { times: 1 });
    const check = await h.client.invoke('keys.check', { provider: 'openai' });
    expect(check.ok).toBe(false);
    expect(check.message).not.toContain('sk-openai-test');
  });
});

describe('proxy control', () => {
  it('stops and starts the proxy: /v1/models stops and starts answering', async () => {
    const on = await h.client.invoke('proxy.status');
    expect(on.running).toBe(true);
    const models = `${on.url}/v1/models`;
    expect((await fetch(models)).status).toBe(200);

    const offEvent = h.next('proxy.status', (s) => !s.running);
    const off = await h.client.invoke('proxy.setEnabled', { enabled: false });
    expect(off).toMatchObject({ running: false, url: null, error: null });
    await offEvent;
    await expect(fetch(models)).rejects.toThrow();

    const again = await h.client.invoke('proxy.setEnabled', { enabled: true, port: on.port });
    expect(again).toMatchObject({ running: true, url: on.url });
    expect((await fetch(models)).status).toBe(200);
  });

  it('reports a port in use instead of crashing, and keeps serving the API', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const status = await h.client.invoke('proxy.setEnabled', { enabled: true, port });
      expect(status).toMatchObject({ running: false, port, error: `port ${port} is in use: stop what uses it or pick another port` });
      expect((await h.client.invoke('proxy.status')).error).toMatch(/in use/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect((await h.client.invoke('proxy.setEnabled', { enabled: true, port: 0 })).running).toBe(true);
  });
});

describe('demo mode', () => {
  it('switches to the simulator config, clearly flagged, and back', async () => {
    const changed = h.next('config.changed', (c) => c.demo);
    const info = await h.client.invoke('demo.set', { enabled: true });
    expect(info).toMatchObject({ demo: true, mode: 'web' });
    expect((await changed).path).toMatch(/demo\.yaml$/);
    const doc = await h.client.invoke('config.get');
    expect(doc).toMatchObject({ demo: true });
    expect(doc.yaml).toMatch(/simulator/);
    const run = await h.client.invoke('playground.run', { runId: 'demo-1', prompt: 'Say hello' });
    expect(run.provider).toBe('simulator');
    expect(run.text).toMatch(/simulated/);

    expect(await h.client.invoke('demo.set', { enabled: false })).toMatchObject({ demo: false });
    expect((await h.client.invoke('config.get')).yaml).toContain('# my routing config');
  });
});

describe('a user config that does not load at start', () => {
  it('opens on the demo, shows the broken file with its error to fix, and routes with it once saved', async () => {
    const b = await startApi({ configText: (mock) => userConfigText(mock).replace('max_retries: 0', 'max_retries: many') });
    try {
      const line = readFileSync(b.configPath, 'utf8').split('\n').findIndex((l) => l.includes('max_retries: many')) + 1;
      const info = await b.client.invoke('app.info');
      expect(info).toMatchObject({ demo: true, configError: { path: b.configPath, line, message: expect.stringContaining("'provider.max_retries'") } });
      const doc = await b.client.invoke('config.get');
      expect(doc).toMatchObject({ demo: true, path: b.configPath, errors: [{ line }] });
      expect(doc.yaml).toContain('max_retries: many');

      const saved = await b.client.invoke('config.save', { yaml: doc.yaml.replace('max_retries: many', 'max_retries: 0') });
      expect(saved.saved).toBe(true);
      const after = await b.client.invoke('app.info');
      expect(after.demo).toBe(false);
      expect(after.configError).toBeUndefined();
      expect((await b.client.invoke('playground.classify', { prompt: 'What is the capital of France?' })).model).toBe('claude-haiku-4-5');
    } finally {
      await b.close();
    }
  });
});
