import type { RouterApi } from '../core/router/types';
import type { FeedbackPort } from './feedback';
import { createServer, type RunningServer } from './server';

export interface ProxyStatus {
  running: boolean;
  /** Base URL without /v1; null when stopped. */
  url: string | null;
  host: string;
  port: number;
  /** Why it is not running, in one line. */
  error: string | null;
}

/**
 * Starts and stops the local proxy. The GUI and the tray drive it through the contract; the
 * implementation decides where the proxy runs (this process, or an Electron utilityProcess).
 */
export interface ProxyController {
  status(): ProxyStatus;
  /** Never throws for a port in use: the status says so. `port` changes the port for this and later starts. */
  setEnabled(enabled: boolean, port?: number): Promise<ProxyStatus>;
  close(): Promise<void>;
}

export interface InProcessProxyOptions {
  /** The router the proxy routes with; its close() is not called when the proxy stops. */
  router: RouterApi;
  feedback: FeedbackPort | undefined;
  host: string;
  port: number;
  apiKey?: string;
  onStatus(status: ProxyStatus): void;
}

/** The proxy on this process's event loop (`mmrouter dashboard`, tests). */
export class InProcessProxyController implements ProxyController {
  private server: RunningServer | undefined;
  private port: number;
  private error: string | null = null;
  /** Serialises start/stop so quick toggles cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: InProcessProxyOptions) {
    this.port = opts.port;
  }

  status(): ProxyStatus {
    const url = this.server?.url ?? null;
    return { running: url !== null, url, host: this.opts.host, port: url ? Number(new URL(url).port) : this.port, error: this.error };
  }

  setEnabled(enabled: boolean, port?: number): Promise<ProxyStatus> {
    const next = this.queue.then(() => (enabled ? this.start(port) : this.stop()));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.setEnabled(false);
  }

  private async start(port: number | undefined): Promise<ProxyStatus> {
    if (port !== undefined && this.server && port !== this.status().port) await this.stopServer();
    if (port !== undefined) this.port = port;
    if (this.server) return this.status();
    try {
      this.server = await createServer({
        router: this.opts.router,
        feedback: this.opts.feedback,
        host: this.opts.host,
        port: this.port,
        // A GUI toggle should not hang behind a long stream; unfinished requests are cut after this.
        drainTimeoutMs: 5_000,
        ...(this.opts.apiKey ? { apiKey: this.opts.apiKey } : {}),
      });
      this.error = null;
    } catch (err) {
      this.error = describeListenError(err, this.opts.host, this.port);
    }
    return this.changed();
  }

  private async stop(): Promise<ProxyStatus> {
    await this.stopServer();
    this.error = null;
    return this.changed();
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  private changed(): ProxyStatus {
    const status = this.status();
    this.opts.onStatus(status);
    return status;
  }
}

function describeListenError(err: unknown, host: string, port: number): string {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  if (code === 'EADDRINUSE') return `port ${port} is in use: stop what uses it or pick another port`;
  if (code === 'EACCES') return `port ${port} needs administrator rights: pick a port above 1023`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine`;
  return err instanceof Error ? err.message : String(err);
}
