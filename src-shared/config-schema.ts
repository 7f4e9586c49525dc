import { z } from 'zod';
import { CATEGORIES, COMPLEXITIES } from './labels';

/**
 * The YAML routing config. Keys are snake_case as users write them. Every section a later feature
 * reads is validated now, so a config written today keeps working as features land.
 */

const name = z.string().min(1).regex(/^[A-Za-z0-9._:/@-]+$/, 'use letters, digits and . _ : / @ -');
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name such as OPENAI_API_KEY');
const positive = z.number().positive();
const fraction = z.number().min(0).max(1);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const PROVIDER_TYPES = ['anthropic', 'openai', 'google', 'openai-compatible', 'simulator'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const ProviderConfigSchema = z
  .object({
    /** Defaults to the provider's key when that key is itself a provider type. */
    type: z.enum(PROVIDER_TYPES).optional(),
    base_url: z.url().optional(),
    /** Name of the environment variable holding the API key (never the key itself). */
    api_key_env: envVarName.optional(),
    timeout_ms: positive.int().optional(),
    max_retries: z.number().int().min(0).max(10).optional(),
    /** Extra HTTP headers sent upstream (e.g. OpenRouter's HTTP-Referer). Not for secrets. */
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const PricingSchema = z
  .object({
    /** USD per million tokens. */
    input: z.number().min(0),
    output: z.number().min(0),
    cache_read: z.number().min(0).optional(),
    cache_write: z.number().min(0).optional(),
  })
  .strict();

export const SimulatorProfileSchema = z
  .object({
    latency_ms: z.number().min(0).default(300),
    tokens_per_second: positive.default(80),
    /** Rough answer length in tokens; the simulator scales it with prompt complexity. */
    answer_tokens: positive.int().default(120),
  })
  .strict();

export const ModelConfigSchema = z
  .object({
    provider: name,
    /** Upstream model id; defaults to the model's key in `models`. */
    model: z.string().min(1).optional(),
    pricing: PricingSchema.optional(),
    /** Output token limit sent when the caller gives none. */
    max_tokens: positive.int().optional(),
    /** Used when this model is called by name (explicit model), tried in order. */
    fallbacks: z.array(name).default([]),
    simulator: SimulatorProfileSchema.optional(),
  })
  .strict();

export const RouteCellSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { model: v } : v),
  z.object({ model: name, fallbacks: z.array(name).default([]) }).strict(),
);

const categoryRoutes = z.object(Object.fromEntries(CATEGORIES.map((c) => [c, RouteCellSchema])) as Record<(typeof CATEGORIES)[number], typeof RouteCellSchema>).strict();
export const RoutesSchema = z.object(Object.fromEntries(COMPLEXITIES.map((c) => [c, categoryRoutes])) as Record<(typeof COMPLEXITIES)[number], typeof categoryRoutes>).strict();

export const CLASSIFIER_STRATEGIES = ['rules', 'embeddings', 'llm'] as const;

export const ClassifierConfigSchema = z
  .object({
    strategy: z.enum(CLASSIFIER_STRATEGIES).default('rules'),
    /** Confidence below this escalates one complexity tier. Strings are accepted for the reference's configs. */
    threshold: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), fraction).default(0.7),
    embeddings: z
      .object({
        /** transformers.js model: a hub id or a local folder. Defaults to the shipped model. */
        model: z.string().min(1).optional(),
        /** Folder written by `mmrouter train`. */
        trained_model: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    llm: z
      .object({
        model: name.optional(),
        timeout_ms: positive.int().default(5000),
      })
      .strict()
      .default({ timeout_ms: 5000 }),
  })
  .strict();

export const ProviderDefaultsSchema = z
  .object({
    timeout_ms: positive.int().default(30_000),
    max_retries: z.number().int().min(0).max(10).default(2),
  })
  .strict();

export const TrackingConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** SQLite file; `~` expands to the home folder. Relative paths are relative to the config file. */
    database: z.string().min(1).default('~/.mmrouter/mmrouter.db'),
    /** Store prompt and response text (off by default: prompts can be sensitive). */
    store_prompts: z.boolean().default(false),
    /** Write-behind batch window. */
    flush_interval_ms: positive.int().default(200),
  })
  .strict();

export const CascadeConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    min_response_chars: z.number().int().min(0).default(20),
    hedging_phrases: z.array(z.string().min(1)).default(["I'm not sure", 'I cannot', "I can't help", "I don't know", 'As an AI']),
    max_escalations: z.number().int().min(0).max(5).default(2),
    /** Which quality-gate checks escalate; each can be turned off. */
    checks: z
      .object({
        too_short: z.boolean().default(true),
        hedging: z.boolean().default(true),
        invalid_json: z.boolean().default(true),
        truncated: z.boolean().default(true),
      })
      .strict()
      .default({ too_short: true, hedging: true, invalid_json: true, truncated: true }),
  })
  .strict();

