import { z } from 'zod';
import {
  CategorySchema,
  CellCountsSchema,
  ClassificationSchema,
  ComplexitySchema,
  ConfigProblemSchema,
  DailyCostSchema,
  DatasetIssueSchema,
  DistributionRowSchema,
  KeyInfoSchema,
  LatencyPercentilesSchema,
  ModelEntrySchema,
  PresetSchema,
  ProxyStatusSchema,
  RatingSchema,
  RequestRecordSchema,
  RouteDecisionSchema,
  StatsSummarySchema,
  TimeRangeSchema,
  TrainJobSchema,
  UsageSchema,
} from './schemas';
import { AlertsOverviewSchema, ExperimentReportSchema, ExperimentSummarySchema, PoliciesStatusSchema } from './policies';

/**
 * Every operation the GUI (or a script) can ask of main, declared once: its input, its output and
 * one line saying what it does. Main implements them in one handler table typed against this
 * (src-main/server/api); the transports (Electron IPC, HTTP /api/<name>) are generated from it.
 * Later features add rows; existing rows only ever gain optional fields.
 */

const op = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) => ({ input, output, summary });
const none = z.object({});

const nonEmpty = z.string().min(1);
const id = z.string().min(1).max(200);
/** Providers' configured names: what `providers:` in the YAML lists. */
const providerName = z.string().min(1).max(100);

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  /** Where the database, configs and trained models live. */
  dataDir: z.string(),
  /** The user's config file (what config.save writes). */
  configPath: z.string(),
  /** The simulator config is routing (no provider is called, nothing is billed). */
  demo: z.boolean(),
  /** Classifier strategy in use, e.g. 'rules' or 'embeddings'. */
  classifier: z.string(),
  /** The user's config could not be loaded at start, so the demo config routes until it is fixed and saved. */
  configError: ConfigProblemSchema.extend({ path: z.string() }).optional(),
});

const ConfigCheckSchema = z.object({ valid: z.boolean(), errors: z.array(ConfigProblemSchema) });

export const ConfigDocumentSchema = z.object({
  /** The file the text came from: the user's config, or the shipped demo config in demo mode. */
  path: z.string(),
  yaml: z.string(),
  /** True in demo mode: the text is the shipped demo config; saving writes the user's config and leaves demo mode. */
  demo: z.boolean(),
  presets: z.array(PresetSchema),
  /**
   * Set when the user's config failed to load at start: `yaml` is then that broken file (to fix
   * in the editor) while the demo config routes; saving a valid text routes with it.
   */
  errors: z.array(ConfigProblemSchema).optional(),
});

export const PlaygroundPreviewSchema = ClassificationSchema.extend({
  /** Tier routed on, after escalation below the confidence threshold. */
  tier: ComplexitySchema,
  escalated: z.boolean(),
  /** The model it would go to, then its fallbacks. */
  model: z.string(),
  candidates: z.array(z.string()),
  reasons: z.array(z.string()),
});

export const PlaygroundResultSchema = z.object({
  runId: z.string(),
  requestId: z.string(),
  text: z.string(),
  model: z.string(),
  provider: z.string(),
  upstreamModel: z.string(),
  tier: ComplexitySchema.nullable(),
  complexity: ComplexitySchema.nullable(),
  category: CategorySchema.nullable(),
  confidence: z.number().nullable(),
  costUsd: z.number(),
  baselineCostUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  usage: UsageSchema,
  decision: RouteDecisionSchema,
});

const RequestPageSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(RequestRecordSchema),
});

const TrainPreviewSchema = z.object({
  format: z.enum(['yaml', 'jsonl', 'csv']),
  /** Rows that are usable. */
  rows: z.number().int(),
  /** Problems by 1-based line of the file; training refuses them unless acceptErrors. */
  errors: z.array(DatasetIssueSchema),
  counts: CellCountsSchema,
  /** The first usable rows, for a table preview. */
  sample: z.array(z.object({ line: z.number().int(), prompt: z.string(), complexity: ComplexitySchema, category: CategorySchema })),
});

