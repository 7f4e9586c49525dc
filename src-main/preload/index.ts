/**
 * The only bridge between the page and main: `window.mmrouter.invoke(channel, payload)` for the
 * contract's operations and `window.mmrouter.on(event, cb)` for its events. Nothing of Electron or
 * Node reaches the page; a channel or event the contract does not declare never leaves this file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope } from '../../src-shared/contract/errors';
import { isEventName } from '../../src-shared/contract/events';
import { isOperationName } from '../../src-shared/contract/operations';

const bridge = {
  invoke(channel: string, payload: unknown): Promise<Envelope> {
    if (typeof channel !== 'string' || !isOperationName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_operation', message: `unknown operation '${String(channel)}'` } });
    }
    return ipcRenderer.invoke(channel, payload) as Promise<Envelope>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !isEventName(event) || typeof listener !== 'function') return () => undefined;
    // The page gets the payload only: the IpcRendererEvent would hand it `sender` (ipcRenderer).
    const forward = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('mmrouter', bridge);
