import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, Notification, session } from 'electron';
import { packageRoot } from '../core/package-root';
import { lastLocalDays } from '../core/tracker/local-days';
import type { BreakerStatus } from '../core/policies/breakers';
import type { PolicyEvent } from '../core/policies/types';
import { createAppCore, type AppCore } from '../server/api/app-core';
import { publishPolicyEvent } from '../server/api/policy-events';
import type { EventName, EventPayload } from '../../src-shared/contract/events';
import { appPaths, prepareAppData } from './app-data';
import { registerIpc } from './ipc';
import { electronSqliteBinding } from './native-binding';
import { DesktopProxy, toContractStatus } from './proxy/controller';
import { UtilityProxy } from './proxy/host';
import type { ProxyStatus } from './proxy/protocol';
import { SafeStorageKeyStore } from './safe-storage-keys';
import { readSettings, writeSettings } from './settings-file';
import { rendererOrigin } from './security';
import { AppTray } from './tray';
import { trayPolicies, type TrayAction, type TrayState, type TrayView } from './tray-menu';
import { createMainWindow, hardenWebContents, serveRenderer, showPage } from './window';

/** Where files that ship beside the bundles live: resources/ in a package, the repo under `npm start`. */
function shipped(packaged: string, dev: string): string {
  return app.isPackaged ? join(process.resourcesPath, packaged) : join(packageRoot(), dev);
}

/**
 * The desktop app's composition root: app data, the core behind the contract (shared with
 * `mmrouter dashboard`), the proxy in its utility process, the window, the tray and the IPC. No
 * routing here; everything the GUI can do goes through the contract's handler table.
 */
