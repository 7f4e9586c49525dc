import { z } from 'zod';
import { CATEGORIES, COMPLEXITIES } from '../labels';

/**
 * Domain shapes the operations and events carry. Times are epoch milliseconds; money is USD;
 * prices are USD per million tokens.
 */

export const ComplexitySchema = z.enum(COMPLEXITIES);
export const CategorySchema = z.enum(CATEGORIES);

export const ERROR_CLASSES = ['timeout', 'rate_limit', 'overloaded', 'server', 'network', 'auth', 'bad_request', 'not_found', 'aborted', 'budget', 'config'] as const;

export const ClassificationSchema = z.object({
  complexity: ComplexitySchema,
  category: CategorySchema,
  confidence: z.number(),
  /** 'rules', 'embeddings', 'llm', or e.g. 'llm->rules' on fallback. */
  strategy: z.string(),
});

export const AttemptSchema = z.object({
  model: z.string(),
  provider: z.string(),
  ok: z.boolean(),
  errorClass: z.enum(ERROR_CLASSES).optional(),
  status: z.number().optional(),
  message: z.string().optional(),
  retryAfterMs: z.number().optional(),
  latencyMs: z.number(),
});

/** Everything the router decided for one request, and why (src-shared/routing.ts RouteDecision). */
export const RouteDecisionSchema = z.object({
  requestId: z.string(),
  requestedModel: z.string(),
  classification: ClassificationSchema.optional(),
  tier: ComplexitySchema.optional(),
  candidates: z.array(z.string()),
  model: z.string().optional(),
  provider: z.string().optional(),
  attempts: z.array(AttemptSchema),
  escalated: z.boolean(),
  fallback: z.boolean(),
  reasons: z.array(z.string()),
});

export const UsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number(),
});

/** One row of the request log (src-shared/routing.ts RequestRecord). */
export const RequestRecordSchema = z.object({
  id: z.string(),
  ts: z.number(),
  source: z.string(),
  requestedModel: z.string(),
  complexity: ComplexitySchema.nullable(),
  category: CategorySchema.nullable(),
  confidence: z.number().nullable(),
  strategy: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  attempts: z.array(AttemptSchema),
  escalated: z.boolean(),
  fallback: z.boolean(),
  stream: z.boolean(),
  usage: UsageSchema,
  costUsd: z.number(),
  baselineCostUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  status: z.enum(['ok', 'error']),
  errorClass: z.enum(ERROR_CLASSES).nullable(),
  prompt: z.string().nullable(),
  response: z.string().nullable(),
});

export const RatingSchema = z.enum(['up', 'down']);

/** A config problem at its place in the YAML text (1-based), with the core's own message. */
export const ConfigProblemSchema = z.object({
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  message: z.string(),
});

export const PresetSchema = z.object({
  /** File name without extension: 'default', 'demo', 'openai'… */
  name: z.string(),
  /** The preset's own first comment line. */
  description: z.string(),
});

export const TimeRangeSchema = z.object({
  /** Inclusive; absent = from the first request. */
  since: z.number().int().nonnegative().optional(),
  /** Exclusive; absent = now. */
  until: z.number().int().nonnegative().optional(),
});

export const PricesSchema = z.object({
  input: z.number(),
  output: z.number(),
  cacheRead: z.number().optional(),
  cacheWrite: z.number().optional(),
});

export const RouteCellRefSchema = z.object({ complexity: ComplexitySchema, category: CategorySchema });

export const ModelEntrySchema = z.object({
  /** Configured name (what clients and "run again on model X" send). */
  name: z.string(),
  provider: z.string(),
  providerType: z.string(),
  upstreamModel: z.string(),
  /** Route cells that send prompts to it first. */
  routes: z.array(RouteCellRefSchema),
  /** Null when the price is unknown (costs then count 0). */
  prices: PricesSchema.nullable(),
  /** Environment variable its provider's key comes from; null when it needs none (simulator, local). */
  keyEnv: z.string().nullable(),
  keyConfigured: z.boolean(),
});

export const DistributionRowSchema = z.object({ key: z.string().nullable(), requests: z.number(), costUsd: z.number() });

export const StatsSummarySchema = z.object({
  requests: z.number(),
  errors: z.number(),
  totalCostUsd: z.number(),
  baselineCostUsd: z.number(),
  savingsUsd: z.number(),
  savingsPct: z.number(),
  avgLatencyMs: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  cachedTokens: z.number(),
  fallbacks: z.number(),
  escalations: z.number(),
});

export const DailyCostSchema = z.object({ day: z.string(), requests: z.number(), costUsd: z.number(), baselineCostUsd: z.number() });

export const LatencyPercentilesSchema = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), ttftP50: z.number().optional() });

export const DatasetIssueSchema = z.object({ line: z.number().int(), message: z.string() });

/** Counts per route-table cell: counts[complexity][category]. */
export const CellCountsSchema = z.record(ComplexitySchema, z.record(CategorySchema, z.number()));

export const AxisReportSchema = z.object({
  labels: z.array(z.string()),
  accuracy: z.number(),
  /** confusion[actual][predicted], both in `labels` order. */
  confusion: z.array(z.array(z.number())),
});

export const ClassifierScoreSchema = z.object({
  /** e.g. 'trained embeddings', 'shipped embeddings', 'rules'. */
  classifier: z.string(),
  n: z.number(),
  accuracy: z.number(),
  complexity: AxisReportSchema,
  category: AxisReportSchema,
});

export const TrainReportSchema = z.object({
  counts: z.object({ train: z.number(), eval: z.number() }),
  /** The new model on the held-out rows; null when nothing was held out. */
  trained: ClassifierScoreSchema.nullable(),
  /** The model shipped with mmrouter on the same held-out rows. */
  shipped: ClassifierScoreSchema.nullable(),
});

export const TRAIN_PHASES = ['load', 'embed', 'fit', 'evaluate'] as const;
export const TrainPhaseSchema = z.enum(TRAIN_PHASES);

export const TrainJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: TrainPhaseSchema.nullable(),
  done: z.number(),
  total: z.number(),
  report: TrainReportSchema.nullable(),
  error: z.string().nullable(),
  /** True once this job's model routes prompts. */
  active: z.boolean(),
});

export const ProxyStatusSchema = z.object({
  running: z.boolean(),
  /** Base URL clients use without the /v1, e.g. http://127.0.0.1:8080; null when stopped. */
  url: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  /** Why it is not running, e.g. "port 8080 is in use". */
  error: z.string().nullable(),
});

export const KeyInfoSchema = z.object({
  provider: z.string(),
  providerType: z.string(),
  /** The environment variable the key is read from. */
  env: z.string(),
  set: z.boolean(),
  /** Where the key in use comes from; null when none is set. */
  source: z.enum(['env', 'stored']).nullable(),
});
