import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApiClient, type ApiClient } from '../../src-shared/contract/client';
import type { EventName, EventPayload } from '../../src-shared/contract/events';
import { createHttpTransport } from '../../src-shared/contract/http-transport';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/server/api/app-core';
import { startDashboardServer, type DashboardServer } from '../../src-main/server/api/dashboard-server';
import { startMockUpstream, type MockUpstream } from './mock-upstream';
import { proxyConfig } from './server-harness';

export const PRESETS_DIR = resolve(__dirname, '../../configs');

export interface ApiHarness {
  mock: MockUpstream;
  core: AppCore;
  server: DashboardServer;
  client: ApiClient;
  dir: string;
  configPath: string;
  /** The next event of that name (and matching `where`), or a rejection after `timeoutMs`. */
  next<E extends EventName>(event: E, where?: (p: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

/** The user's config as written by hand: comments the GUI must keep. */
export function userConfigText(mock: MockUpstream): string {
  return `# my routing config — keep this comment\n${proxyConfig(mock).replace('provider: { max_retries: 0', '# no retries in tests\nprovider: { max_retries: 0')}`;
}

/**
 * The GUI's backend as `mmrouter dashboard` runs it, over real HTTP on 127.0.0.1, with the mock
 * upstream behind the router and the client every web GUI uses.
 */
export async function startApi(opts: Partial<AppCoreOptions> & { apiKey?: string; rendererDir?: string; configText?: (mock: MockUpstream) => string } = {}): Promise<ApiHarness> {
  const { apiKey, rendererDir, configText, ...coreOpts } = opts;
  const mock = await startMockUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-api-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, (configText ?? userConfigText)(mock));
  const core = await createAppCore({
    mode: 'web',
    version: 'test',
    dataDir: dir,
    userConfigPath: configPath,
    fallbackConfigPath: configPath,
    presetsDir: PRESETS_DIR,
    databasePath: join(dir, 'mmrouter.db'),
    env: { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789', OPENAI_API_KEY: 'sk-openai-test-0123456789' },
    proxyPort: 0,
    ...coreOpts,
  });
  const server = await startDashboardServer({ core, host: '127.0.0.1', port: 0, rendererDir: rendererDir ?? null, ...(apiKey ? { apiKey } : {}) });
  const transport = createHttpTransport({ baseUrl: server.url, ...(apiKey ? { apiKey } : {}) });
  const client = createApiClient(transport);
  // Subscribe at once, so no event of the test is missed while the stream connects.
  const seen: { event: string; payload: unknown }[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = transport.subscribe((event, payload) => {
    seen.push({ event, payload });
    for (const w of waiters) w();
  });
  await waitForStream(core);
  return {
    mock,
    core,
    server,
    client,
    dir,
    configPath,
    next: (event, where = () => true, timeoutMs = 20_000) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const i = seen.findIndex((s) => s.event === event && where(s.payload as never));
          if (i === -1) return;
          const [hit] = seen.splice(i, 1);
          waiters.delete(check);
          clearTimeout(timer);
          resolvePromise(hit?.payload as never);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      unsubscribe();
      await server.close();
      await core.close();
      await mock.close();
    },
  };
}

/** Waits until the event stream is connected (its subscription is on the bus). */
async function waitForStream(core: AppCore): Promise<void> {
  for (let i = 0; i < 500 && core.bus.listenerCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
  if (core.bus.listenerCount === 0) throw new Error('the event stream did not connect');
}
