import type { Classification } from './labels';
import type { Usage } from './chat';

/** Why a provider call failed, normalised across APIs. `retryable` drives retries and fallbacks. */
export type ErrorClass =
  | 'timeout'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'aborted'
  | 'budget'
  | 'config';

export const RETRYABLE_ERRORS: ReadonlySet<ErrorClass> = new Set(['timeout', 'rate_limit', 'overloaded', 'server', 'network']);

/** One call to one model (a retry of the same model is a new attempt). */
export interface Attempt {
  model: string;
  provider: string;
  ok: boolean;
  errorClass?: ErrorClass;
  status?: number;
  /** Short, key-free description of the failure. */
  message?: string;
  /** The upstream's Retry-After, when it sent one. */
  retryAfterMs?: number;
  latencyMs: number;
}

/** Everything the router decided for one request, and why. Shown in the GUI, headers and the log. */
export interface RouteDecision {
  requestId: string;
  /** What the caller asked for: 'auto' or a configured model name. */
  requestedModel: string;
  /** Absent when an explicit model bypassed classification. */
  classification?: Classification;
  /** The complexity tier actually routed on (after escalation or budget downgrade). */
  tier?: Classification['complexity'];
  /** Ordered models the router will try: primary first, then fallbacks. */
  candidates: string[];
  /** The model that answered (set once an attempt succeeds). */
  model?: string;
  provider?: string;
  attempts: Attempt[];
  /** Confidence below threshold moved the request up a tier. */
  escalated: boolean;
  /** A model other than the first candidate answered. */
  fallback: boolean;
  reasons: string[];
}

export type RequestStatus = 'ok' | 'error';

/** One row of the request log. */
export interface RequestRecord {
  id: string;
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  /** Where it came from: 'cli', 'proxy:openai', 'proxy:anthropic', 'proxy:responses', 'playground', 'classifier'… */
  source: string;
  requestedModel: string;
  complexity: Classification['complexity'] | null;
  category: Classification['category'] | null;
  confidence: number | null;
  strategy: string | null;
  /** Configured model name that answered (or the last one tried on error). */
  model: string | null;
  provider: string | null;
  /** Upstream model id. */
  upstreamModel: string | null;
  attempts: Attempt[];
  escalated: boolean;
  fallback: boolean;
  stream: boolean;
  usage: Usage;
  costUsd: number;
  /** What the baseline model would have cost for the same usage. */
  baselineCostUsd: number;
  latencyMs: number;
  /** Time to first token, streamed requests only. */
  ttftMs: number | null;
  status: RequestStatus;
  errorClass: ErrorClass | null;
  /** Only when the config's tracking.store_prompts is on. */
  prompt: string | null;
  response: string | null;
}
