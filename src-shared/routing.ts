import type { Classification, Complexity } from './labels';
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

/** Where spend stands against the budget: below warn_at, up to downgrade_at, up to the limit, past it. */
export type BudgetMode = 'normal' | 'warn' | 'downgrade' | 'over';

/** One cascade tier's answer and whether the quality gate let it through. */
export interface CascadeStep {
  tier: Complexity;
  model: string;
  accepted: boolean;
  /** Why the gate escalated (too short, hedging, invalid JSON, cut by max tokens), or why the tier failed. */
  reason?: string;
  costUsd: number;
}

/** What the routing policies did to one request; stored with it and shown beside the decision. */
export interface PolicyNotes {
  experiment?: { name: string; variant: 'control' | 'treatment' };
  budget?: { mode: BudgetMode; window: 'daily' | 'monthly'; spentUsd: number; limitUsd: number };
  /** Adaptive reranking put `to` first where the route table had `from`. */
  adaptive?: { from: string; to: string };
  cascade?: CascadeStep[];
  /** Models skipped without a call because their (or their provider's) breaker was open. */
  breakerSkipped?: string[];
  /** Models skipped because their worst-case cost did not fit under the budget. */
  budgetSkipped?: string[];
}

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
  /** What a successful attempt cost (every attempt counts, a cascade tier the gate rejected too). */
  costUsd?: number;
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
  candidates: readonly string[];
  /** The model that answered (set once an attempt succeeds). */
  model?: string;
  provider?: string;
  attempts: Attempt[];
  /** Confidence below threshold moved the request up a tier. */
  escalated: boolean;
  /** A model other than the first candidate answered. */
  fallback: boolean;
  reasons: string[];
  /** Present when a policy (experiment, budget, adaptive, cascade, breaker) acted on the request. */
  policies?: PolicyNotes;
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
  /** What the routing policies did, when any acted. */
  policies?: PolicyNotes;
}
