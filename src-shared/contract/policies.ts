import { z } from 'zod';

/**
 * What the routing policies look like to the GUI: budget standing, breakers, cascade acceptance,
 * experiments and alerts. Mirrors the core's status types (src-main/core/policies, core/alerts),
 * which the handlers return as they are.
 */

const BudgetModeSchema = z.enum(['normal', 'warn', 'downgrade', 'over']);

/** One budget window's standing. */
export const BudgetWindowSchema = z.object({
  window: z.enum(['daily', 'monthly']),
  limitUsd: z.number(),
  spentUsd: z.number(),
  /** Worst-case cost held by attempts in flight. */
  reservedUsd: z.number(),
  /** (spent + reserved) / limit. */
  fraction: z.number(),
  mode: BudgetModeSchema,
  /** Epoch ms. */
  resetsAt: z.number(),
});

export const BudgetStatusSchema = z.object({
  timeZone: z.string(),
  /** The stricter window's mode. */
  mode: BudgetModeSchema,
  onExceeded: z.enum(['cheapest', 'reject']),
  windows: z.array(BudgetWindowSchema),
});

export const BreakerStatusSchema = z.object({
  scope: z.enum(['model', 'provider']),
  name: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  lastFailureAt: z.number().optional(),
  openedAt: z.number().optional(),
  opens: z.number().int(),
});

export const PoliciesStatusSchema = z.object({
  /** Absent when the config sets no budget. */
  budget: BudgetStatusSchema.optional(),
  /** Breakers that have seen traffic; empty when breakers are off or nothing failed yet. */
  breakers: z.array(BreakerStatusSchema),
  breakersEnabled: z.boolean(),
  cascadeEnabled: z.boolean(),
  /** Per cascade tier and model over the last 24 hours: answers judged and accepted. */
  cascade: z.array(z.object({ tier: z.string(), model: z.string(), answers: z.number().int(), accepted: z.number().int() })),
});

const IntervalSchema = z.object({ estimate: z.number(), low: z.number(), high: z.number() });

export const ExperimentReportSchema = z.object({
  name: z.string(),
  split: z.number(),
  running: z.boolean(),
  createdAt: z.number(),
  stoppedAt: z.number().optional(),
  variants: z.array(
    z.object({
      variant: z.enum(['control', 'treatment']),
      requests: z.number().int(),
      costPerRequestUsd: IntervalSchema,
      latencyP50Ms: IntervalSchema,
      latencyP95Ms: IntervalSchema,
      errorRate: IntervalSchema,
      /** Absent when no answer was rated. */
      thumbsUpRate: IntervalSchema.extend({ ratings: z.number().int() }).optional(),
    }),
  ),
  /** Treatment minus control with a 95% interval, per metric. */
  comparisons: z.array(
    z.object({
      metric: z.enum(['cost_per_request', 'latency_p50', 'latency_p95', 'error_rate', 'thumbs_up_rate']),
      difference: IntervalSchema,
      significant: z.boolean(),
      /** Requests (both variants) for the observed difference to become significant; absent when it is, or when none was seen. */
      moreRequestsNeeded: z.number().optional(),
    }),
  ),
});

export const ExperimentSummarySchema = z.object({
  name: z.string(),
  split: z.number(),
  controlPath: z.string(),
  treatmentPath: z.string(),
  createdAt: z.number(),
  stoppedAt: z.number().optional(),
});

export const AlertRecordSchema = z.object({
  ts: z.number(),
  rule: z.string(),
  kind: z.enum(['cost_spike', 'error_rate', 'budget', 'breaker', 'test']),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  channels: z.array(z.string()),
});

export const AlertsOverviewSchema = z.object({
  enabled: z.boolean(),
  channels: z.array(z.string()),
  cooldownS: z.number(),
  /** The rules as configured, in words. */
  rules: z.array(z.string()),
  /** Rules that fired, with when they may fire again. */
  fired: z.array(z.object({ rule: z.string(), lastFiredAt: z.number(), quietUntil: z.number() })),
  /** Newest first. */
  recent: z.array(AlertRecordSchema),
});

export type PoliciesStatus = z.infer<typeof PoliciesStatusSchema>;
export type ExperimentReportView = z.infer<typeof ExperimentReportSchema>;
export type ExperimentSummary = z.infer<typeof ExperimentSummarySchema>;
export type AlertsOverview = z.infer<typeof AlertsOverviewSchema>;
