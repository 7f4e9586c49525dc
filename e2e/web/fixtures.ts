import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { startMockUpstream, type MockUpstream } from '../../test/support/mock-upstream';
import { mockModelsAndRoutes } from '../../test/support/mock-config';
import { buildRenderer } from './build-renderer';

const ROOT = resolve(__dirname, '../..');
const SCREENSHOTS = join(ROOT, 'e2e/screenshots');

/** A running `mmrouter dashboard` over the real core, with the mock upstream behind it. */
export interface Dashboard {
  url: string;
  /** The proxy's base URL (no /v1). */
  proxyUrl: string;
  configPath: string;
  mock: MockUpstream;
}

/**
 * The config the dashboard starts with: the mock upstream as both providers, prompts stored so the
 * request log can be searched, and comments that a save must keep.
 */
export function dashboardConfig(mock: MockUpstream): string {
  return `# e2e config: the mock upstream answers as Anthropic and as OpenAI.
version: 1

providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }   # mock, not the real API
  openai: { base_url: ${mock.openaiBaseUrl} }
provider: { max_retries: 0, timeout_ms: 5000 }

${mockModelsAndRoutes()}
classifier:
  strategy: rules
  threshold: 0.5

tracking:
  database: ./mmrouter.db
  flush_interval_ms: 20
  store_prompts: true   # the request log search reads prompts
`;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`mmrouter dashboard printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /dashboard on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        done(m[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`mmrouter dashboard exited with ${code}:\n${out}`));
    });
  });
}

interface DashboardOptions {
  providerKeys: boolean;
  apiKey: string | null;
}

async function startDashboard(opts: DashboardOptions): Promise<{ dashboard: Dashboard; stop(): Promise<void> }> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
  await buildRenderer();
  const mock = await startMockUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-e2e-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  const proxyPort = await freePort();
  const configPath = join(dir, 'mmrouter.yaml');
  writeFileSync(configPath, dashboardConfig(mock));
  const child = spawn(process.execPath, [join(ROOT, 'bin/mmrouter.cjs'), '-c', configPath, 'dashboard', '--port', '0', '--proxy-port', String(proxyPort)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      ...(opts.providerKeys ? { ANTHROPIC_API_KEY: 'sk-e2e-anthropic-0123456789', OPENAI_API_KEY: 'sk-e2e-openai-0123456789' } : {}),
      ...(opts.apiKey ? { MMROUTER_API_KEY: opts.apiKey } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child, 60_000);
  return {
    dashboard: { url, proxyUrl: `http://127.0.0.1:${proxyPort}`, configPath, mock },
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      await mock.close();
    },
  };
}

export const test = base.extend<{ shoot(name: string): Promise<void> }, { dashboard: Dashboard; providerKeys: boolean; dashboardApiKey: string | null }>({
  /** Whether the provider keys are in the dashboard's environment; `test.use({ providerKeys: false })` for a new user's first run. */
  providerKeys: [true, { scope: 'worker', option: true }],
  /** MMROUTER_API_KEY for the dashboard, as when it listens beyond this machine. */
  dashboardApiKey: [null, { scope: 'worker', option: true }],
  dashboard: [
    async ({ providerKeys, dashboardApiKey }, use) => {
      const { dashboard, stop } = await startDashboard({ providerKeys, apiKey: dashboardApiKey });
      await use(dashboard);
      await stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  baseURL: async ({ dashboard }, use) => use(dashboard.url),
  // Saves the page as it is now in the light and the dark scheme, as test artefacts (e2e/screenshots/).
  shoot: async ({ page }, use) => {
    await use(async (name: string) => {
      // Away from the page, so no hover state or tooltip is in the picture.
      await page.mouse.move(0, 0);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: null });
    });
  },
});

export { expect } from '@playwright/test';

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The page's API client, for what a test must arrange or check outside the GUI. */
export async function apiCall<T>(page: Page, operation: string, input: unknown = {}): Promise<T> {
  const res = await page.request.post(`/api/${operation}`, { data: input });
  if (!res.ok()) throw new Error(`${operation} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}
