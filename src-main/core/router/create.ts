import type { Config, ProviderType, ResolvedProvider, SimulatorProfile } from '../../../src-shared/config-schema';
import type { LoadedConfig } from '../config/load';
import { createClassifier, type ClassifierOverrides } from '../classifier/factory';
import { dirname } from 'node:path';
import { createPolicies } from '../policies/create';
import { createConfiguredExperiments } from '../policies/experiments/define';
import type { AdaptiveOrder, PolicyEvent } from '../policies/types';
import type { FeedbackStore } from '../tracker/ports';
import { createPricing, pricedModels } from '../pricing/prices';
import { createProvider } from '../providers/factory';
import type { ChatProvider } from '../providers/types';
import { openTracker, type Tracker } from '../tracker';
import { SqliteBudgetLedger } from '../tracker/sqlite/budget-ledger';
import { openDatabase } from '../tracker/sqlite/database';
import type { RequestRecord } from '../../../src-shared/routing';
import { Router, type RequestSink } from './router';

export interface CreateRouterOptions {
  /** Recorded with each request: 'cli', 'proxy', 'app'… */
  source: string;
  env?: Record<string, string | undefined>;
  classifier?: ClassifierOverrides;
  /** Reports tracker write failures (the request path never throws for them). */
  onTrackerError?: (err: Error) => void;
  /** Sees every finished request (e.g. to total what an eval's LLM classifier spent). */
  onRecord?: (record: RequestRecord) => void;
  /** better_sqlite3.node built for this runtime, when it is not the default one (the Electron app's). */
  nativeBinding?: string;
  /**
   * A tracker the caller owns, used instead of opening the config's database: routers rebuilt for
   * a new config (the desktop app) keep one request log. The router records to it but leaves it
   * open on close.
   */
  tracker?: Tracker;
  /** Breaker changes, budget level changes and fired alerts, as they happen (the GUI and the tray). */
  onPolicyEvent?: (event: PolicyEvent) => void;
}

/** The composition root of the core: providers, pricing, tracker and classifier for one config. */
export async function createRouter(loaded: LoadedConfig, opts: CreateRouterOptions): Promise<Router> {
  const { config } = loaded;
  const env = opts.env ?? process.env;
  const providers = createProviders(config, env);
  const tracker = !loaded.config.tracking.enabled ? undefined : (opts.tracker ?? openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}), ...(opts.onTrackerError ? { onError: opts.onTrackerError } : {}) }));
  const closeTracker = tracker && tracker !== opts.tracker ? () => tracker.close() : async () => undefined;
  const sink = teeSink(tracker ? { record: (r) => tracker.log.record(r), close: closeTracker } : { record: () => undefined, close: closeTracker }, opts.onRecord);
  // The LLM classifier asks a model through the router itself, so its calls are routed and tracked.
  const self: { router?: Router } = {};
  const classifier = await createClassifier(config, {
    ...opts.classifier,
    complete: async (model, chat, signal) => {
      if (!self.router) throw new Error('router not ready');
      return (await self.router.route({ model, chat, source: 'classifier', signal })).response;
    },
  }).catch(async (err: unknown) => {
    await sink.close();
    throw err;
  });
  const pricing = createPricing(pricedModels(config));
  const onError = (err: Error) => (opts.onTrackerError ?? ((e: Error) => process.stderr.write(`mmrouter: ${e.message}\n`)))(err);
  // Without tracking a budget still needs a ledger: one in memory, for this process only.
  const budget = tracker?.budget ?? (config.budget.enabled ? memoryLedger(config) : undefined);
  if (tracker) await createConfiguredExperiments(tracker.experiments, config, dirname(loaded.path)).catch(async (err: unknown) => {
    await sink.close();
    throw err;
  });
  const policies = createPolicies(config, { pricing, onError, ...(opts.onPolicyEvent ? { onEvent: opts.onPolicyEvent } : {}), ...(budget ? { budget } : {}), ...(tracker ? { feedback: tracker.feedback, experiments: tracker.experiments, alerts: tracker.alerts } : {}) });
  await policies?.ready;
  const feedback = tracker && withRefresh(tracker.feedback, policies?.adaptive);
  self.router = new Router({ config, classifier, providers, pricing, sink, ...(feedback ? { feedback } : {}), ...(policies ? { policies } : {}), onClose: classifier.close });
  return self.router;
}

export function resolveProvider(config: Config, name: string): ResolvedProvider {
  const p = config.providers[name];
  if (!p) throw new Error(`unknown provider '${name}'`);
  const resolved: ResolvedProvider = {
    name,
    type: (p.type ?? name) as ProviderType,
    timeoutMs: p.timeout_ms ?? config.provider.timeout_ms,
    maxRetries: p.max_retries ?? config.provider.max_retries,
    headers: p.headers ?? {},
  };
  if (p.base_url) resolved.baseUrl = p.base_url;
  if (p.api_key_env) resolved.apiKeyEnv = p.api_key_env;
  return resolved;
}

function createProviders(config: Config, env: Record<string, string | undefined>): Map<string, ChatProvider> {
  const profiles = new Map<string, SimulatorProfile>();
  for (const [name, m] of Object.entries(config.models)) if (m.simulator) profiles.set(m.model ?? name, m.simulator);
  const providers = new Map<string, ChatProvider>();
  for (const name of Object.keys(config.providers)) providers.set(name, createProvider(resolveProvider(config, name), { env, simulatorProfiles: profiles }));
  return providers;
}

/** A new rating reaches adaptive routing at once rather than at its next timed read. */
function withRefresh(store: FeedbackStore, adaptive: AdaptiveOrder | undefined): FeedbackStore {
  if (!adaptive) return store;
  return {
    ...store,
    add: async (f) => {
      await store.add(f);
      await adaptive.refresh();
    },
  };
}

function memoryLedger(config: Config): SqliteBudgetLedger {
  return new SqliteBudgetLedger(openDatabase(':memory:'), { flushIntervalMs: config.tracking.flush_interval_ms });
}

function teeSink(sink: RequestSink, onRecord: ((r: RequestRecord) => void) | undefined): RequestSink {
  if (!onRecord) return sink;
  return {
    record: (r) => {
      onRecord(r);
      sink.record(r);
    },
    close: () => sink.close(),
  };
}
