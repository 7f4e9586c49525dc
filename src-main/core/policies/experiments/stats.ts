import type { ExperimentDefinition, Variant, VariantSamples } from '../../tracker/ports';

/** 95% two-sided. */
const Z = 1.959963984540054;
/** 80% power. */
const Z_POWER = 0.8416212335729143;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface VariantReport {
  variant: Variant;
  requests: number;
  costPerRequestUsd: Interval;
  latencyP50Ms: Interval;
  latencyP95Ms: Interval;
  errorRate: Interval;
  /** Share of rated answers rated up; absent when none was rated. */
  thumbsUpRate?: Interval & { ratings: number };
}

export type Metric = 'cost_per_request' | 'latency_p50' | 'latency_p95' | 'error_rate' | 'thumbs_up_rate';

/** Treatment minus control, with a 95% interval. */
export interface Comparison {
  metric: Metric;
  difference: Interval;
  /** The interval excludes zero. */
  significant: boolean;
  /**
   * More requests (both variants together, at this split) for the observed difference to become
   * significant with 80% power; absent when it already is, or when no difference was observed.
   */
  moreRequestsNeeded?: number;
}

export interface ExperimentReport {
  name: string;
  split: number;
  running: boolean;
  createdAt: number;
  stoppedAt?: number;
  variants: [VariantReport, VariantReport];
  comparisons: Comparison[];
}

interface Estimate {
  value: number;
  /** Standard error of the estimate. */
  se: number;
  n: number;
}

/**
 * Compares the two variants. Means use the normal approximation (Welch's standard error for the
 * difference); rates use Wilson intervals and Newcombe's hybrid score interval for the difference;
 * percentiles use the distribution-free order-statistic interval, whose width gives the standard
 * error (Price & Bonett) for the difference of two percentiles.
 */
export function compareVariants(def: ExperimentDefinition, samples: readonly VariantSamples[]): ExperimentReport {
  const [control, treatment] = [find(samples, 'control'), find(samples, 'treatment')];
  const variants: [VariantReport, VariantReport] = [variantReport(control), variantReport(treatment)];
  const comparisons: Comparison[] = [
    meanComparison('cost_per_request', costEstimate(control), costEstimate(treatment), def.split),
    meanComparison('latency_p50', percentileEstimate(control.latenciesMs, 0.5), percentileEstimate(treatment.latenciesMs, 0.5), def.split),
    meanComparison('latency_p95', percentileEstimate(control.latenciesMs, 0.95), percentileEstimate(treatment.latenciesMs, 0.95), def.split),
    rateComparison('error_rate', control.errors, control.requests, treatment.errors, treatment.requests, def.split),
  ];
  const ratedC = control.up + control.down;
  const ratedT = treatment.up + treatment.down;
  if (ratedC > 0 && ratedT > 0) comparisons.push(rateComparison('thumbs_up_rate', control.up, ratedC, treatment.up, ratedT, def.split));
  const report: ExperimentReport = { name: def.name, split: def.split, running: def.stoppedAt === undefined, createdAt: def.createdAt, variants, comparisons };
  if (def.stoppedAt !== undefined) report.stoppedAt = def.stoppedAt;
  return report;
}

function find(samples: readonly VariantSamples[], variant: Variant): VariantSamples {
  return samples.find((s) => s.variant === variant) ?? { variant, requests: 0, errors: 0, costSumUsd: 0, costSumSqUsd: 0, latenciesMs: [], up: 0, down: 0 };
}

function variantReport(s: VariantSamples): VariantReport {
  const cost = costEstimate(s);
  const report: VariantReport = {
    variant: s.variant,
    requests: s.requests,
    costPerRequestUsd: around(cost),
    latencyP50Ms: percentileInterval(s.latenciesMs, 0.5),
    latencyP95Ms: percentileInterval(s.latenciesMs, 0.95),
    errorRate: wilson(s.errors, s.requests),
  };
  const rated = s.up + s.down;
  if (rated > 0) report.thumbsUpRate = { ...wilson(s.up, rated), ratings: rated };
  return report;
}

function costEstimate(s: VariantSamples): Estimate {
  const n = s.requests;
  if (n === 0) return { value: 0, se: 0, n };
  const mean = s.costSumUsd / n;
  const variance = n > 1 ? Math.max(0, (s.costSumSqUsd - n * mean * mean) / (n - 1)) : 0;
  return { value: mean, se: Math.sqrt(variance / n), n };
}

function around(e: Estimate): Interval {
  return { estimate: e.value, low: e.value - Z * e.se, high: e.value + Z * e.se };
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The order statistics that bracket the q-th percentile with 95% confidence. */
function percentileInterval(sorted: readonly number[], q: number): Interval {
  const n = sorted.length;
  const estimate = percentile(sorted, q);
  if (n === 0) return { estimate, low: 0, high: 0 };
  const half = Z * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + half) - 1);
  return { estimate, low: sorted[lo]!, high: sorted[hi]! };
}

function percentileEstimate(sorted: readonly number[], q: number): Estimate {
  const i = percentileInterval(sorted, q);
  return { value: i.estimate, se: (i.high - i.low) / (2 * Z), n: sorted.length };
}

function meanComparison(metric: Metric, c: Estimate, t: Estimate, split: number): Comparison {
  const d = t.value - c.value;
  const se = Math.sqrt(c.se ** 2 + t.se ** 2);
  const difference = { estimate: d, low: d - Z * se, high: d + Z * se };
  const comparison: Comparison = { metric, difference, significant: c.n > 0 && t.n > 0 && (difference.low > 0 || difference.high < 0) };
  // Per-observation variances, so the sample size for this difference can be solved for.
  const more = moreNeeded(d, c.se ** 2 * c.n, t.se ** 2 * t.n, c.n + t.n, split);
  if (!comparison.significant && more !== undefined) comparison.moreRequestsNeeded = more;
  return comparison;
}

function rateComparison(metric: Metric, xc: number, nc: number, xt: number, nt: number, split: number): Comparison {
  const c = wilson(xc, nc);
  const t = wilson(xt, nt);
  const d = t.estimate - c.estimate;
  // Newcombe's hybrid score interval for a difference of proportions.
  const difference = {
    estimate: d,
    low: d - Math.sqrt((t.estimate - t.low) ** 2 + (c.high - c.estimate) ** 2),
    high: d + Math.sqrt((t.high - t.estimate) ** 2 + (c.estimate - c.low) ** 2),
  };
  const comparison: Comparison = { metric, difference, significant: nc > 0 && nt > 0 && (difference.low > 0 || difference.high < 0) };
  const more = moreNeeded(d, c.estimate * (1 - c.estimate), t.estimate * (1 - t.estimate), nc + nt, split);
  if (!comparison.significant && more !== undefined) comparison.moreRequestsNeeded = more;
  return comparison;
}

/** Wilson score interval for x successes in n trials. */
function wilson(x: number, n: number): Interval {
  if (n === 0) return { estimate: 0, low: 0, high: 0 };
  const p = x / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Total requests still needed for a difference `d` to be detected with 80% power at this split,
 * given each variant's per-request variance; undefined when nothing differs yet.
 */
function moreNeeded(d: number, varControl: number, varTreatment: number, have: number, split: number): number | undefined {
  if (d === 0 || !Number.isFinite(d) || split <= 0 || split >= 1) return undefined;
  // With N requests in all, the control gets N(1-s) and the treatment Ns.
  const total = ((Z + Z_POWER) ** 2 * (varControl / (1 - split) + varTreatment / split)) / (d * d);
  if (!Number.isFinite(total)) return undefined;
  return Math.max(0, Math.ceil(total - have));
}
