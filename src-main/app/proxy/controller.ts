import type { z } from 'zod';
import type { ProxyStatusSchema } from '../../../src-shared/contract/schemas';
import type { ProxyCommand, ProxySettings, ProxyStatus } from './protocol';

export type ContractProxyStatus = z.infer<typeof ProxyStatusSchema>;

/** Where commands go: the utility process in the app, a ProxyService in process in tests. */
export interface ProxyChannel {
  send(command: ProxyCommand): Promise<ProxyStatus>;
  status(): ProxyStatus;
  /** Stops the proxy (in-flight requests finish, the request log flushes) and releases the process. */
  close(): Promise<void>;
}

/** What the proxy must run with right now; read at every start and reload. */
export interface ProxyInputs {
  /** The config the app routes with now (text, since in demo mode it may exist only in memory). */
  config(): Promise<{ path: string; text: string }>;
  /** Provider keys by environment variable name, decrypted for this one message. */
  keys(): Record<string, string>;
  databasePath: string;
  nativeBinding?: string;
}

export const PROXY_HOST = '127.0.0.1';

/**
 * The proxy as the GUI and the tray see it: on/off at a port, following the app's active config and
 * keys. The server itself runs in another process; this only decides what to send it.
 */
export class DesktopProxy {
  private port: number;

  constructor(
    private readonly channel: ProxyChannel,
    private readonly inputs: ProxyInputs,
    port: number,
  ) {
    this.port = port;
  }

  status(): ContractProxyStatus {
    return toContractStatus(this.channel.status());
  }

  async setEnabled(enabled: boolean, port?: number): Promise<ContractProxyStatus> {
    if (!enabled) return toContractStatus(await this.channel.send({ type: 'stop' }));
    const moving = port !== undefined && port !== this.port && this.channel.status().phase === 'on';
    if (port !== undefined) this.port = port;
    const settings = await this.settings();
    return toContractStatus(await this.channel.send(moving ? { type: 'reload', settings } : { type: 'start', settings }));
  }

  /** The config or the keys changed: a running proxy restarts with them, a stopped one keeps them for later. */
  async reload(): Promise<ContractProxyStatus> {
    return toContractStatus(await this.channel.send({ type: 'reload', settings: await this.settings() }));
  }

  close(): Promise<void> {
    return this.channel.close();
  }

  private async settings(): Promise<ProxySettings> {
    return {
      config: await this.inputs.config(),
      databasePath: this.inputs.databasePath,
      host: PROXY_HOST,
      port: this.port,
      keys: this.inputs.keys(),
      ...(this.inputs.nativeBinding ? { nativeBinding: this.inputs.nativeBinding } : {}),
    };
  }
}

export function toContractStatus(s: ProxyStatus): ContractProxyStatus {
  return { running: s.phase === 'on', url: s.phase === 'on' ? (s.url ?? null) : null, host: PROXY_HOST, port: s.port, error: s.phase === 'failed' ? (s.error ?? 'the proxy failed to start') : null };
}
