import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src-main/core/config/load';
import { createRouter } from '../../src-main/core/router/create';
import { openTracker } from '../../src-main/core/tracker';
import type { RequestRecord } from '../../src-shared/routing';
import { createServer, type RunningServer, type ServerOptions } from '../../src-main/server/server';
import { mockModelsAndRoutes } from './mock-config';
import { startMockUpstream, type MockUpstream } from './mock-upstream';

/** Provider keys the router sends to the mock upstream; they must never come back to a client. */
export const UPSTREAM_KEY = 'sk-upstream-SECRET-0123456789';

/** How long the proxy waits on a silent upstream. */
export const UPSTREAM_TIMEOUT_MS = 5000;
export { CHEAP, OPENAI_MODEL } from './mock-config';

/** The scenario tests' config: the mock upstream as both providers, over `mockModelsAndRoutes`. */
export function proxyConfig(mock: MockUpstream, strategy: 'rules' | 'embeddings' = 'rules'): string {
  return `
providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
  openai: { base_url: ${mock.openaiBaseUrl} }
provider: { max_retries: 0, timeout_ms: ${UPSTREAM_TIMEOUT_MS} }
classifier: { strategy: ${strategy} }
tracking: { database: ./mmrouter.db, flush_interval_ms: 20 }
# The scenario tests share one proxy and each assumes no earlier failures; breakers have their own tests.
breaker: { enabled: false }
${mockModelsAndRoutes()}`;
}

export interface ProxyHarness {
  mock: MockUpstream;
  server: RunningServer;
  /** OpenAI SDK base URL. */
  openaiBase: string;
  /** Anthropic SDK base URL. */
  anthropicBase: string;
  dbPath: string;
  /** Waits until the write-behind tracker has stored the request, then returns it. */
  record(id: string): Promise<RequestRecord>;
  close(): Promise<void>;
}

/** `config` writes the YAML for the mock upstream's URLs; the default is `proxyConfig`. */
export async function startProxy(
  opts: Partial<Omit<ServerOptions, 'router'>> = {},
  strategy: 'rules' | 'embeddings' = 'rules',
  config: (mock: MockUpstream) => string = (m) => proxyConfig(m, strategy),
): Promise<ProxyHarness> {
  const mock = await startMockUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-proxy-'));
  const configPath = join(dir, 'mmrouter.yaml');
  const yaml = config(mock);
  writeFileSync(configPath, yaml);
  const env = { ANTHROPIC_API_KEY: UPSTREAM_KEY, OPENAI_API_KEY: UPSTREAM_KEY };
  const loaded = parseConfig(yaml, configPath, env);
  const router = await createRouter(loaded, { source: 'proxy', env });
  // A second connection to the same WAL database, as the GUI would read it.
  const reader = openTracker({ path: loaded.databasePath, flushIntervalMs: 20 });
  const server = await createServer({ router, feedback: reader.feedback, host: '127.0.0.1', port: 0, ...opts });
  return {
    mock,
    server,
    openaiBase: `${server.url}/v1`,
    anthropicBase: server.url,
    dbPath: loaded.databasePath,
    record: (id) => waitForRecord(reader.log, id),
    async close() {
      await server.close();
      await reader.close();
      await mock.close();
    },
  };
}

/** Waits (up to 3 s) until the write-behind tracker has stored request `id`, then returns it. */
export async function waitForRecord(log: { get(id: string): RequestRecord | undefined }, id: string): Promise<RequestRecord> {
  for (let i = 0; i < 300; i++) {
    const r = log.get(id);
    if (r) return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`request ${id} never reached the tracker`);
}

/** Raw HTTP to the proxy, for what the SDKs would never send. */
export async function post(url: string, body: string | object, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
