import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES } from '../../src-shared/contract/operations';
import { answerIpc, type CallOperation, type IpcSender, type TrustedPage } from './ipc-gate';

/**
 * One `ipcMain.handle` per operation of the contract, each behind the sender check and the
 * contract's validation. A channel the contract does not declare has no handler, so Electron
 * rejects it. Returns the function that unregisters them.
 */
export function registerIpc(call: CallOperation, trusted: () => TrustedPage): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => answerIpc(call, trusted(), senderOf(event), name, payload));
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(name);
  };
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null };
}
