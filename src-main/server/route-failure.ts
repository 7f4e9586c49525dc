import type { RouteDecision } from '../../src-shared/routing';
import { RouteError } from '../core/router/types';
import { type ApiError, routeFailure } from './errors';

export interface Failure {
  api: ApiError;
  errorClass: string;
  decision?: RouteDecision;
}

/** The upstream's Retry-After in whole seconds (at least 1), when it sent one. */
function retryAfterS(err: RouteError): number | undefined {
  return err.retryAfterMs !== undefined ? Math.max(1, Math.ceil(err.retryAfterMs / 1000)) : undefined;
}

/** What to tell the client about a failed route. Anything that is not a RouteError is our bug: no details leave. */
export function describeFailure(err: unknown): Failure {
  if (err instanceof RouteError) {
    const api = routeFailure(err.errorClass, err.status, err.message);
    const after = retryAfterS(err);
    if (after !== undefined && api.retryAfterS !== undefined) api.retryAfterS = after;
    return { api, errorClass: err.errorClass, decision: err.decision };
  }
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  console.error(`mmrouter proxy: unexpected ${name}: ${message}`);
  return { api: { status: 500, kind: 'internal', message: 'internal error in the mmrouter proxy' }, errorClass: 'internal' };
}

/** The model a failed request was last tried on, for metrics. */
export function lastTriedModel(decision: RouteDecision | undefined): string {
  if (!decision) return '';
  return decision.model ?? decision.attempts[decision.attempts.length - 1]?.model ?? '';
}
