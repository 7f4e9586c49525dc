import type { OutgoingHttpHeaders } from 'node:http';
import type { RouteDecision } from '../../src-shared/routing';
import { describePolicies } from '../core/policies/notes';
import type { RouteResult } from '../core/router/types';

/** X-MMRouter-* headers for what the router decided; the cost is only known once it answered. */
export function decisionHeaders(decision: RouteDecision): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = {
    'x-mmrouter-request-id': decision.requestId,
    'x-mmrouter-fallback': String(decision.fallback),
    'x-mmrouter-escalated': String(decision.escalated),
  };
  if (decision.model) h['x-mmrouter-model'] = decision.model;
  if (decision.provider) h['x-mmrouter-provider'] = decision.provider;
  const c = decision.classification;
  if (c) {
    h['x-mmrouter-complexity'] = decision.tier ?? c.complexity;
    h['x-mmrouter-category'] = c.category;
    h['x-mmrouter-confidence'] = c.confidence.toFixed(3);
    h['x-mmrouter-strategy'] = c.strategy;
  }
  if (decision.policies) h['x-mmrouter-policies'] = describePolicies(decision.policies);
  return h;
}

export function resultHeaders(result: RouteResult): OutgoingHttpHeaders {
  const h = decisionHeaders(result.decision);
  h['x-mmrouter-cost'] = result.record.costUsd.toFixed(8);
  return h;
}
