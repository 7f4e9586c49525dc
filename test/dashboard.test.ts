import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer } from '../src-main/server/api/dashboard-server';
import { startApi, type ApiHarness } from './support/api-harness';

/** A raw request, so tests can send the Host and Origin headers a browser or an attacker would. */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

function builtRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>mmrouter</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("gui")');
  return dir;
}

describe('dashboard without an API key', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ rendererDir: builtRenderer() });
  });
  afterAll(async () => h?.close());

  it('serves the built GUI, its assets, and index.html for the GUI own routes', async () => {
    const index = await get(h.server.url, '/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('<div id="root">');
    expect(await get(h.server.url, '/assets/index-abc123.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log("gui")' });
    expect((await get(h.server.url, '/analytics')).body).toContain('<div id="root">');
  });

  it('never serves a file outside the GUI folder', async () => {
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
      const res = await get(h.server.url, path);
      expect(res.body).not.toMatch(/root:/);
    }
  });

  it('answers the API to this machine only: another Host name or a foreign web origin is refused', async () => {
    expect((await get(h.server.url, '/api/app.info', {}, 'POST')).status).toBe(200);
    expect((await get(h.server.url, '/api/app.info', { host: 'evil.example:8000' }, 'POST')).status).toBe(403);
    expect((await get(h.server.url, '/api/app.info', { origin: 'https://evil.example' }, 'POST')).status).toBe(403);
    expect((await get(h.server.url, '/api/app.info', { origin: 'http://localhost:5173' }, 'POST')).status).toBe(200);
  });

  it('refuses to listen beyond loopback without a key', async () => {
    await expect(startDashboardServer({ core: h.core, host: '0.0.0.0', port: 0, rendererDir: null })).rejects.toThrow(/without an API key.*MMROUTER_API_KEY/);
  });
});

describe('dashboard with MMROUTER_API_KEY', () => {
  const KEY = 'mmr-dashboard-key-0123';
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ apiKey: KEY, proxyApiKey: KEY, rendererDir: builtRenderer() });
  });
  afterAll(async () => h?.close());

  it('requires the key on /api and on the event stream, and the client that sends it works', async () => {
    const denied = await get(h.server.url, '/api/app.info', {}, 'POST');
    expect(denied.status).toBe(401);
    expect(denied.body).toMatch(/MMROUTER_API_KEY/);
    expect((await get(h.server.url, '/api/app.info', { authorization: 'Bearer wrong' }, 'POST')).status).toBe(401);
    expect((await fetch(`${h.server.url}/api/events`)).status).toBe(401);
    expect((await h.client.invoke('app.info')).mode).toBe('web');
    expect((await get(h.server.url, '/')).status).toBe(200);
  });

  it('accepts the page own origin when reached by another name, still refusing foreign origins', async () => {
    const own = { host: 'mybox.lan:8000', origin: 'http://mybox.lan:8000', authorization: `Bearer ${KEY}` };
    expect((await get(h.server.url, '/api/app.info', own, 'POST')).status).toBe(200);
    expect((await get(h.server.url, '/api/app.info', { ...own, origin: 'http://evil.example' }, 'POST')).status).toBe(403);
  });

  it('requires the key on the proxy it runs too', async () => {
    const { url } = await h.client.invoke('proxy.status');
    expect((await fetch(`${url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
  });
});
