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

/** IPC inside the desktop app (the preload is there), HTTP /api on the page's own origin in a browser. */
export const api: ApiClient = createApiClient(window.mmrouter ? ipcTransport(window.mmrouter) : createHttpTransport({ baseUrl: '' }));
