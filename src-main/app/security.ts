import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The renderer is served from this privileged scheme rather than file://, so that the page has a
 * real origin: CSP's 'self' and the IPC sender check then mean exactly "our bundled GUI".
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://mmrouter`;

/** Where the renderer lives: our scheme in a build, electron-vite's dev server under `npm start`. */
export function rendererOrigin(devServerUrl: string | undefined): string {
  return devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
}

/**
 * The main window's options. Everything that keeps web content away from Node is set explicitly,
 * even where it is Electron's default, so that a future default change or an edit here shows up in
 * the unit test rather than in a security review.
 */
export function mainWindowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'mmrouter',
    autoHideMenuBar: true,
    // The GUI's page colour (src-renderer/styles.css --bg), so a resize never flashes white in dark mode.
    backgroundColor: dark ? '#14171c' : '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the training page's drop zone must not replace the app with it.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/**
 * The page's Content-Security-Policy. The renderer talks to main over IPC, so it needs no network
 * at all in a build. In development Vite serves modules from its own origin, pushes updates over a
 * websocket and injects React Refresh's inline preamble, so those are allowed then and only then.
 * Styles allow inline because CodeMirror and recharts set style attributes and inject <style>.
 */
export function contentSecurityPolicy(devServerUrl: string | undefined): string {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined;
  const script = dev ? `'self' 'unsafe-inline' ${dev.origin}` : "'self'";
  const connect = dev ? `'self' ${dev.origin} ws://${dev.host}` : "'self'";
  return [
    "default-src 'none'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/** Whether the window may navigate to `url`: only within the renderer's own origin. */
export function isOwnPage(url: string, origin: string): boolean {
  return originOf(url) === origin;
}

/**
 * Links the user clicks in the GUI (provider docs, pricing pages) open in their browser, but only
 * over https: file:, javascript:, custom schemes and plain http never leave the app.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    // Non-special schemes report "null" as origin in WHATWG URL; build ours from its parts.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Resolves a request for our scheme to a file inside the renderer folder, or undefined when the
 * path tries to climb out of it (`..`, encoded or not) or names another host.
 */
export function rendererFileFor(requestUrl: string, rendererDir: string, join: (...parts: string[]) => string): string | undefined {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) return undefined;
  return join(rendererDir, ...(parts.length ? parts : ['index.html']));
}
