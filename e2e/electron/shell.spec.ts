import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectron } from '../../scripts/electron-binary.cjs';
import type { TrayAction, TrayView } from '../../src-main/app/tray-menu';
import type { Envelope } from '../../src-shared/contract/errors';
import { freePort, occupyPort } from '../../test/support/ports';

const root = join(__dirname, '..', '..');
const electron = findElectron();
if (!electron.path) process.stderr.write(`Electron e2e skipped: ${electron.reason}\n`);
test.skip(!electron.path, `no runnable Electron here: ${electron.reason}`);

/** What the page sees of the preload, and the main-process hook the app installs under MMROUTER_E2E. */
interface Bridge {
  invoke(channel: string, payload: unknown): Promise<Envelope>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}
type PageGlobals = { mmrouter: Bridge };
type MainGlobals = { mmrouterTest: { trayView(): TrayView | undefined; trayRun(action: TrayAction): void } };

const invoke = (channel: string, payload: unknown) => page.evaluate(([c, p]) => (globalThis as unknown as PageGlobals).mmrouter.invoke(c as string, p), [channel, payload] as const);
const trayRun = (action: TrayAction) => app.evaluate((_electron, a) => (globalThis as unknown as MainGlobals).mmrouterTest.trayRun(a), action);
const trayLabels = () => app.evaluate(() => (globalThis as unknown as MainGlobals).mmrouterTest.trayView()?.items.map((i) => ('label' in i ? i.label : '')).join('\n'));
const trayIcon = () => app.evaluate(() => (globalThis as unknown as MainGlobals).mmrouterTest.trayView()?.icon);

const modelsStatus = (port: number) => fetch(`http://127.0.0.1:${port}/v1/models`).then((r) => r.status, () => 0);

let app: ElectronApplication;
let page: Page;
let port: number;

test.beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  port = await freePort();
  app = await _electron.launch({
    executablePath: electron.path,
    args: [join(root, 'out', 'main', 'index.js')],
    env: { ...process.env, MMROUTER_E2E: '1', MMROUTER_USER_DATA: mkdtempSync(join(tmpdir(), 'mmrouter-e2e-')), MMROUTER_PROXY_PORT: String(port) },
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
});

test('the window opens on our renderer with no Node in the page', async () => {
  await expect(page).toHaveTitle(/mmrouter/);
  expect(page.url()).toMatch(/^app:\/\/mmrouter\//);
  expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).mmrouter).sort())).toEqual(['invoke', 'on']);
});

test('IPC round trip: app.info answers from main', async () => {
  const info = await invoke('app.info', {});
  expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
});

test('a channel outside the contract and a bad payload are refused', async () => {
  expect(await invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  expect(await invoke('proxy.setEnabled', { enabled: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'enabled' } });
});

test('the page cannot navigate away or open windows', async () => {
  const before = page.url();
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  // http, not https: an https link would be handed to the user's browser.
  expect(await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('http://example.com/') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('the tray toggle starts and stops the proxy, and the window hears of it', async () => {
  const heard = page.evaluate(() => new Promise((resolve) => (globalThis as unknown as PageGlobals).mmrouter.on('proxy.status', (s) => (s as { running: boolean }).running && resolve(s))));
  await trayRun('toggle-proxy');
  await expect.poll(() => modelsStatus(port)).toBe(200);
  await expect(heard).resolves.toMatchObject({ running: true, port });
  expect(await trayIcon()).toBe('tray-on');

  await trayRun('toggle-proxy');
  await expect.poll(() => modelsStatus(port)).toBe(0);
  expect(await trayIcon()).toBe('tray-off');
});

test('a port in use is reported in the tray, and the proxy stays off', async () => {
  const squatter = await occupyPort(port);
  try {
    await trayRun('toggle-proxy');
    await expect.poll(trayLabels).toContain(`port ${port} is in use`);
    expect(await trayIcon()).toBe('tray-off');
  } finally {
    await squatter.release();
  }
});

test('the tray shows the breakers from the core (on by default, none failed at start)', async () => {
  await expect.poll(trayLabels).toContain('Breakers: all closed');
});

test("the tray's Budget & breakers item shows that page in the open window", async () => {
  await trayRun('open-budget');
  await expect.poll(() => page.url()).toMatch(/#\/budget$/);
  await expect(page.getByRole('heading', { name: 'Budget & breakers' })).toBeVisible();
});

test('closing the window leaves the app running in the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
  await trayRun('open-window');
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([true]);
});
