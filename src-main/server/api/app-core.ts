import { join } from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import type { AppInfo, OperationName } from '../../../src-shared/contract/operations';
import { EmbeddingModelError, TrainedModelError } from '../../core/classifier/embeddings';
import { ConfigError } from '../../core/config/errors';
import { DatasetError } from '../../core/eval/dataset';
import type { BreakerStatus } from '../../core/policies/breakers';
import { RouteError, type RouterApi } from '../../core/router/types';
import { TrackerError } from '../../core/tracker/errors';
import type { FeedbackPort } from '../feedback';
import { InProcessProxyController, type ProxyController, type ProxyStatus } from '../proxy-controller';
import { ConfigService } from './config-service';
import { ApiEventBus } from './event-bus';
import { createHandlers } from './handlers';
import { MemoryKeyStore, type KeyStore } from './key-store';
import { KeyService } from './keys';
import { Playground } from './playground';
import { PolicyService } from './policies';
import { RouterHost } from './router-host';
import { callOperation, type CallContext, type HandlerTable } from './table';
import { TrainingJobs } from './training-jobs';
import type { Envelope } from '../../../src-shared/contract/errors';

export interface ProxyDeps {
  /** Always the current router; stopping the proxy must not close it. */
  router: RouterApi;
  feedback: FeedbackPort;
  onStatus(status: ProxyStatus): void;
}

export interface AppCoreOptions {
  mode: 'electron' | 'web';
  version: string;
  /** App data: the database and trained models live here unless said otherwise. */
  dataDir: string;
  /** The user's config, written by config.save. */
  userConfigPath: string;
  /** Routes while the user's config does not exist yet. */
  fallbackConfigPath: string;
  /** The shipped presets (configs/). */
  presetsDir: string;
  databasePath: string;
  /** better_sqlite3.node for Electron's ABI. */
  nativeBinding?: string;
  /** Default: keys in memory (web mode). The desktop app passes its safeStorage store. */
  keyStore?: KeyStore;
  /** Environment the providers' keys are read from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Start in demo mode (the simulator config). */
  demo?: boolean;
  /** Builds the proxy controller; default: in this process, 127.0.0.1:8080, started at once. */
  proxy?: (deps: ProxyDeps) => ProxyController;
  proxyHost?: string;
  proxyPort?: number;
  proxyApiKey?: string;
  /** Start the proxy with the core. Default true. */
  startProxy?: boolean;
  /** The proxy's breakers when `proxy` runs its own router (the desktop app's utility process). */
  proxyBreakers?: () => BreakerStatus[];
}

/** What a transport needs: one call entry point, the events, and shutdown. */
export interface AppCore {
  handlers: HandlerTable;
  bus: ApiEventBus;
  proxy: ProxyController;
  /** Validates, runs, validates the answer; never throws. */
  call(operation: string, input: unknown, ctx?: CallContext): Promise<Envelope>;
  close(): Promise<void>;
}

/**
 * The composition root behind the GUI, shared by the Electron shell and `mmrouter dashboard`: the
 * router host, the services and the handler table. A user config that does not load starts the
 * demo config instead and is reported in app.info's `configError`.
 */
export async function createAppCore(opts: AppCoreOptions): Promise<AppCore> {
  const bus = new ApiEventBus();
  const keys = new KeyService(opts.keyStore ?? new MemoryKeyStore(), bus, opts.env ?? process.env);
  await keys.load();
  const host = new RouterHost({ databasePath: opts.databasePath, bus, env: () => keys.env(), ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  const config = new ConfigService({ host, userConfigPath: opts.userConfigPath, fallbackConfigPath: opts.fallbackConfigPath, presetsDir: opts.presetsDir, ...(opts.env ? { env: opts.env } : {}) });
  try {
    await config.start(opts.demo ?? false);
  } catch (err) {
    await host.close();
    throw err;
  }
  const proxyDeps: ProxyDeps = { router: host.routerApi, feedback: host.tracker.feedback, onStatus: (s) => bus.emit('proxy.status', s) };
  const proxy =
    opts.proxy?.(proxyDeps) ??
    new InProcessProxyController({ ...proxyDeps, host: opts.proxyHost ?? '127.0.0.1', port: opts.proxyPort ?? 8080, ...(opts.proxyApiKey ? { apiKey: opts.proxyApiKey } : {}) });
  const training = new TrainingJobs({ bus, modelsDir: join(opts.dataDir, 'models'), useTrainedModel: (dir) => config.useTrainedModel(dir) });
  const appInfo = (): AppInfo => {
    const { demo, loaded } = host.current;
    const configError = demo ? config.startupError : undefined;
    return { version: opts.version, mode: opts.mode, dataDir: opts.dataDir, configPath: opts.userConfigPath, demo, classifier: loaded.config.classifier.strategy, ...(configError ? { configError: { ...configError, path: opts.userConfigPath } } : {}) };
  };
  const handlers = createHandlers({ appInfo, host, config, keys, playground: new Playground(host, bus), training, proxy, policies: new PolicyService(host, config, opts.proxyBreakers) });
  if (opts.startProxy ?? true) await proxy.setEnabled(true);

  let closing: Promise<void> | undefined;
  return {
    handlers,
    bus,
    proxy,
    call: (operation, input, ctx = {}) => callOperation(handlers, operation, input, ctx, toApiError),
    close: () =>
      (closing ??= (async () => {
        training.cancelAll();
        try {
          await proxy.close();
        } finally {
          await host.close();
        }
      })()),
  };
}

/** What callers see of an error a handler did not anticipate: its one-line message, never a stack. */
function toApiError(err: unknown, operation: OperationName): ApiError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError || err instanceof DatasetError || err instanceof TrainedModelError || err instanceof EmbeddingModelError) return new ApiError({ code: 'invalid_input', message });
  if (err instanceof RouteError) return new ApiError({ code: 'upstream', message });
  if (err instanceof TrackerError) return new ApiError({ code: 'unavailable', message });
  process.stderr.write(`mmrouter api: ${operation} failed: ${message}\n`);
  return new ApiError({ code: 'internal', message: `${operation} failed: ${message}` });
}
