import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome, writeFile } from './support/cli';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';

/** A forward proxy that only tunnels (CONNECT), as corporate proxies do; it remembers each target. */
function startTunnelProxy(): Promise<{ server: Server; url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets })));
}

describe('upstream calls behind an HTTP proxy', () => {
  let mock: MockUpstream;
  let proxy: Awaited<ReturnType<typeof startTunnelProxy>>;
  let home: string;
  let config: string;

  beforeAll(async () => {
    mock = await startMockUpstream();
    proxy = await startTunnelProxy();
    home = tempHome();
    config = writeFile(
      home,
      'mmrouter.yaml',
      `providers:\n  openai: { base_url: ${mock.openaiBaseUrl} }\nmodels:\n  gpt-4o-mini: { provider: openai }\nroutes:\n${['simple', 'medium', 'complex'].map((t) => `  ${t}: { factual: { model: gpt-4o-mini }, reasoning: { model: gpt-4o-mini }, creative: { model: gpt-4o-mini }, code: { model: gpt-4o-mini } }`).join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await mock.close();
    await new Promise((resolve) => proxy.server.close(resolve));
  });
  beforeEach(() => {
    mock.reset();
    proxy.targets.length = 0;
  });

  const env = (extra: Record<string, string>) => ({ HOME: home, OPENAI_API_KEY: 'test-openai-key', ...extra });
  const upstreamHost = () => new URL(mock.openaiBaseUrl).host;

  it('tunnels through the proxy named by HTTP_PROXY', async () => {
    const res = await runCli(['-c', config, 'route', '-m', 'gpt-4o-mini', 'Say hi'], { env: env({ HTTP_PROXY: proxy.url }) });
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Mock answer from gpt-4o-mini');
    expect(proxy.targets).toEqual([upstreamHost()]);
    expect(mock.requests).toHaveLength(1);
  });

  it('goes direct to hosts listed in NO_PROXY, and when no proxy is set', async () => {
    const bypass = await runCli(['-c', config, 'route', '-m', 'gpt-4o-mini', 'Say hi'], { env: env({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }) });
    const plain = await runCli(['-c', config, 'route', '-m', 'gpt-4o-mini', 'Say hi'], { env: env({}) });
    expect([bypass.code, plain.code]).toEqual([0, 0]);
    expect(proxy.targets).toEqual([]);
    expect(mock.requests).toHaveLength(2);
  });
});
