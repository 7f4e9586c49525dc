import { parseConfig } from '../../core/config/load';
import type { BreakerStatus } from '../../core/policies/breakers';
import type { PolicyEvent } from '../../core/policies/types';
import { createRouter } from '../../core/router/create';
import type { Router } from '../../core/router/router';
import { InProcessProxyController } from '../../server/proxy-controller';
import type { ProxyCommand, ProxySettings, ProxyStatus } from './protocol';

export interface ProxyServiceEvents {
  status(status: ProxyStatus): void;
  /** Requests recorded since the last call, at most about once a second. */
  recorded(requests: number, lastTs: number): void;
  /** A policy changed state, with the router's breakers after the change. */
  policy(event: PolicyEvent, breakers: BreakerStatus[]): void;
}

/** How often the proxy tells main that requests were recorded: the GUI's analytics and the tray refresh on it. */
const RECORDED_THROTTLE_MS = 1000;

/**
 * The proxy as the utility process runs it: a router built from the settings main sends, served by
 * the same controller `mmrouter dashboard` uses in process. Commands run one after another, so a
 * double click on the tray toggle cannot start two servers. A failed start is a status (shown in
 * the tray and the GUI), never a crash.
 */
export class ProxyService {
  private running: InProcessProxyController | undefined;
  private current: ProxyStatus;
  private queue: Promise<unknown> = Promise.resolve();
  private recorded = { requests: 0, lastTs: 0, timer: undefined as NodeJS.Timeout | undefined };
  private policySends: Promise<void> = Promise.resolve();

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
    if (this.running) return this.current;
    this.set({ phase: 'starting', port: settings.port });
    let router: Router;
    try {
      router = await this.buildRouter(settings);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.set({ phase: 'failed', port: settings.port, error: message.split('\n', 1)[0] ?? message });
    }
    // The server closes this router when it stops; the controller's own events are ours to send.
    const controller = new InProcessProxyController({ router, feedback: router.feedback, host: settings.host, port: settings.port, onStatus: () => undefined });
    const status = await controller.setEnabled(true);
    if (!status.running || !status.url) {
      await router.close();
      return this.set({ phase: 'failed', port: settings.port, error: status.error ?? 'the proxy did not start' });
    }
    this.running = controller;
    return this.set({ phase: 'on', port: status.port, url: status.url });
  }

  private async stop(): Promise<ProxyStatus> {
    const controller = this.running;
    if (!controller) return this.set({ phase: 'off', port: this.current.port });
    this.set({ ...this.current, phase: 'stopping' });
    this.running = undefined;
    await controller.close();
    return this.set({ phase: 'off', port: this.current.port });
  }

  private async reload(settings: ProxySettings): Promise<ProxyStatus> {
    if (!this.running) return this.current.phase === 'failed' ? this.current : this.set({ phase: 'off', port: settings.port });
    await this.stop();
    return this.start(settings);
  }

  private async buildRouter(s: ProxySettings): Promise<Router> {
    // MMROUTER_DB puts the request log where the app keeps it, whatever the config says.
    const env = { ...process.env, ...s.keys, MMROUTER_DB: s.databasePath };
    const built: { router?: Router } = {};
    const router = await createRouter(parseConfig(s.config.text, s.config.path, env), {
      source: 'proxy',
      env,
      onRecord: (record) => this.onRecord(record.ts),
      // Raised only on a change of state, so this costs requests nothing while all is well;
      // chained so main hears the changes in the order they happened.
      onPolicyEvent: (event) => {
        this.policySends = this.policySends
          .then(async () => {
            if (built.router) this.events.policy(event, (await built.router.policyStatus()).breakers);
          })
          .catch((err: unknown) => void process.stderr.write(`mmrouter proxy: policy status: ${err instanceof Error ? err.message : String(err)}\n`));
      },
      onTrackerError: (err) => process.stderr.write(`mmrouter proxy: request log: ${err.message}\n`),
      ...(s.nativeBinding ? { nativeBinding: s.nativeBinding } : {}),
    });
    built.router = router;
    return router;
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
