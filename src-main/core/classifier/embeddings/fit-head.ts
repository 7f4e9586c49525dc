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
}

export interface FitProgress {
  (done: number, total: number): void;
}

/**
 * Penalties tried by cross-validation (relative to the total sample weight), strongest first: the
 * stronger one wins ties, as it generalises better to prompts unlike the training set.
 */
const L2_GRID = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001] as const;
const FOLDS = 5;

/** Fold per example, stratified by label so every fold sees every class. */
function assignFolds(labels: number[], folds: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  const order = labels.map((label, i) => ({ i, label, r: rnd() })).sort((a, b) => a.label - b.label || a.r - b.r);
  const fold = new Array<number>(labels.length).fill(0);
  order.forEach((o, k) => (fold[o.i] = k % folds));
  return fold;
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
  seed: number;
  step: () => Promise<void>;
}

/**
 * Chooses the penalty by cross-validated log-loss (each candidate's out-of-fold scores calibrated
 * by their own temperature), then solves on all rows with the chosen penalty.
 */
async function fitAxis(labels: number[], classes: number, ctx: AxisFitContext): Promise<AxisHead> {
  const weights = classWeights(labels, classes);
  const fold = assignFolds(labels, FOLDS, ctx.seed);
  const all = normalEquations(ctx.rows, labels, weights, classes);
  await ctx.step();
  const oof = L2_GRID.map(() => new Array<number[]>(labels.length));
  for (let f = 0; f < FOLDS; f++) {
    const train = subtract(all, normalEquations(ctx.rows, labels, weights, classes, (i) => fold[i] === f));
    for (const [g, l2] of L2_GRID.entries()) {
      const w = solveRidge(train, l2);
      ctx.rows.forEach((r, i) => {
        if (fold[i] === f) oof[g]![i] = logits(w, r);
      });
    }
    await ctx.step();
  }
  let chosen = 0;
  let chosenLoss = Infinity;
  let temperature = 1;
  L2_GRID.forEach((_, g) => {
    const t = fitTemperature(oof[g]!, labels);
    const loss = oof[g]!.reduce((s, z, i) => s - (weights[i] ?? 1) * Math.log(Math.max(softmax(z, t)[labels[i] ?? 0] ?? 0, 1e-12)), 0);
    if (loss < chosenLoss - 1e-9) [chosen, chosenLoss, temperature] = [g, loss, t];
  });
  const l2 = L2_GRID[chosen]!;
  return { weights: solveRidge(all, l2), temperature, l2 };
}

/** How many model fits a training run makes (for progress reporting). */
export const FITS_PER_HEAD = 2 * (FOLDS + 1);

export async function fitHead(
  examples: HeadExample[],
  embeddings: Float32Array[],
  options: { seed: number; signal?: AbortSignal; onProgress?: FitProgress },
): Promise<TrainedHead> {
  const raw = examples.map((e, i) => headInput(embeddings[i] ?? new Float32Array(), e.prompt));
  const { mean, std } = columnStats(raw);
  const rows = raw.map((r) => standardize(r, mean, std));
  let done = 0;
  const ctx: AxisFitContext = {
    rows,
    seed: options.seed,
    step: async () => {
      // A fit must not freeze the app's main process: let other work run between solves.
      await new Promise((resolve) => setImmediate(resolve));
      options.onProgress?.(++done, FITS_PER_HEAD);
      options.signal?.throwIfAborted();
    },
  };
  const complexity = await fitAxis(examples.map((e) => COMPLEXITIES.indexOf(e.complexity)), COMPLEXITIES.length, ctx);
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
