import { CATEGORIES, COMPLEXITIES } from '../../../src-shared/labels';
import { EmbeddingClassifier, loadEmbedder } from '../classifier/embeddings';
import { fitHead } from '../classifier/embeddings/fit-head';
import { RulesClassifier } from '../classifier/rules';
import type { Classifier } from '../classifier/types';
import type { LabeledPrompt } from './dataset';
import { addReliability, emptyReliability, evaluateClassifier, expectedCalibrationError, table, withAccuracy, type EvalReport, type Tally } from './evaluate';

/**
 * Leave-one-source-out evaluation: for every source in a corpus, the embedding head is trained on
 * all the other sources and scored on that one; the rules, which learn nothing, are scored on it
 * as they are. A model that learned a source's style instead of the task scores well on a random
 * split and badly here, so this is the figure to trust for prompts from a source never seen.
 */

export type BySourceStrategy = 'rules' | 'embeddings';

export interface SourceResult {
  source: string;
  report: EvalReport;
}

export interface Pooled {
  n: number;
  overall: number;
  complexity: number;
  category: number;
}

/** One complexity/category cell's held-out predictions, pooled over the sources that have it. */
export interface CellResult extends Pooled {
  /** `complex/code` */
  cell: string;
}

export interface BySourceEval {
  strategy: BySourceStrategy;
  sources: SourceResult[];
  /** Every cell the corpus fills, in label order: where a classifier is weak, whatever the sources' mix. */
  cells: CellResult[];
  /** Every held-out prediction pooled, each row counted once. */
  pooled: Pooled;
  /**
   * The mean over the label cells of each cell's pooled accuracy: a test set with the same number of
   * prompts in every cell (as a routing benchmark is built) would score this, whatever the corpus's mix.
   */
  cellBalanced: Pooled;
  /** Expected calibration error of the confidence over every held-out prediction (the router escalates on it). */
  calibrationError: number;
  /** How often the labels are right above and below the router's escalation threshold: does the confidence separate? */
  separation: { threshold: number; high: Tally; low: Tally };
}

export interface BySourceOptions {
  strategies: readonly BySourceStrategy[];
  seed: number;
  /** Sources never held out (still trained on), e.g. our own hand-written sets. */
  trainOnly?: readonly string[];
  onProgress?(phase: string, done: number, total: number): void;
  signal?: AbortSignal;
}

export async function evaluateBySource(rows: readonly LabeledPrompt[], opts: BySourceOptions): Promise<BySourceEval[]> {
  const untagged = rows.filter((r) => !r.source).length;
  if (untagged > 0) throw new RangeError(`${untagged} rows have no source; leave-one-source-out needs a "source" column on every row`);
  const sources = [...new Set(rows.map((r) => r.source!))].filter((s) => !opts.trainOnly?.includes(s)).sort();
  if (sources.length < 2) throw new RangeError(`leave-one-source-out needs at least two sources, found ${sources.length}`);
  const results: BySourceEval[] = [];
  for (const strategy of opts.strategies) {
    const perSource = strategy === 'rules' ? await rulesBySource(rows, sources, opts) : await embeddingsBySource(rows, sources, opts);
    const reliability = perSource.reduce((bins, { report }) => addReliability(bins, report.reliability), emptyReliability());
    results.push({ strategy, sources: perSource, ...summarise(rows, perSource), calibrationError: expectedCalibrationError(reliability), separation: separation(perSource) });
  }
  return results;
}

async function rulesBySource(rows: readonly LabeledPrompt[], sources: string[], opts: BySourceOptions): Promise<SourceResult[]> {
  const rules = new RulesClassifier();
  const out: SourceResult[] = [];
  for (const [i, source] of sources.entries()) {
    out.push({ source, report: await evaluateClassifier(rules, rows.filter((r) => r.source === source), withSignal(opts)) });
    opts.onProgress?.('rules', i + 1, sources.length);
  }
  return out;
}

