import type { Envelope } from '../../src-shared/contract/errors';
import { isOwnPage } from './security';

/** The contract's entry point: validates the input, runs the handler, checks its output; never throws. */
export type CallOperation = (operation: string, input: unknown) => Promise<Envelope>;

/** What an IPC event says about who sent it. */
export interface IpcSender {
  webContentsId: number;
  /** URL of the frame that sent it; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

/** The one page allowed to call main: our window's top frame, showing our renderer. */
export interface TrustedPage {
  webContentsId: number | undefined;
  origin: string;
}

/** Why a sender may not call main, or undefined when it may. */
export function senderRefusal(sender: IpcSender, trusted: TrustedPage): string | undefined {
  if (sender.webContentsId !== trusted.webContentsId) return 'it is not the mmrouter window';
  if (!sender.isMainFrame) return 'it comes from a subframe';
  if (sender.frameUrl === undefined || !isOwnPage(sender.frameUrl, trusted.origin)) return `the page is not mmrouter's (${sender.frameUrl ?? 'no frame'})`;
  return undefined;
}

/** Thrown to the sender (the promise its invoke returns rejects) when it may not call main. */
export class IpcRefused extends Error {
  override readonly name = 'IpcRefused';
}

/**
 * One IPC call: the sender is checked first (nothing of the payload is read for a stranger), then
 * the contract validates the input, runs the handler and checks its output.
 */
export async function answerIpc(call: CallOperation, trusted: TrustedPage, sender: IpcSender, channel: string, payload: unknown): Promise<Envelope> {
  const refusal = senderRefusal(sender, trusted);
  if (refusal) throw new IpcRefused(`mmrouter refused ${channel}: ${refusal}`);
  return call(channel, payload);
}
