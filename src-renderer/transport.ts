import { EVENT_NAMES, createApiClient, createHttpTransport, type ApiClient, type ApiTransport, type Envelope } from '../src-shared/contract';

/** What the Electron preload exposes: the contract's channels, nothing else. */
interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    mmrouter?: PreloadBridge;
  }
}

function ipcTransport(bridge: PreloadBridge): ApiTransport {
  return {
    call: (operation, input) => bridge.invoke(operation, input),
    subscribe(listener) {
      const offs = EVENT_NAMES.map((name) => bridge.on(name, (payload) => listener(name, payload)));
      return () => offs.forEach((off) => off());
    },
  };
}

const KEY_STORAGE = 'mmrouter.apiKey';

function webClient(apiKey: string | null): ApiClient {
  return createApiClient(createHttpTransport({ baseUrl: '', ...(apiKey ? { apiKey } : {}) }));
}

/** True in the desktop app, where main answers over IPC and no key is ever asked for. */
export const inDesktopApp = window.mmrouter !== undefined;

let client: ApiClient = window.mmrouter ? createApiClient(ipcTransport(window.mmrouter)) : webClient(sessionStorage.getItem(KEY_STORAGE));

/** IPC inside the desktop app (the preload is there), HTTP /api on the page's own origin in a browser. */
export const api: ApiClient = {
  invoke: ((operation, ...args) => client.invoke(operation, ...args)) as ApiClient['invoke'],
  on: ((event, listener) => client.on(event, listener)) as ApiClient['on'],
};

/**
 * Whether /api answers this page: false when a dashboard started with MMROUTER_API_KEY wants the
 * key (HTTP 401), which the page then asks for. The key lives in this tab's session storage only.
 */
export async function webAccess(apiKey?: string): Promise<'ok' | 'needs-key'> {
  if (inDesktopApp) return 'ok';
  const key = apiKey ?? sessionStorage.getItem(KEY_STORAGE);
  const res = await fetch('/api/app.info', { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: '{}' });
  if (res.status === 401) return 'needs-key';
  if (apiKey) {
    sessionStorage.setItem(KEY_STORAGE, apiKey);
    client = webClient(apiKey);
  }
  return 'ok';
}
