import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../../../../src-shared/labels';
import { FEATURE_NAMES } from './features';
import { headInput, standardize, type AxisHead, type TrainedHead } from './head';
import { normalEquations, solveRidge, subtract } from './ridge';
import { fitTemperature, logits, softmax } from './softmax';
import { seededRandom } from '../../seeded-random';

export interface HeadExample {
  prompt: string;
  complexity: Complexity;
  category: Category;
  /** The dataset it came from: with three or more sources, cross-validation holds out whole sources. */
  source?: string;
}

export interface FitProgress {
  (done: number, total: number): void;
}

/**
 * Penalties tried by cross-validation (relative to the total sample weight), strongest first so
 * the stronger wins ties: one for the embedding's columns, one for the structural features'. Two,
 * because the embedding describes a prompt's wording, which differs from one source to the next,
 * while the structural features describe its shape, which carries over.
 */
const EMBEDDING_L2 = [10, 3, 1, 0.3, 0.1, 0.03, 0.01] as const;
const FEATURE_L2 = [1, 0.1, 0.01, 0.001] as const;
const PENALTIES = EMBEDDING_L2.flatMap((embedding) => FEATURE_L2.map((feature) => ({ embedding, feature })));
/**
 * The rules' verdict is nearly free to use: with everything else penalised away the head falls back
 * to the rules, recalibrated, rather than to the label base rates.
 */
const RULES_L2 = 1e-4;
const RULES_COLUMNS = new Set(FEATURE_NAMES.flatMap((name, i) => (/^rules_(factual|reasoning|creative|code|simple|medium|complex)$/.test(name) ? [i] : [])));
const RANDOM_FOLDS = 5;
const MIN_SOURCE_FOLDS = 3;

/**
 * Cross-validation folds. With three or more sources each source is a fold, so the penalty is chosen
 * for prompts from a source never seen (what the router meets); otherwise folds are random,
 * stratified by label so every fold sees every class.
 */
function assignFolds(examples: readonly HeadExample[], labels: number[], seed: number): { fold: number[]; folds: number } {
  const sources = [...new Set(examples.map((e) => e.source ?? ''))].sort();
  if (sources.length >= MIN_SOURCE_FOLDS && !sources.includes('')) {
    return { fold: examples.map((e) => sources.indexOf(e.source!)), folds: sources.length };
  }
  const rnd = seededRandom(seed);
  const order = labels.map((label, i) => ({ i, label, r: rnd() })).sort((a, b) => a.label - b.label || a.r - b.r);
  const fold = new Array<number>(labels.length).fill(0);
  order.forEach((o, k) => (fold[o.i] = k % RANDOM_FOLDS));
  return { fold, folds: RANDOM_FOLDS };
}

function columnStats(rows: Float64Array[]): { mean: number[]; std: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let i = 0; i < d; i++) mean[i] = (mean[i] ?? 0) + (r[i] ?? 0) / rows.length;
  for (const r of rows) for (let i = 0; i < d; i++) std[i] = (std[i] ?? 0) + ((r[i] ?? 0) - (mean[i] ?? 0)) ** 2 / rows.length;
  // A constant column (e.g. no prompt had a code fence) is left as is rather than divided by zero.
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

/**
 * Each class weighs in by the square root of its share, not its full share: a corpus with ten
 * times more maths than poems should not make every prompt look like maths, and full balancing
 * would let a handful of rows in a rare class dominate.
 */
function classWeights(labels: number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const w = counts.map((n) => (n > 0 ? 1 / Math.sqrt(n) : 0));
  const mean = labels.reduce((s, l) => s + (w[l] ?? 0), 0) / Math.max(labels.length, 1);
  return labels.map((l) => (w[l] ?? 0) / mean);
}

interface AxisFitContext {
  rows: Float64Array[];
  /** Columns before this index are the embedding's. */
  embeddingDimension: number;
  fold: number[];
  folds: number;
  step: () => Promise<void>;
}

/**
 * Chooses the penalties by cross-validated log-loss (each candidate's out-of-fold scores calibrated
 * by their own temperature), then solves on all rows with the chosen ones.
 */
async function fitAxis(labels: number[], classes: number, ctx: AxisFitContext): Promise<AxisHead> {
  const weights = classWeights(labels, classes);
  const { fold } = ctx;
  const penalty = (p: { embedding: number; feature: number }) => (column: number) =>
    column < ctx.embeddingDimension ? p.embedding : RULES_COLUMNS.has(column - ctx.embeddingDimension) ? RULES_L2 : p.feature;
  const all = normalEquations(ctx.rows, labels, weights, classes);
  const oof = PENALTIES.map(() => new Array<number[]>(labels.length));
  for (let f = 0; f < ctx.folds; f++) {
    const train = subtract(all, normalEquations(ctx.rows, labels, weights, classes, (i) => fold[i] === f));
    for (const [g, p] of PENALTIES.entries()) {
      const w = solveRidge(train, penalty(p));
      ctx.rows.forEach((r, i) => {
        if (fold[i] === f) oof[g]![i] = logits(w, r);
      });
    }
    await ctx.step();
  }
  let chosen = 0;
  let chosenLoss = Infinity;
  let temperature = 1;
  PENALTIES.forEach((_, g) => {
    const t = fitTemperature(oof[g]!, labels);
    const loss = oof[g]!.reduce((s, z, i) => s - (weights[i] ?? 1) * Math.log(Math.max(softmax(z, t)[labels[i] ?? 0] ?? 0, 1e-12)), 0);
    if (loss < chosenLoss - 1e-9) [chosen, chosenLoss, temperature] = [g, loss, t];
  });
  const p = PENALTIES[chosen]!;
  await ctx.step();
  return { weights: solveRidge(all, penalty(p)), temperature, l2: p.embedding, featureL2: p.feature };
}


export async function fitHead(
  examples: HeadExample[],
  embeddings: Float32Array[],
  options: { seed: number; signal?: AbortSignal; onProgress?: FitProgress },
): Promise<TrainedHead> {
  const raw = examples.map((e, i) => headInput(embeddings[i] ?? new Float32Array(), e.prompt));
  const { mean, std } = columnStats(raw);
  const rows = raw.map((r) => standardize(r, mean, std));
  const complexityLabels = examples.map((e) => COMPLEXITIES.indexOf(e.complexity));
  const { fold, folds } = assignFolds(examples, complexityLabels, options.seed);
  // Per axis: one step per fold and one for the final solve.
  const total = 2 * (folds + 1);
  let done = 0;
  const ctx: AxisFitContext = {
    rows,
    embeddingDimension: embeddings[0]?.length ?? 0,
    fold,
    folds,
    step: async () => {
      // A fit must not freeze the app's main process: let other work run between solves.
      await new Promise((resolve) => setImmediate(resolve));
      options.onProgress?.(++done, total);
      options.signal?.throwIfAborted();
    },
  };
  const complexity = await fitAxis(complexityLabels, COMPLEXITIES.length, ctx);
  const category = await fitAxis(examples.map((e) => CATEGORIES.indexOf(e.category)), CATEGORIES.length, ctx);
  return {
    embeddingDimension: embeddings[0]?.length ?? 0,
    featureNames: [...FEATURE_NAMES],
    mean,
    std,
    complexity,
    category,
  };
}
