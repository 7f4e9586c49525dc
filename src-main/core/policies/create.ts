import type { Config } from '../../../src-shared/config-schema';
import { BreakerBoard } from './breakers';
import type { Policies } from './types';

/** The policies a config enables; undefined when it enables none, so the router skips every hook. */
export function createPolicies(config: Config): Policies | undefined {
  const policies: Policies = { close: async () => undefined };
  if (config.breaker.enabled) policies.breakers = new BreakerBoard(config.breaker);
  return policies.breakers ? policies : undefined;
}