export async function startDesktop(): Promise<void> {
  // electron-vite sets this under `npm start` (dev); a build serves the renderer on app://.
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const paths = appPaths(app.getPath('userData'));
  prepareAppData(paths, join(packageRoot(), 'configs'));
  const keys = new SafeStorageKeyStore(paths.keys);
  const nativeBinding = electronSqliteBinding(require.resolve);
  const settings = readSettings(paths.settings);
  const port = Number(process.env.MMROUTER_PROXY_PORT) || settings.proxy.port;
  let quitting = false;

  // The proxy's callbacks are wired before the core and the tray exist; they reach them through here.
  const late: { core?: AppCore; tray?: AppTray } = {};
  let trayState: TrayState = { proxy: { phase: 'off', port } };
  const updateTray = (change: Partial<TrayState>) => {
    trayState = { ...trayState, ...change };
    late.tray?.update(trayState);
  };

  // Breaker state lives in the router that saw the failures: the proxy's, in its own process.
  let proxyBreakers: BreakerStatus[] = [];
  const onProxyPolicy = (event: PolicyEvent, breakers: BreakerStatus[]) => {
    proxyBreakers = breakers;
    if (late.core) publishPolicyEvent(late.core.bus, event);
  };
  const onProxyStatus = (s: ProxyStatus) => {
    // A proxy that stops or restarts builds its router afresh, breakers closed.
    if (s.phase !== 'on') proxyBreakers = [];
    late.core?.bus.emit('proxy.status', toContractStatus(s));
    updateTray({ proxy: { phase: s.phase, port: s.port, ...(s.error ? { error: s.error } : {}) } });
    if (s.phase === 'failed' && s.error && Notification.isSupported()) new Notification({ title: 'mmrouter proxy is off', body: s.error }).show();
    // The user's switch and port, for the next run; quitting stops the proxy but is not a choice.
    if ((s.phase === 'on' || s.phase === 'off') && !quitting) writeSettings(paths.settings, { proxy: { enabled: s.phase === 'on', port: s.port } });
  };
  const channel = new UtilityProxy(join(__dirname, 'proxy.js'), { status: onProxyStatus, recorded: (requests, lastTs) => late.core?.bus.emit('stats.changed', { requests, lastTs }), policy: onProxyPolicy }, port);
  const proxy = new DesktopProxy(
    channel,
    {
      config: async () => {
        if (!late.core) throw new Error('the core is not running yet');
        const doc = await late.core.handlers['config.get']({}, {});
        return { path: doc.path, text: doc.yaml };
      },
      keys: () => keys.values(),
      databasePath: paths.database,
      ...(nativeBinding ? { nativeBinding } : {}),
    },
    port,
  );

  // A first run with no key anywhere starts in demo mode, so the GUI answers before any setup.
  const noKeys = !process.env.ANTHROPIC_API_KEY && !process.env.OPENAI_API_KEY && (await keys.list()).length === 0;
  const api = await createAppCore({
    mode: 'electron',
    version: app.getVersion(),
    dataDir: paths.root,
    userConfigPath: paths.userConfig,
    fallbackConfigPath: join(paths.configs, 'default.yaml'),
    presetsDir: paths.configs,
    databasePath: paths.database,
    keyStore: keys,
    demo: noKeys && !existsSync(paths.userConfig),
    proxy: () => proxy,
    // Started below, once the core can tell the proxy which config to run.
    startProxy: false,
    proxyBreakers: () => proxyBreakers,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  late.core = api;

  hardenWebContents(session.defaultSession, devServerUrl);
  if (!devServerUrl) serveRenderer(join(__dirname, '..', 'renderer'));
  let win: BrowserWindow | undefined;
  const showWindow = (page?: string) => {
    if (win && !win.isDestroyed()) {
      if (page) showPage(win, page);
      win.show();
      win.focus();
      return;
    }
    win = createMainWindow({ preload: join(__dirname, '..', 'preload', 'index.js'), devServerUrl, icon: shipped('icon.png', 'build/icons/256x256.png'), mayClose: () => quitting, ...(page ? { page } : {}) });
  };
  registerIpc(api.call, () => ({ webContentsId: win && !win.isDestroyed() ? win.webContents.id : undefined, origin: rendererOrigin(devServerUrl) }));

  const refreshToday = async () => {
    const since = lastLocalDays(1, Date.now())[0]?.start ?? 0;
    const stats = await api.handlers['stats.summary']({ since }, {}).catch(() => undefined);
    if (stats) updateTray({ today: { requests: stats.summary.requests, costUsd: stats.summary.totalCostUsd } });
  };
  // Budget standing and open breakers, re-read when main says they changed (no polling).
  const refreshPolicies = coalesce(async () => updateTray({ policies: trayPolicies(await api.handlers['policies.status']({}, {})) }));
  const reloadProxy = coalesce(() => proxy.reload());
  api.bus.subscribe((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
    if (event === 'stats.changed') void refreshToday();
    if (TRAY_POLICY_EVENTS.has(event)) refreshPolicies();
    if (event === 'config.changed' || event === 'keys.changed') reloadProxy();
    if (event === 'alerts.fired' && Notification.isSupported()) {
      const alert = payload as EventPayload<'alerts.fired'>;
      new Notification({ title: `mmrouter alert (${alert.severity})`, body: alert.message }).show();
    }
  });

  const tray = new AppTray(
    shipped('tray', 'build/tray'),
    {
      'toggle-proxy': () => void proxy.setEnabled(!proxy.status().running).catch(reportError),
      'open-window': () => showWindow(),
      'open-budget': () => showWindow('budget'),
      quit: () => app.quit(),
    },
    trayState,
  );
  late.tray = tray;
  // The day rolls over at midnight without any request to say so.
  setInterval(() => {
    void refreshToday();
    refreshPolicies();
  }, 10 * 60_000).unref();
  void refreshToday();
  refreshPolicies();

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Closing the window keeps the app (and the proxy) running in the tray.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    // The proxy finishes its requests and both processes flush the request log before exit.
    void api.close().finally(() => {
      closed = true;
      tray.destroy();
      app.quit();
    });
  });

  if (process.env.MMROUTER_E2E === '1') {
    const hook: { trayView(): TrayView | undefined; trayRun(action: TrayAction): void } = { trayView: () => tray.current(), trayRun: (action) => tray.run(action) };
    Object.assign(globalThis, { mmrouterTest: hook });
  }

  showWindow();
  if (settings.proxy.enabled) await proxy.setEnabled(true);
}

/** Events after which the tray re-reads the policies: spend (requests), breakers, the budget's level, another config, a proxy restart. */
const TRAY_POLICY_EVENTS = new Set<EventName>(['stats.changed', 'policies.breaker', 'policies.budget', 'config.changed', 'proxy.status']);

function reportError(err: unknown): void {
  process.stderr.write(`mmrouter: ${err instanceof Error ? err.message : String(err)}\n`);
}

/** Runs `task` now, or once more after the running one when asked again meanwhile (events come in bursts). */
function coalesce(task: () => Promise<unknown>): () => void {
  let running: Promise<unknown> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = task()
      .catch(reportError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
