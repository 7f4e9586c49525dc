import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../../src-shared/config-schema';
import { ApiError } from '../../../src-shared/contract/errors';
import type { OperationOutput, ParsedInput } from '../../../src-shared/contract/operations';
import { AlertDeliveryError, alertsOverview, sendTestAlert } from '../../core/alerts/overview';
import { checkWebhookUrl } from '../../core/alerts/channels';
import { ConfigError } from '../../core/config/errors';
import type { BreakerStatus } from '../../core/policies/breakers';
import { createExperiment } from '../../core/policies/experiments/define';
import { variantTable } from '../../core/policies/experiments/runner';
import { compareVariants } from '../../core/policies/experiments/stats';
import { TrackerError } from '../../core/tracker/errors';
import type { ConfigService } from './config-service';
import type { RouterHost } from './router-host';

const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_ALERTS = 100;

/** The policies' operations: the same core calls as `mmrouter experiment` and `mmrouter alerts`, errors naming the field. */
export class PolicyService {
  constructor(
    private readonly host: RouterHost,
    private readonly config: ConfigService,
    /** The proxy's breakers when it runs its own router in another process (the desktop app). */
    private readonly proxyBreakers: () => BreakerStatus[] = () => [],
  ) {}

  async status(now = Date.now()): Promise<OperationOutput<'policies.status'>> {
    const { router, loaded } = this.host.current;
    const { breakers, budget } = await router.policyStatus();
    return {
      ...(budget ? { budget } : {}),
      breakers: mergeBreakers(breakers, this.proxyBreakers()),
      breakersEnabled: loaded.config.breaker.enabled,
      cascadeEnabled: loaded.config.cascade.enabled,
      // A query over the day's log: skipped unless shown (status is re-read as requests are recorded).
      cascade: loaded.config.cascade.enabled ? this.host.tracker.log.policyActivity({ since: now - DAY_MS }).cascade : [],
    };
  }

  async listExperiments(): Promise<OperationOutput<'experiments.list'>> {
    const defs = await this.host.tracker.experiments.list();
    return {
      experiments: defs.map((d) => ({
        name: d.name,
        split: d.split,
        controlPath: d.control.path,
        treatmentPath: d.treatment.path,
        createdAt: d.createdAt,
        ...(d.stoppedAt !== undefined ? { stoppedAt: d.stoppedAt } : {}),
      })),
    };
  }

  async createExperiment({ name, control, treatment, split }: ParsedInput<'experiments.create'>): Promise<OperationOutput<'experiments.status'>> {
    const serving = this.host.current.loaded.config;
    const controlPath = this.config.presetOrPath(control);
    const treatmentPath = this.config.presetOrPath(treatment);
    // Each side is checked on its own first so the error names the field that holds the bad config.
    checkVariant(controlPath, 'control', serving);
    checkVariant(treatmentPath, 'treatment', serving);
    try {
      await createExperiment(this.host.tracker.experiments, { name, controlPath, treatmentPath, split }, serving);
    } catch (err) {
      if (err instanceof TrackerError) throw new ApiError({ code: 'conflict', message: err.message, field: 'name' });
      if (err instanceof ConfigError) throw new ApiError({ code: 'invalid_input', message: err.message, field: 'name' });
      throw err;
    }
    await this.host.current.router.refreshExperiments();
    return this.experimentStatus(name);
  }

  async experimentStatus(name: string): Promise<OperationOutput<'experiments.status'>> {
    const store = this.host.tracker.experiments;
    const def = await store.get(name);
    if (!def) throw new ApiError({ code: 'not_found', message: `no experiment named '${name}'`, field: 'name' });
    return compareVariants(def, await store.samples(name));
  }

  async stopExperiment(name: string): Promise<OperationOutput<'experiments.status'>> {
    const store = this.host.tracker.experiments;
    if (!(await store.get(name))) throw new ApiError({ code: 'not_found', message: `no experiment named '${name}'`, field: 'name' });
    if (!(await store.stop(name, Date.now()))) throw new ApiError({ code: 'conflict', message: `experiment '${name}' was already stopped`, field: 'name' });
    await this.host.current.router.refreshExperiments();
    return this.experimentStatus(name);
  }

  alerts(): Promise<OperationOutput<'alerts.list'>> {
    return alertsOverview(this.host.current.loaded.config.alerts, this.host.tracker.alerts, RECENT_ALERTS);
  }

  async testAlert({ webhookUrl, format }: ParsedInput<'alerts.test'>): Promise<OperationOutput<'alerts.test'>> {
    try {
      checkWebhookUrl(webhookUrl);
    } catch (err) {
      throw new ApiError({ code: 'invalid_input', message: (err as Error).message, field: 'webhookUrl' });
    }
    try {
      return await sendTestAlert(webhookUrl, this.host.tracker.alerts, { configPath: this.host.current.loaded.path, ...(format ? { format } : {}) });
    } catch (err) {
      if (err instanceof AlertDeliveryError) throw new ApiError({ code: 'upstream', message: err.message, field: 'webhookUrl' });
      throw err;
    }
  }
}

const SEVERITY: Record<BreakerStatus['state'], number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * One list from two routers' breakers (the window's and the proxy's): a model or provider shows
 * its worse state, its latest failure and opening, and the openings of both.
 */
export function mergeBreakers(a: BreakerStatus[], b: BreakerStatus[]): BreakerStatus[] {
  if (!b.length) return a;
  const merged = new Map(a.map((x) => [`${x.scope}:${x.name}`, x]));
  for (const y of b) {
    const key = `${y.scope}:${y.name}`;
    const x = merged.get(key);
    if (!x) {
      merged.set(key, y);
      continue;
    }
    const out: BreakerStatus = { scope: x.scope, name: x.name, state: SEVERITY[y.state] > SEVERITY[x.state] ? y.state : x.state, opens: x.opens + y.opens };
    const lastFailureAt = Math.max(x.lastFailureAt ?? 0, y.lastFailureAt ?? 0);
    const openedAt = Math.max(x.openedAt ?? 0, y.openedAt ?? 0);
    if (lastFailureAt) out.lastFailureAt = lastFailureAt;
    if (openedAt) out.openedAt = openedAt;
    merged.set(key, out);
  }
  return [...merged.values()];
}

function checkVariant(path: string, field: 'control' | 'treatment', serving: Config): void {
  let config: string;
  try {
    config = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new ApiError({ code: 'invalid_input', message: `${field}: '${path}' is neither a preset nor a config file that exists`, field });
  }
  try {
    variantTable({ path: resolve(path), config }, serving);
  } catch (err) {
    if (err instanceof ConfigError) throw new ApiError({ code: 'invalid_input', message: `${field}: ${err.message}`, field });
    throw err;
  }
}
