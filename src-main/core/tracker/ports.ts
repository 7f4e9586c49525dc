import type { Category, Complexity } from '../../../src-shared/labels';
import type { RequestRecord } from '../../../src-shared/routing';

/**
 * The storage ports the core uses for request history and feedback. SQLite implements them today;
 * a shared PostgreSQL backend can implement them later without the core changing. Time ranges are
 * epoch milliseconds: `since` inclusive, `until` exclusive.
 */

export interface TimeRange {
  since?: number;
  until?: number;
}

/**
 * Sources of calls made to evaluate the router rather than to answer anyone: quality replays and
 * their judge, LLM-classifier calls, `eval` runs. They cost money (totalCostUsd counts them) but
 * are left out of the savings.
 */
export const EVALUATION_SOURCES = ['quality', 'classifier', 'eval'] as const;

export interface Summary {
  requests: number;
  errors: number;
  /** Everything spent, evaluation calls included. */
  totalCostUsd: number;
  /** What the routed requests (not evaluation calls) would have cost on the baseline model. */
  baselineCostUsd: number;
  /** baselineCostUsd minus what the routed requests cost. */
  savingsUsd: number;
  /** savingsUsd as a percentage (0..100, negative when routing cost more) of baselineCostUsd; 0 when there is no baseline cost. */
  savingsPct: number;
  avgLatencyMs: number;
  tokensIn: number;
  tokensOut: number;
  cachedTokens: number;
  fallbacks: number;
  escalations: number;
}

export interface DailyCost {
  /** 'YYYY-MM-DD' in the machine's local time. */
  day: string;
  requests: number;
  costUsd: number;
  baselineCostUsd: number;
}

export const DISTRIBUTION_KEYS = ['complexity', 'category', 'model', 'provider', 'status', 'source'] as const;
export type DistributionKey = (typeof DISTRIBUTION_KEYS)[number];

export interface DistributionRow {
  /** The group's value; null for requests without one (e.g. no classification when a model was named). */
  key: string | null;
  requests: number;
  costUsd: number;
}

/** Exact nearest-rank percentiles over successful requests; 0 when there are none. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
  /** Median time to first token, present when some streamed request recorded one. */
  ttftP50?: number;
}

/** A page of the request log, newest first. */
export interface RequestQuery extends TimeRange {
  /** Case-insensitive substring of the id, model, provider, source, labels or stored prompt. */
  text?: string;
  limit: number;
  offset: number;
}

export interface RequestPage {
  /** Rows matching the query, on every page. */
  total: number;
  items: RequestRecord[];
}

export interface RequestLogReader {
  get(id: string): RequestRecord | undefined;
  /** Newest first; `before` (epoch ms, exclusive) pages back through older rows. */
  recent(opts: { limit: number; before?: number }): RequestRecord[];
  summary(range?: TimeRange): Summary;
  /** One entry per local day for the last `days` days including today, oldest first, zero-filled. */
  dailyCost(opts: { days: number; now?: number }): DailyCost[];
  /** Largest groups first; ties by key, null last. */
  distribution(opts: { by: DistributionKey } & TimeRange): DistributionRow[];
  latencyPercentiles(opts?: TimeRange & { model?: string }): LatencyPercentiles;
  search(query: RequestQuery): RequestPage;
  /** Total cost of requests at or after `ts`. */
  costSince(ts: number): number;
  /** What the routing policies did to the requests in the range. */
  policyActivity(range?: TimeRange): PolicyActivity;
}

/** What the routing policies did over a time range, from the notes stored with each request. */
export interface PolicyActivity {
  /** Per cascade tier and model: answers judged (or given by the top tier) and accepted. */
  cascade: { tier: string; model: string; answers: number; accepted: number }[];
  /** Requests that skipped a model without calling it, by policy and model. */
  skipped: { policy: 'breaker' | 'budget'; model: string; requests: number }[];
  /** Requests per budget mode they were routed in. */
  budgetModes: { mode: string; requests: number }[];
  /** Requests per experiment and variant. */
  experiments: { experiment: string; variant: string; requests: number }[];
  /** Requests adaptive routing moved, by the models it swapped. */
  adaptive: { from: string; to: string; requests: number }[];
}

export interface RequestLog extends RequestLogReader {
  /** Stores the records in one transaction: all or none. A record whose id is already stored is ignored. */
  append(records: RequestRecord[]): void;
}

export type Rating = 'up' | 'down';

export interface Feedback {
  requestId: string;
  rating: Rating;
  ts: number;
  comment?: string;
}

/** Ratings of one model on one kind of prompt, for adaptive routing. */
export interface FeedbackTally {
  complexity: Complexity;
  category: Category;
  model: string;
  up: number;
  down: number;
}

/** Ratings of one model on one kind of prompt on one day, for scores that fade with age. */
export interface DailyRatings extends FeedbackTally {
  /** Epoch ms of the start of the UTC day. */
  day: number;
}

/**
 * Ratings of answered requests, shared by every instance (adaptive routing reads them). Async so a
 * shared backend fits behind it.
 */