export const BudgetConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    daily_limit_usd: positive.optional(),
    monthly_limit_usd: positive.optional(),
    warn_at: fraction.default(0.75),
    downgrade_at: fraction.default(0.9),
    on_exceeded: z.enum(['cheapest', 'reject']).default('cheapest'),
    /** IANA time zone for the daily and monthly reset; default: the machine's. */
    timezone: z
      .string()
      .min(1)
      .refine(isTimeZone, { message: 'not an IANA time zone; use a name such as Europe/Berlin or UTC' })
      .optional(),
  })
  .strict()
  .refine((b) => !b.enabled || b.daily_limit_usd !== undefined, { message: 'budget.enabled needs budget.daily_limit_usd', path: ['daily_limit_usd'] })
  .refine((b) => b.warn_at <= b.downgrade_at, { message: 'warn_at must not exceed downgrade_at', path: ['warn_at'] });

const httpUrl = z.url().refine((u) => /^https?:\/\//i.test(u), { message: 'webhook URLs must start with http:// or https://' });
export const ALERT_EVENTS = ['cost_spike', 'error_rate', 'budget', 'breaker'] as const;

export const AlertsConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** `slack` posts Slack's incoming-webhook shape ({text, blocks}); `json` the alert itself. */
    webhooks: z.array(z.object({ url: httpUrl, format: z.enum(['json', 'slack']).default('json'), events: z.array(z.enum(ALERT_EVENTS)).optional() }).strict()).default([]),
    /** Also write each alert as one line on stderr. */
    log: z.boolean().default(true),
    cooldown_s: z.number().int().min(0).default(900),
    error_rate_threshold: fraction.default(0.2),
    cost_spike_factor: z.number().min(1).default(3),
    /** Window the error rate and the cost spike are measured over; the spike's baseline is the trailing hour before it. */
    window_s: positive.int().default(300),
    /** Fewer requests than this in the window raise no error-rate alert. */
    min_requests: z.number().int().min(1).default(20),
  })
  .strict();

export const ExperimentConfigSchema = z
  .object({
    name: name,
    control: z.string().min(1),
    treatment: z.string().min(1),
    split: fraction.default(0.5),
  })
  .strict();

export const AdaptiveConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    min_feedback: z.number().int().min(1).default(10),
    /** A rating's weight halves every this many days. */
    half_life_days: positive.default(14),
  })
  .strict();

export const BreakerConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    failure_threshold: z.number().int().min(1).default(5),
    cooldown_ms: positive.int().default(30_000),
    /** Also open when this share of calls failed over the window (besides `failure_threshold` in a row). */
    error_rate: z
      .object({
        threshold: z.number().gt(0).lt(1),
        window_ms: positive.int().default(60_000),
        min_requests: z.number().int().min(1).default(20),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    providers: z.record(name, ProviderConfigSchema),
    models: z.record(name, ModelConfigSchema),
    routes: RoutesSchema,
    /** Model whose price every request is compared against for "savings"; default: routes.medium.reasoning. */
    baseline_model: name.optional(),
    classifier: ClassifierConfigSchema.default(ClassifierConfigSchema.parse({})),
    provider: ProviderDefaultsSchema.default({ timeout_ms: 30_000, max_retries: 2 }),
    tracking: TrackingConfigSchema.default(TrackingConfigSchema.parse({})),
    cascade: CascadeConfigSchema.default(CascadeConfigSchema.parse({})),
    budget: BudgetConfigSchema.default(BudgetConfigSchema.parse({})),
    alerts: AlertsConfigSchema.default(AlertsConfigSchema.parse({})),
    adaptive: AdaptiveConfigSchema.default(AdaptiveConfigSchema.parse({})),
    breaker: BreakerConfigSchema.default(BreakerConfigSchema.parse({})),
    experiments: z.array(ExperimentConfigSchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type Pricing = z.infer<typeof PricingSchema>;
export type SimulatorProfile = z.infer<typeof SimulatorProfileSchema>;
export type RouteCell = z.infer<typeof RouteCellSchema>;

/** A provider entry with its type and defaults resolved (what the provider factory receives). */
export interface ResolvedProvider {
  name: string;
  type: ProviderType;
  baseUrl?: string;
  apiKeyEnv?: string;
  timeoutMs: number;
  maxRetries: number;
  headers: Record<string, string>;
}

export const DEFAULT_KEY_ENV: Record<ProviderType, string | undefined> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GOOGLE_API_KEY',
  'openai-compatible': undefined,
  simulator: undefined,
};
