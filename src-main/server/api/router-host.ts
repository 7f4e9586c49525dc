import type { LoadedConfig } from '../../core/config/load';
import { createRouter } from '../../core/router/create';
import type { Router } from '../../core/router/router';
import type { ModelInfo, RouteRequest, RouteResult, RouterApi, RouterStreamEvent } from '../../core/router/types';
import { openTracker, type Tracker } from '../../core/tracker';
import type { RequestRecord } from '../../../src-shared/routing';
import type { ApiEventBus } from './event-bus';
import { publishPolicyEvent } from './policy-events';

export interface RouterHostOptions {
  /** The request database; one log across every config the app switches to. */
  databasePath: string;
  /** better_sqlite3.node for this runtime (Electron), when not the default one. */
  nativeBinding?: string;
  bus: ApiEventBus;
  /** Environment the providers read their keys from (process env overlaid with stored keys). */
  env: () => Record<string, string | undefined>;
  /** Longest gap between stats.changed events while requests are being recorded. */
  statsThrottleMs?: number;
}

/** What the router currently runs: the config it was built from and whether that is the demo. */
export interface Active {
  loaded: LoadedConfig;
  router: Router;
  demo: boolean;
}

/**
 * Owns the running router and swaps it when the config, the demo switch, the classifier or a key
 * changes, so the GUI applies changes without a restart. The proxy and the playground reach the
 * router through `routerApi`, which always forwards to the current one; the tracker is opened
 * once and shared by every router built here.
 */
export class RouterHost {
  readonly tracker: Tracker;
  private active: Active | undefined;
  private recorded = 0;
  private lastTs = 0;
  private statsTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: RouterHostOptions) {
    this.tracker = openTracker({
      path: opts.databasePath,
      flushIntervalMs: 200,
      onError: (err) => process.stderr.write(`mmrouter: request log: ${err.message}\n`),
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
  }

  get current(): Active {
    if (!this.active) throw new Error('the router is not running yet');
    return this.active;
  }

  /** Builds a router for `loaded` without switching to it (throws what the config's classifier or providers throw). */
  build(loaded: LoadedConfig): Promise<Router> {
    return createRouter(loaded, {
      source: 'app',
      env: this.opts.env(),
      tracker: this.tracker,
      onRecord: (r) => this.onRecord(r),
      onPolicyEvent: (e) => publishPolicyEvent(this.opts.bus, e),
    });
  }

  /** Routes with `router` from now on; the previous router's own resources are released. */
  async use(loaded: LoadedConfig, router: Router, demo: boolean): Promise<void> {
    const previous = this.active;
    this.active = { loaded, router, demo };
    this.opts.bus.emit('config.changed', { path: loaded.path, demo, classifier: loaded.config.classifier.strategy });
    // The tracker is shared, so closing the old router only unloads its classifier.
    await previous?.router.close();
  }

  /** Rebuilds the current router with the same config (after a key changed). */
  async rebuild(): Promise<void> {
    const { loaded, demo } = this.current;
    await this.use(loaded, await this.build(loaded), demo);
  }

  /** A RouterApi that always reaches the current router; closing it leaves the host running. */
  readonly routerApi: RouterApi = {
    route: (req: RouteRequest): Promise<RouteResult> => this.current.router.route(req),
    stream: (req: RouteRequest): AsyncIterable<RouterStreamEvent> => this.current.router.stream(req),
    models: (): ModelInfo[] => this.current.router.models(),
    close: async () => undefined,
  };

  async close(): Promise<void> {
    clearTimeout(this.statsTimer);
    try {
      await this.active?.router.close();
    } finally {
      await this.tracker.close();
    }
  }

  private onRecord(record: RequestRecord): void {
    this.recorded += 1;
    this.lastTs = Math.max(this.lastTs, record.ts);
    if (this.statsTimer) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = undefined;
      const requests = this.recorded;
      this.recorded = 0;
      this.opts.bus.emit('stats.changed', { requests, lastTs: this.lastTs });
    }, this.opts.statsThrottleMs ?? 1000);
    this.statsTimer.unref();
  }
}
