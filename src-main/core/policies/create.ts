import type { Config } from '../../../src-shared/config-schema';
import type { PriceBook } from '../pricing/prices';
import type { BudgetLedger } from '../tracker/ports';
import { BreakerBoard } from './breakers';
import { BudgetPolicy } from './budget/guard';
import { QualityGate } from './cascade';
import type { Policies } from './types';

export interface PolicyPorts {
  pricing: PriceBook;
  /** The budget's ledger; required when the config enables a budget. */
  budget?: BudgetLedger;
  /** Storage failures off the request path. */
  onError: (err: Error) => void;
}

/** The policies a config enables; undefined when it enables none, so the router skips every hook. */
export function createPolicies(config: Config, ports: PolicyPorts): Policies | undefined {
  const closers: (() => Promise<void>)[] = [];
  const policies: Policies = { close: async () => void (await Promise.all(closers.map((c) => c()))) };
  let any = false;
  if (config.breaker.enabled) {
    policies.breakers = new BreakerBoard(config.breaker);
    any = true;
  }
  if (config.budget.enabled) {
    if (!ports.budget) throw new Error('the budget needs a ledger');
    policies.budget = new BudgetPolicy(config, ports.budget, ports.pricing, ports.onError);
    any = true;
  }
  if (config.cascade.enabled) {
    policies.cascade = new QualityGate(config.cascade);
    any = true;
  }
  return any ? policies : undefined;
}