export interface FeedbackStore {
  /** One rating per request: a later rating replaces an earlier one. Rejects with a TrackerError for an unknown request id, storing nothing. */
  add(feedback: Feedback): Promise<void>;
  forRequest(requestId: string): Promise<Feedback | undefined>;
  /** Tallies over rated requests that were classified and answered by a model. */
  aggregate(): Promise<FeedbackTally[]>;
  /** The same tallies per UTC day of the rating, for ratings at or after `since`. */
  daily(since: number): Promise<DailyRatings[]>;
}

export interface QualityScores {
  relevance: number;
  accuracy: number;
  completeness: number;
}

/** One LLM-as-judge comparison of a routed answer with the baseline model's answer to the same prompt. */
export interface QualityJudgement {
  requestId: string;
  ts: number;
  routedModel: string;
  baselineModel: string;
  judgeModel: string;
  routed: QualityScores;
  baseline: QualityScores;
  /** What the replay and the judging cost. */
  costUsd: number;
}

export interface QualityStore {
  add(judgement: QualityJudgement): void;
  /** Newest first. */
  recent(limit: number): QualityJudgement[];
}

export type MaybePromise<T> = T | Promise<T>;

/** One budget window (a day or a month in the budget's time zone) and its limit. */
export interface BudgetWindow {
  /** Names the window, e.g. `day:2026-11-26` or `month:2026-11`. */
  key: string;
  limitUsd: number;
}

export interface WindowSpend {
  key: string;
  /** Settled spend. */
  spentUsd: number;
  /** Worst-case cost held by attempts in flight. */
  reservedUsd: number;
}

export type Reservation = { ok: true; id: string } | { ok: false; denied: WindowSpend & { limitUsd: number } };

/**
 * The budget's spend, shared by every instance that routes under the same budget. Exact semantics
 * (the contract suite checks them): `reserve` is atomic — it holds `amountUsd` in every window
 * only if each window's spent + reserved + amount stays within its limit (or `force` is set),
 * otherwise it holds nothing and says which window refused. `settle` turns a hold into spend of the
 * actual cost; `release` drops it. Settling or releasing an unknown or finished hold does nothing.
 * A hold not settled within `holdTtlMs` stops counting (its process died).
 *
 * The four calls made on every request may answer synchronously: a ledger that decides in memory
 * (SQLite's) does, and each promise on the proxy's path costs CPU and young-generation garbage
 * while the request waits for its upstream. A ledger that asks a server returns promises.
 */
export interface BudgetLedger {
  reserve(windows: readonly BudgetWindow[], amountUsd: number, opts?: { force?: boolean }): MaybePromise<Reservation>;
  settle(id: string, actualUsd: number): MaybePromise<void>;
  release(id: string): MaybePromise<void>;
  spend(keys: readonly string[]): MaybePromise<WindowSpend[]>;
  /** Writes what is pending; the ledger stays usable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export type Variant = 'control' | 'treatment';

/** An A/B experiment: two routing configs (kept as written when it was created) and the treatment's share. */
export interface ExperimentDefinition {
  name: string;
  control: { path: string; config: string };
  treatment: { path: string; config: string };
  /** Share of prompts sent to the treatment, 0..1. */
  split: number;
  createdAt: number;
  stoppedAt?: number;
}

/** What one variant's requests did, for `experiment status`. */
export interface VariantSamples {
  variant: Variant;
  requests: number;
  errors: number;
  costSumUsd: number;
  costSumSqUsd: number;
  /** Latency of each successful request, ascending. */
  latenciesMs: number[];
  up: number;
  down: number;
}

/**
 * Experiments and what their requests did. A request's variant is stored with its record (the
 * request log writes it), so assignment costs nothing extra on the request path; this port reads
 * the experiments back and aggregates their requests.
 */
export interface ExperimentStore {
  /** Rejects with a TrackerError, storing nothing, when an experiment of that name exists. */
  create(def: ExperimentDefinition): Promise<void>;
  get(name: string): Promise<ExperimentDefinition | undefined>;
  /** Oldest first. */
  list(): Promise<ExperimentDefinition[]>;
  /** False when there is no such experiment or it was already stopped. */
  stop(name: string, ts: number): Promise<boolean>;
  /** Control first, then treatment, each present even with no requests. */
  samples(name: string): Promise<VariantSamples[]>;
}

export type AlertKind = 'cost_spike' | 'error_rate' | 'budget' | 'breaker' | 'test';

/** An alert that fired (after its rule's cooldown let it through). */
export interface AlertRecord {
  ts: number;
  /** The rule and its subject, e.g. `error_rate`, `breaker:model:gpt-4.1`, `budget:daily:downgrade`; the cooldown is per rule. */
  rule: string;
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  details: Record<string, unknown>;
  /** The channels it was sent to: `log`, `webhook:<host>`, `slack:<host>`. */
  channels: string[];
}

/** Alerts that fired, shared by every instance (so one cooldown holds for all, and the GUI lists them). */
export interface AlertHistory {
  add(alert: AlertRecord): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<AlertRecord[]>;
  /** When each rule last fired, for cooldowns that survive a restart. */
  lastFired(): Promise<Map<string, number>>;
}