const trainFile = {
  /** Picks the format by extension: .yaml/.yml, .jsonl/.ndjson, .csv. */
  fileName: z.string().min(1).max(500),
  content: z.string().max(50 * 1024 * 1024),
};

export const operations = {
  'app.info': op(none, AppInfoSchema, 'Version, mode, data folder, config path, whether demo mode is on.'),

  'config.get': op(none, ConfigDocumentSchema, 'The active config text and the presets that ship in configs/.'),
  'config.validate': op(z.object({ yaml: z.string() }), ConfigCheckSchema, 'Checks YAML text as config.save would, without saving: errors at their line and column.'),
  'config.save': op(
    z.object({ yaml: z.string() }),
    ConfigCheckSchema.extend({ saved: z.boolean(), path: z.string() }),
    'Writes the text as given (comments kept) and routes with it at once; refused, file untouched, when invalid.',
  ),
  'config.preset': op(z.object({ name: nonEmpty }), z.object({ name: z.string(), yaml: z.string() }), 'The text of a shipped preset, to load into the editor.'),
  'config.setRoute': op(
    z.object({ yaml: z.string(), complexity: ComplexitySchema, category: CategorySchema, model: nonEmpty }),
    z.object({ yaml: z.string() }),
    "Points one route cell at a model in the given text (the form view's edit), keeping fallbacks, comments and layout; nothing is saved.",
  ),
  'demo.set': op(z.object({ enabled: z.boolean() }), AppInfoSchema, 'Routes with the offline simulator config (demo mode), or back to the user config.'),

  'playground.classify': op(z.object({ prompt: z.string().max(200_000) }), PlaygroundPreviewSchema, 'Classifies a prompt and says where it would go, calling no model. Cheap: call it as the user types.'),
  'playground.run': op(
    z.object({
      /** Chosen by the caller so it can match the events before the call returns. */
      runId: id,
      prompt: nonEmpty.max(200_000),
      /** 'auto' (default) routes by the classifier; a configured model name skips it. */
      model: nonEmpty.optional(),
      system: z.string().optional(),
      maxTokens: z.number().int().positive().max(200_000).optional(),
    }),
    PlaygroundResultSchema,
    'Routes the prompt, streaming playground.token events, then playground.done (or playground.error); resolves with the result. Recorded with source "playground".',
  ),
  'playground.cancel': op(z.object({ runId: id }), z.object({ cancelled: z.boolean() }), 'Stops a running playground.run (it then fails with playground.error).'),
  'feedback.submit': op(z.object({ requestId: id, rating: RatingSchema, comment: z.string().max(2000).optional() }), z.object({ requestId: z.string(), rating: RatingSchema }), 'Rates an answered request; a later rating replaces an earlier one.'),

  'models.list': op(none, z.object({ models: z.array(ModelEntrySchema), baselineModel: z.string() }), 'Configured models with provider, route cells, prices and whether their key is set.'),

  'stats.summary': op(
    TimeRangeSchema,
    z.object({
      summary: StatsSummarySchema,
      /** One entry per local day in the range (at most the last 366), oldest first, zero-filled. */
      daily: z.array(DailyCostSchema),
      byComplexity: z.array(DistributionRowSchema),
      byCategory: z.array(DistributionRowSchema),
      byModel: z.array(DistributionRowSchema),
      latency: LatencyPercentilesSchema,
    }),
    'Totals, savings against the baseline model, daily cost, distributions and latency percentiles over a time range.',
  ),
  'requests.list': op(
    TimeRangeSchema.extend({
      /** Matches id, model, provider, source, labels and stored prompt text. */
      search: z.string().max(500).optional(),
      /** 1-based. */
      page: z.number().int().positive().default(1),
      pageSize: z.number().int().positive().max(500).default(50),
    }),
    RequestPageSchema,
    'The request log, newest first, searchable and paged.',
  ),
  'requests.get': op(z.object({ id }), z.object({ request: RequestRecordSchema, rating: RatingSchema.nullable() }), 'One request with its decision (attempts, reasons) and its rating.'),

  'train.preview': op(z.object(trainFile), TrainPreviewSchema, 'Parses a labeled file: usable rows, row errors by line, counts per route cell.'),
  'train.start': op(
    z.object({
      ...trainFile,
      /** Train on the good rows even though some rows have errors. */
      acceptErrors: z.boolean().default(false),
      /** Share of each cell held out to score the model (0 trains on everything). */
      evalFraction: z.number().min(0).max(0.9).default(0.2),
      seed: z.number().int().default(42),
    }),
    z.object({ jobId: z.string() }),
    'Starts training the embedding classifier; progress comes as train.progress, the end as train.done or train.failed.',
  ),
  'train.get': op(z.object({ jobId: id }), TrainJobSchema, "A training job's state, progress and report."),
  'train.cancel': op(z.object({ jobId: id }), TrainJobSchema, 'Stops a running job (it ends with train.failed, cancelled: true).'),
  'train.activate': op(
    z.object({ jobId: id }),
    z.object({ jobId: z.string(), modelDir: z.string(), configPath: z.string() }),
    "Saves a finished job's model and routes with it: the config's classifier becomes embeddings with this trained model.",
  ),

  'proxy.status': op(none, ProxyStatusSchema, 'Whether the local proxy is listening, and where.'),
  'proxy.setEnabled': op(
    z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535).optional() }),
    ProxyStatusSchema,
    'Starts or stops the local proxy; a port in use is reported in `error`, not thrown.',
  ),

  'keys.list': op(none, z.object({ keys: z.array(KeyInfoSchema) }), 'Providers that need a key, whether it is set and where it comes from. Never the key.'),
  'keys.set': op(z.object({ provider: providerName, key: z.string().trim().min(8).max(1000) }), KeyInfoSchema, 'Stores a provider key (OS keychain in the app) and routes with it at once.'),
  'keys.delete': op(z.object({ provider: providerName }), KeyInfoSchema, 'Forgets a stored key (an environment variable, if set, applies again).'),
  'keys.check': op(z.object({ provider: providerName }), z.object({ provider: z.string(), ok: z.boolean(), message: z.string(), latencyMs: z.number() }), "Checks a provider's key with one tiny call."),

  'policies.status': op(none, PoliciesStatusSchema, 'Budget standing per window, breaker states and cascade acceptance over the last 24 hours.'),
  'experiments.list': op(none, z.object({ experiments: z.array(ExperimentSummarySchema) }), 'Every experiment, oldest first, running or stopped.'),
  'experiments.create': op(
    z.object({
      name: z.string().trim().min(1).max(200),
      /** A shipped preset's name (configs/) or a routing config's path, as `mmrouter experiment create` takes it. */
      control: nonEmpty,
      treatment: nonEmpty,
      /** Share of prompts sent to the treatment. */
      split: z.number().min(0).max(1).default(0.5),
    }),
    ExperimentReportSchema,
    'Starts an A/B experiment between two routing configs; both must route only to models the serving config defines.',
  ),
  'experiments.status': op(z.object({ name: nonEmpty }), ExperimentReportSchema, 'Per variant: cost/request, latency p50/p95, error and thumbs-up rate with 95% intervals; whether each difference is significant and how many more requests would make it so.'),
  'experiments.stop': op(z.object({ name: nonEmpty }), ExperimentReportSchema, "Stops an experiment: its prompts go back to the serving config; its results stay."),
  'alerts.list': op(none, AlertsOverviewSchema, 'The alert rules, channels and cooldown, the rules that fired and until when they stay quiet, and the alerts fired, newest first.'),
  'alerts.test': op(
    z.object({ webhookUrl: z.string().min(1).max(2000), format: z.enum(['json', 'slack']).optional() }),
    z.object({ channel: z.string(), format: z.enum(['json', 'slack']) }),
    'Sends a test alert to a webhook now; resolves once it arrived (then it is in the history), fails saying why it did not.',
  ),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
/** What a caller sends (defaults may be left out). */
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Operations[K]['output']>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

export type AppInfo = z.infer<typeof AppInfoSchema>;
export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;
export type PlaygroundPreview = z.infer<typeof PlaygroundPreviewSchema>;
export type PlaygroundResult = z.infer<typeof PlaygroundResultSchema>;