async function embeddingsBySource(rows: readonly LabeledPrompt[], sources: string[], opts: BySourceOptions): Promise<SourceResult[]> {
  const embedder = await loadEmbedder();
  // Each prompt is embedded once; every fold reuses the vectors.
  const vectors = await embedder.embed(rows.map((r) => r.prompt));
  const out: SourceResult[] = [];
  for (const [i, source] of sources.entries()) {
    const train = rows.flatMap((r, k) => (r.source === source ? [] : [k]));
    const head = await fitHead(
      train.map((k) => rows[k]!),
      train.map((k) => vectors[k]!),
      { seed: opts.seed, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
    const classifier: Classifier = new EmbeddingClassifier(embedder, head);
    out.push({ source, report: await evaluateClassifier(classifier, rows.filter((r) => r.source === source), withSignal(opts)) });
    opts.onProgress?.('embeddings', i + 1, sources.length);
  }
  return out;
}

function separation(perSource: readonly SourceResult[]): BySourceEval['separation'] {
  const pool = (side: 'high' | 'low'): Tally =>
    withAccuracy(perSource.reduce((sum, { report }) => ({ n: sum.n + report.confidence[side].n, correct: sum.correct + report.confidence[side].correct }), { n: 0, correct: 0 }));
  return { threshold: perSource[0]?.report.confidence.threshold ?? 0, high: pool('high'), low: pool('low') };
}

function withSignal(opts: BySourceOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {};
}

function summarise(rows: readonly LabeledPrompt[], perSource: SourceResult[]): Pick<BySourceEval, 'pooled' | 'cellBalanced' | 'cells'> {
  // Per cell: [rows, both right, complexity right, category right], from each report's misclassified rows (keyed by line).
  const cells = new Map<string, [number, number, number, number]>();
  for (const { source, report } of perSource) {
    const wrong = new Map(report.misclassified.map((m) => [m.line, m] as const));
    for (const r of rows) {
      if (r.source !== source) continue;
      const key = `${r.complexity}/${r.category}`;
      const cell = cells.get(key) ?? [0, 0, 0, 0];
      const m = wrong.get(r.line);
      cell[0]++;
      if (!m) cell[1]++;
      if (!m || m.predicted.complexity === r.complexity) cell[2]++;
      if (!m || m.predicted.category === r.category) cell[3]++;
      cells.set(key, cell);
    }
  }
  const all = [...cells.values()];
  const sum = (i: number): number => all.reduce((s, c) => s + c[i]!, 0);
  const n = sum(0);
  const perCell = COMPLEXITIES.flatMap((cx) => CATEGORIES.map((cat) => `${cx}/${cat}`)).flatMap((cell): CellResult[] => {
    const c = cells.get(cell);
    return c ? [{ cell, n: c[0], overall: c[1] / c[0], complexity: c[2] / c[0], category: c[3] / c[0] }] : [];
  });
  const mean = (axis: 'overall' | 'complexity' | 'category'): number => perCell.reduce((s, c) => s + c[axis], 0) / perCell.length;
  return {
    pooled: { n, overall: sum(1) / n, complexity: sum(2) / n, category: sum(3) / n },
    cellBalanced: { n: perCell.length, overall: mean('overall'), complexity: mean('complexity'), category: mean('category') },
    cells: perCell,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * One row per held-out source, then the pooled and cell-balanced figures, then one row per label
 * cell (its prompts pooled over the sources, each predicted with its own source held out); each
 * strategy as overall / complexity / category.
 */
export function formatBySource(results: readonly BySourceEval[]): string {
  const header = ['held-out source', 'n', ...results.flatMap((r) => [`${r.strategy} overall`, 'cmplx', 'categ'])];
  const axes = (p: { overall: number; complexity: number; category: number }): string[] => [pct(p.overall), pct(p.complexity), pct(p.category)];
  const sources = results[0]?.sources.map((s) => s.source) ?? [];
  const rows = [
    header,
    ...sources.map((source, i) => [
      source,
      String(results[0]?.sources[i]?.report.n ?? 0),
      ...results.flatMap((r) => {
        const report = r.sources[i]!.report;
        return axes({ overall: report.accuracy, complexity: report.complexity.accuracy, category: report.category.accuracy });
      }),
    ]),
    ['pooled', String(results[0]?.pooled.n ?? 0), ...results.flatMap((r) => axes(r.pooled))],
    ['cell-balanced', `${results[0]?.cellBalanced.n ?? 0} cells`, ...results.flatMap((r) => axes(r.cellBalanced))],
  ];
  const cells = [
    ['held-out cell', 'n', ...results.flatMap((r) => [`${r.strategy} overall`, 'cmplx', 'categ'])],
    ...(results[0]?.cells ?? []).map((c, i) => [c.cell, String(c.n), ...results.flatMap((r) => axes(r.cells[i] ?? c))]),
  ];
  const calibration = results.map((r) => `${r.strategy} ${pct(r.calibrationError)}`).join(', ');
  const separated = results
    .map(({ strategy, separation: { threshold, high, low } }) => `${strategy} ${pct(high.accuracy)} of ${high.n} at ≥ ${threshold}, ${pct(low.accuracy)} of ${low.n} below`)
    .join('; ');
  return `${table(rows)}\n\n${table(cells)}\n\nExpected calibration error of the confidence (10 bins, every held-out prompt): ${calibration}\nRight on both axes by confidence (the router escalates below the threshold): ${separated}`;
}
