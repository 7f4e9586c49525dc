import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DesktopProxy } from '../src-main/app/proxy/controller';
import type { ProxyCommand } from '../src-main/app/proxy/protocol';
import { ProxyService } from '../src-main/app/proxy/service';
import { ProxyStatusSchema } from '../src-shared/contract/schemas';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';
import { freePort, occupyPort } from './support/ports';
import { proxyConfig } from './support/server-harness';

const models = async (url: string | null) => (url ? (await fetch(`${url}/v1/models`).catch(() => undefined))?.status : undefined);

describe('the desktop proxy controller (over the service the utility process runs)', () => {
  let mock: MockUpstream;
  let service: ProxyService;
  let keys: Record<string, string>;
  let proxy: DesktopProxy;

  beforeEach(async () => {
    mock = await startMockUpstream();
    const dir = mkdtempSync(join(tmpdir(), 'mmrouter-app-ctl-'));
    writeFileSync(join(dir, 'mmrouter.yaml'), proxyConfig(mock));
    service = new ProxyService({ status: () => undefined, recorded: () => undefined, policy: () => undefined });
    keys = { OPENAI_API_KEY: 'sk-first', ANTHROPIC_API_KEY: 'sk-first' };
    const config = { path: join(dir, 'mmrouter.yaml'), text: readFileSync(join(dir, 'mmrouter.yaml'), 'utf8') };
    const channel = { send: (c: ProxyCommand) => service.handle(c), status: () => service.status(), close: async () => void (await service.handle({ type: 'stop' })) };
    proxy = new DesktopProxy(channel, { config: async () => config, keys: () => keys, databasePath: join(dir, 'app.db') }, await freePort());
  });

  afterEach(async () => {
    await proxy.close();
    await mock.close();
  });

  it('switches on and off, answering in the contract\'s shape', async () => {
    const on = await proxy.setEnabled(true);
    expect(ProxyStatusSchema.parse(on)).toEqual(on);
    expect(on).toMatchObject({ running: true, host: '127.0.0.1', error: null });
    expect(await models(on.url)).toBe(200);
    const off = await proxy.setEnabled(false);
    expect(off).toMatchObject({ running: false, url: null, error: null, port: on.port });
    expect(await models(on.url)).toBeUndefined();
  });

  it('moves a running proxy to another port', async () => {
    const first = await proxy.setEnabled(true);
    const port = await freePort();
    const moved = await proxy.setEnabled(true, port);
    expect(moved).toMatchObject({ running: true, port, url: `http://127.0.0.1:${port}` });
    expect(await models(first.url)).toBeUndefined();
    expect(await models(moved.url)).toBe(200);
  });

  it('reports a port in use as error, not running', async () => {
    const { port, release } = await occupyPort();
    try {
      expect(await proxy.setEnabled(true, port)).toEqual({ running: false, url: null, host: '127.0.0.1', port, error: `port ${port} is in use: stop what uses it or pick another port` });
    } finally {
      await release();
    }
  });

  it('reload hands the running proxy the keys as they are now', async () => {
    const on = await proxy.setEnabled(true);
    keys = { OPENAI_API_KEY: 'sk-second', ANTHROPIC_API_KEY: 'sk-second' };
    await proxy.reload();
    const res = await fetch(`${on.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Prove that there are infinitely many primes, step by step.' }] }) });
    expect(res.status).toBe(200);
    expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-second');
  });
});
