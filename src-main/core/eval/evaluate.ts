import { CATEGORIES, COMPLEXITIES } from '../../../src-shared/labels';
import type { Category, Classification, Complexity } from '../../../src-shared/labels';
import type { Classifier } from '../classifier/types';
import type { LabeledPrompt } from './dataset';

export interface AxisReport<L extends string> {
  labels: readonly L[];
  correct: number;
  accuracy: number;
  /** confusion[actual][predicted], both indexed in `labels` order. */
  confusion: number[][];
}

export interface Tally {
  n: number;
  /** Both labels right. */
  correct: number;
  /** 0 when n is 0. */
  accuracy: number;
}

export interface LengthBucket extends Tally {
  /** Prompt length in characters: minChars <= length < maxChars (maxChars null = no upper bound). */
  minChars: number;
  maxChars: number | null;
}

export interface Misclassified {
  prompt: string;
  line: number;
  expected: { complexity: Complexity; category: Category };
  predicted: Classification;
}

export interface EvalReport {
  classifier: string;
  n: number;
  correct: number;
  accuracy: number;
  complexity: AxisReport<Complexity>;
  category: AxisReport<Category>;
  lengthBuckets: LengthBucket[];
  confidence: { threshold: number; high: Tally; low: Tally };
  /** Reliability: the prompts in each tenth of the confidence scale, how confident and how often right. */
  reliability: ReliabilityBin[];
  /** Wall time of one classify() call, in microseconds. */
  latency: { medianUs: number; p99Us: number };
  misclassified: Misclassified[];
}

export interface ReliabilityBin {
  n: number;
  /** Both labels right. */
  correct: number;
  confidenceSum: number;
}

const RELIABILITY_BINS = 10;

/**
 * Expected calibration error: the gap between stated confidence and accuracy, bin by bin, weighted
 * by the bin's share of prompts. 0 when "0.8 confident" means right 80% of the time throughout.
 */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const n = bins.reduce((sum, b) => sum + b.n, 0);
  return n === 0 ? 0 : bins.reduce((sum, b) => sum + Math.abs(b.confidenceSum - b.correct), 0) / n;
}

/** Adds b's bins to a's. */
export function addReliability(a: readonly ReliabilityBin[], b: readonly ReliabilityBin[]): ReliabilityBin[] {
  return a.map((bin, i) => ({ n: bin.n + (b[i]?.n ?? 0), correct: bin.correct + (b[i]?.correct ?? 0), confidenceSum: bin.confidenceSum + (b[i]?.confidenceSum ?? 0) }));
}

export const emptyReliability = (): ReliabilityBin[] => Array.from({ length: RELIABILITY_BINS }, () => ({ n: 0, correct: 0, confidenceSum: 0 }));

export interface EvaluateOptions {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Confidence below this counts as "low" (the router's default escalation threshold). */
  threshold?: number;
}

/** Bucket edges in characters: a one-line lookup, a short request, a paragraph, a long task. */
const LENGTH_EDGES = [0, 50, 150, 400] as const;

/** Runs the classifier over every row, one at a time so latency is per prompt. */
export async function evaluateClassifier(classifier: Classifier, rows: readonly LabeledPrompt[], opts: EvaluateOptions = {}): Promise<EvalReport> {
  if (rows.length === 0) throw new RangeError('cannot evaluate a classifier on zero prompts');
  const threshold = opts.threshold ?? 0.7;
  const complexityConfusion = square(COMPLEXITIES.length);
  const categoryConfusion = square(CATEGORIES.length);
  const buckets = LENGTH_EDGES.map((minChars, i) => ({ minChars, maxChars: LENGTH_EDGES[i + 1] ?? null, n: 0, correct: 0 }));
  const high = { n: 0, correct: 0 };
  const low = { n: 0, correct: 0 };
  const latenciesUs: number[] = [];
  const misclassified: Misclassified[] = [];
  const reliability = emptyReliability();
  let correct = 0;

  for (const [i, row] of rows.entries()) {
    opts.signal?.throwIfAborted();
    const start = process.hrtime.bigint();
    const predicted = await classifier.classify(row.prompt, opts.signal);
    latenciesUs.push(Number(process.hrtime.bigint() - start) / 1000);

    const actualCx = COMPLEXITIES.indexOf(row.complexity);
    const actualCat = CATEGORIES.indexOf(row.category);
    increment(complexityConfusion, actualCx, COMPLEXITIES.indexOf(predicted.complexity));
    increment(categoryConfusion, actualCat, CATEGORIES.indexOf(predicted.category));
    const ok = predicted.complexity === row.complexity && predicted.category === row.category;
    const bucket = buckets.findLast((b) => row.prompt.length >= b.minChars);
    const side = predicted.confidence >= threshold ? high : low;
    for (const tally of [bucket, side]) {
      if (!tally) continue;
      tally.n++;
      if (ok) tally.correct++;
    }
    const bin = reliability[Math.min(Math.max(Math.floor(predicted.confidence * RELIABILITY_BINS), 0), RELIABILITY_BINS - 1)]!;
    bin.n++;
    bin.confidenceSum += predicted.confidence;
    if (ok) bin.correct++;
    if (ok) correct++;
    else misclassified.push({ prompt: row.prompt, line: row.line, expected: { complexity: row.complexity, category: row.category }, predicted });
    opts.onProgress?.(i + 1, rows.length);
  }

  const sorted = latenciesUs.sort((a, b) => a - b);
  return {
    classifier: classifier.strategy,
    n: rows.length,
    correct,
    accuracy: correct / rows.length,
    complexity: axisReport(COMPLEXITIES, complexityConfusion),
    category: axisReport(CATEGORIES, categoryConfusion),
    lengthBuckets: buckets.map(withAccuracy),
    confidence: { threshold, high: withAccuracy(high), low: withAccuracy(low) },
    reliability,
    latency: { medianUs: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99) },
    misclassified,
  };
}

