import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, nativeTheme, net, protocol, shell, type Session } from 'electron';
import { APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, isOwnPage, isSafeExternalUrl, mainWindowOptions, rendererFileFor, rendererOrigin } from './security';

/**
 * Must run before the app is ready: our scheme behaves like https (origin, fetch, secure context).
 * Not corsEnabled: the page loads only its own origin, and without it no other origin can read ours.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Locks down every web contents the app ever creates: no navigation away from our renderer, no
 * new windows (https links go to the user's browser), no <webview>, no permission granted.
 */
export function hardenWebContents(ses: Session, devServerUrl: string | undefined): void {
  const origin = rendererOrigin(devServerUrl);
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url, origin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url, origin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  if (devServerUrl) {
    // The dev server's responses get the same policy as our scheme's.
    const csp = contentSecurityPolicy(devServerUrl);
    ses.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
}

/** Serves the built renderer on app://mmrouter/, with the CSP header on every response. */
export function serveRenderer(rendererDir: string): void {
  const csp = contentSecurityPolicy(undefined);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, join);
    if (!file) return new Response('not found', { status: 404 });
    let res = await net.fetch(pathToFileURL(file).toString()).catch(() => undefined);
    // A path with no file behind it is one of the GUI's own routes: answer with the page.
    if (!res?.ok) res = await net.fetch(pathToFileURL(join(rendererDir, 'index.html')).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

export interface MainWindowOptions {
  preload: string;
  devServerUrl: string | undefined;
  icon: string;
  /** Asked when the user closes the window: true lets it close, false hides it to the tray. */
  mayClose: () => boolean;
  /** The GUI page to open on (its hash route, e.g. `budget`); the Playground when absent. */
  page?: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({ ...mainWindowOptions(opts.preload, nativeTheme.shouldUseDarkColors), icon: opts.icon });
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (opts.mayClose()) return;
    event.preventDefault();
    win.hide();
  });
  void win.loadURL(`${opts.devServerUrl ?? `${APP_ORIGIN}/index.html`}${opts.page ? `#/${opts.page}` : ''}`);
  return win;
}

/** Switches an open window to another GUI page: only the hash changes, so the page does not reload. */
export function showPage(win: BrowserWindow, page: string): void {
  const url = new URL(win.webContents.getURL());
  url.hash = `/${page}`;
  void win.loadURL(url.href);
}

