import type { Config } from '../../../src-shared/config-schema';
import type { PriceBook } from '../pricing/prices';
import { ConfigError } from '../config/errors';
import type { AlertHistory, BudgetLedger, ExperimentStore, FeedbackStore } from '../tracker/ports';
import { createAlerts } from '../alerts/create';
import { ExperimentRunner } from './experiments/runner';
import { AdaptiveRanker } from './adaptive';
import { BreakerBoard } from './breakers';
import { BudgetPolicy } from './budget/guard';
import { QualityGate } from './cascade';
import type { Policies, PolicyEvent } from './types';

export interface PolicyPorts {
  pricing: PriceBook;
  /** The budget's ledger; required when the config enables a budget. */
  budget?: BudgetLedger;
  /** Ratings; absent when tracking is off. */
  feedback?: FeedbackStore;
  /** Experiments; absent when tracking is off (a variant is stored with each request). */
  experiments?: ExperimentStore;
  /** Where fired alerts are kept; absent when tracking is off (alerts still go out). */
  alerts?: AlertHistory;
  /** Storage failures off the request path. */
  onError: (err: Error) => void;
  /** Told of every breaker change, budget level change and fired alert (the GUI's push events). */
  onEvent?: (event: PolicyEvent) => void;
}

/** The policies a config enables; undefined when it enables none, so the router skips every hook. */
export function createPolicies(config: Config, ports: PolicyPorts): Policies | undefined {
  const closers: (() => Promise<void>)[] = [];
  const policies: Policies = { close: async () => void (await Promise.all(closers.map((c) => c()))) };
  let any = false;
  let budgetPolicy: BudgetPolicy | undefined;
  if (config.breaker.enabled) {
    policies.breakers = new BreakerBoard(config.breaker);
    any = true;
  }
  if (config.budget.enabled) {
    if (!ports.budget) throw new Error('the budget needs a ledger');
    budgetPolicy = new BudgetPolicy(config, ports.budget, ports.pricing, ports.onError);
    policies.budget = budgetPolicy;
    any = true;
  }
  if (config.adaptive.enabled) {
    if (!ports.feedback) throw new ConfigError('adaptive.enabled needs tracking.enabled: true (ratings are stored with the requests they rate)');
    const ranker = new AdaptiveRanker(config.adaptive, ports.feedback, ports.onError);
    void ranker.refresh();
    closers.push(async () => ranker.close());
    policies.adaptive = ranker;
    any = true;
  }
  if (ports.experiments) {
    const runner = new ExperimentRunner(ports.experiments, config, ports.onError);
    closers.push(async () => runner.close());
    policies.experiments = runner;
    policies.ready = runner.refresh();
    any = true;
  }
  if (config.cascade.enabled) {
    policies.cascade = new QualityGate(config.cascade);
    any = true;
  }
  const onEvent = ports.onEvent;
  if (onEvent) {
    policies.breakers?.onEvent((breaker) => onEvent({ kind: 'breaker', breaker }));
    budgetPolicy?.onModeChange((window) => onEvent({ kind: 'budget', window }));
  }
  if (config.alerts.enabled) {
    const alerts = createAlerts(config.alerts, ports.alerts, ports.onError);
    if (onEvent) alerts.onFired((alert) => onEvent({ kind: 'alert', alert }));
    policies.breakers?.onEvent((e) => alerts.breakerEvent(e));
    budgetPolicy?.onModeChange((s) => alerts.budgetMode(s));
    policies.observe = (record) => alerts.observe(record);
    policies.alerts = alerts;
    const ready = policies.ready;
    policies.ready = Promise.all([ready, alerts.load()]).then(() => undefined);
    closers.push(() => alerts.close());
    any = true;
  }
  return any ? policies : undefined;
}