function square(size: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(0));
}

function increment(matrix: number[][], actual: number, predicted: number): void {
  const row = matrix[actual];
  // A classifier returning a label outside the enum is a bug there; it is counted as wrong, not as a crash here.
  if (row && predicted >= 0) row[predicted] = (row[predicted] ?? 0) + 1;
}

function axisReport<L extends string>(labels: readonly L[], confusion: number[][]): AxisReport<L> {
  const n = confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const correct = confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return { labels, correct, accuracy: n === 0 ? 0 : correct / n, confusion };
}

export function withAccuracy<T extends { n: number; correct: number }>(t: T): T & Tally {
  return { ...t, accuracy: t.n === 0 ? 0 : t.correct / t.n };
}

/** Linear interpolation between closest ranks, on an ascending array. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.ceil(pos)] ?? a;
  return a + (b - a) * (pos - lo);
}

// ---------------------------------------------------------------- terminal formatting

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** 12.3 µs, 4.56 ms, 1.23 s: three significant-ish figures in the unit a human reads fastest. */
export function formatMicros(us: number): string {
  if (us < 1000) return `${us.toFixed(us < 10 ? 2 : 1)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(2)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned (numbers) unless told otherwise. */
export function table(rows: string[][], alignRight = true): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 || !alignRight ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

function confusionTable(axis: AxisReport<string>): string {
  const header = ['actual \\ predicted', ...axis.labels];
  return table([header, ...axis.confusion.map((row, i) => [axis.labels[i] ?? '', ...row.map(String)])]);
}

function bucketLabel(b: LengthBucket): string {
  return b.maxChars === null ? `>= ${b.minChars} chars` : b.minChars === 0 ? `< ${b.maxChars} chars` : `${b.minChars}-${b.maxChars - 1} chars`;
}

function tallyCell(t: Tally): string {
  return t.n === 0 ? '-' : `${pct(t.accuracy)} (${t.correct}/${t.n})`;
}

export interface FormatOptions {
  /** List up to this many misclassified prompts at the end (default none). */
  misclassified?: number;
}

export function formatEvalReport(report: EvalReport, opts: FormatOptions = {}): string {
  const { threshold, high, low } = report.confidence;
  const lines = [
    `Classifier: ${report.classifier} (${report.n} prompts)`,
    `Overall:    ${pct(report.accuracy)} (${report.correct}/${report.n})`,
    `Complexity: ${pct(report.complexity.accuracy)} (${report.complexity.correct}/${report.n})`,
    `Category:   ${pct(report.category.accuracy)} (${report.category.correct}/${report.n})`,
    '',
    'Complexity confusion (rows: actual, columns: predicted)',
    confusionTable(report.complexity),
    '',
    'Category confusion (rows: actual, columns: predicted)',
    confusionTable(report.category),
    '',
    'Accuracy by prompt length',
    table(
      report.lengthBuckets.map((b) => [`  ${bucketLabel(b)}`, tallyCell(b)]),
      false,
    ),
    '',
    `Confidence >= ${threshold.toFixed(2)}: ${tallyCell(high)}`,
    `Confidence <  ${threshold.toFixed(2)}: ${tallyCell(low)}`,
    '',
    `Latency per prompt: median ${formatMicros(report.latency.medianUs)}, p99 ${formatMicros(report.latency.p99Us)}`,
  ];
  const shown = report.misclassified.slice(0, opts.misclassified ?? 0);
  if (shown.length > 0) {
    lines.push('', `Misclassified (${shown.length} of ${report.misclassified.length})`);
    for (const m of shown) {
      const text = m.prompt.replace(/\s+/g, ' ');
      lines.push(
        `  line ${m.line}: expected ${m.expected.complexity}/${m.expected.category}, got ${m.predicted.complexity}/${m.predicted.category} (${m.predicted.confidence.toFixed(2)})`,
        `    ${text.length > 100 ? `${text.slice(0, 97)}...` : text}`,
      );
    }
  }
  return lines.join('\n');
}

export function formatComparison(reports: readonly { name: string; report: EvalReport }[]): string {
  return table([
    ['Classifier', 'Overall', 'Complexity', 'Category', 'Median', 'p99'],
    ...reports.map(({ name, report }) => [
      name,
      pct(report.accuracy),
      pct(report.complexity.accuracy),
      pct(report.category.accuracy),
      formatMicros(report.latency.medianUs),
      formatMicros(report.latency.p99Us),
    ]),
  ]);
}
