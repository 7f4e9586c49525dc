import type { Config } from '../../../src-shared/config-schema';
import type { AlertHistory } from '../tracker/ports';
import { logChannel, webhookChannel, type AlertChannel } from './channels';
import { AlertDispatcher, DEFAULT_DISPATCH } from './dispatcher';
import { AlertManager } from './manager';

/** The alert rules with their dispatcher, closed together. */
export interface Alerts extends AlertManager {
  close(): Promise<void>;
}

export function alertChannels(config: Config['alerts']): AlertChannel[] {
  const channels = config.webhooks.map((w) => webhookChannel(w.url, w.format, w.events));
  if (config.log) channels.push(logChannel());
  return channels;
}

export function createAlerts(config: Config['alerts'], history: AlertHistory | undefined, onError: (err: Error) => void): Alerts {
  const dispatcher = new AlertDispatcher(alertChannels(config), { ...DEFAULT_DISPATCH, onError });
  const manager = new AlertManager(config, dispatcher, history, onError);
  return Object.assign(manager, { close: () => dispatcher.close() });
}
