import { parseConfig } from '../../core/config/load';
import { createRouter } from '../../core/router/create';
import { createServer, type RunningServer } from '../../server/server';
import type { ProxyCommand, ProxySettings, ProxyStatus } from './protocol';

/**
 * The proxy as the utility process runs it: one server + router at a time, started, stopped and
 * reloaded on command. Commands run one after another, so a double click on the tray toggle cannot
 * start two servers. A failed start is a status (shown in the tray and the GUI), never a crash.
 */
export interface ProxyServiceEvents {
  status(status: ProxyStatus): void;
  /** Requests recorded since the last call, at most about once a second. */
  recorded(requests: number, lastTs: number): void;
}

/** How often the proxy tells main that requests were recorded: the GUI's analytics and the tray refresh on it. */
const RECORDED_THROTTLE_MS = 1000;

export class ProxyService {
  private server: RunningServer | undefined;
  private settings: ProxySettings | undefined;
  private current: ProxyStatus;
  private queue: Promise<unknown> = Promise.resolve();
  private recorded = { requests: 0, lastTs: 0, timer: undefined as NodeJS.Timeout | undefined };

  constructor(
    private readonly events: ProxyServiceEvents,
    defaultPort = 8080,
  ) {
    this.current = { phase: 'off', port: defaultPort };
  }

  status(): ProxyStatus {
    return this.current;
  }

  handle(command: ProxyCommand): Promise<ProxyStatus> {
    const run = (): Promise<ProxyStatus> => {
      switch (command.type) {
        case 'start':
          return this.start(command.settings);
        case 'stop':
          return this.stop();
        case 'reload':
          return this.reload(command.settings);
        case 'status':
          return Promise.resolve(this.current);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async start(settings: ProxySettings): Promise<ProxyStatus> {
    this.settings = settings;
    if (this.server) return this.current;
    this.set({ phase: 'starting', port: settings.port });
    try {
      this.server = await listen(settings, (ts) => this.onRecord(ts));
      return this.set({ phase: 'on', port: Number(new URL(this.server.url).port), url: this.server.url });
    } catch (err) {
      return this.set({ phase: 'failed', port: settings.port, error: startError(err, settings.port) });
    }
  }

  private async stop(): Promise<ProxyStatus> {
    const server = this.server;
    if (!server) return this.set({ phase: 'off', port: this.current.port });
    this.set({ ...this.current, phase: 'stopping' });
    this.server = undefined;
    await server.close();
    return this.set({ phase: 'off', port: this.settings?.port ?? this.current.port });
  }

  private async reload(settings: ProxySettings): Promise<ProxyStatus> {
    if (!this.server) {
      this.settings = settings;
      return this.current.phase === 'failed' ? this.current : this.set({ phase: 'off', port: settings.port });
    }
    await this.stop();
    return this.start(settings);
  }

  private set(status: ProxyStatus): ProxyStatus {
    this.current = status;
    this.events.status(status);
    return status;
  }

  private onRecord(ts: number): void {
    const r = this.recorded;
    r.requests += 1;
    r.lastTs = Math.max(r.lastTs, ts);
    if (r.timer) return;
    r.timer = setTimeout(() => {
      this.events.recorded(r.requests, r.lastTs);
      this.recorded = { requests: 0, lastTs: r.lastTs, timer: undefined };
    }, RECORDED_THROTTLE_MS);
    r.timer.unref();
  }
}

async function listen(s: ProxySettings, onRecord: (ts: number) => void): Promise<RunningServer> {
  // MMROUTER_DB puts the request log where the app keeps it, whatever the config says.
  const env = { ...process.env, ...s.keys, MMROUTER_DB: s.databasePath };
  const loaded = parseConfig(s.config.text, s.config.path, env);
  const router = await createRouter(loaded, {
    source: 'proxy',
    env,
    onRecord: (record) => onRecord(record.ts),
    ...(s.nativeBinding ? { nativeBinding: s.nativeBinding } : {}),
    onTrackerError: (err) => process.stderr.write(`mmrouter proxy: request log: ${err.message}\n`),
  });
  return createServer({ router, feedback: router.feedback, host: s.host, port: s.port }).catch(async (err: unknown) => {
    await router.close();
    throw err;
  });
}

function startError(err: unknown, port: number): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'EADDRINUSE') return `Port ${port} is in use by another program: stop it or choose another port.`;
  if (code === 'EACCES') return `Port ${port} needs privileges this user lacks: choose a port above 1024.`;
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0] ?? message;
}
