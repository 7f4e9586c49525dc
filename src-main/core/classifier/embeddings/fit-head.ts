import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../../../../src-shared/labels';
import { FEATURE_NAMES } from './features';
import { headInput, standardize, type AxisHead, type TrainedHead } from './head';
import { fitSoftmax, fitTemperature, logits, softmax, type SoftmaxWeights } from './softmax';
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
 * Penalties tried by cross-validation, strongest first: each fit warm-starts the next, and the
 * stronger one wins ties (it generalises better to prompts unlike the training set).
 */
const L2_GRID = [1, 0.3, 0.1, 0.03] as const;
const FOLDS = 4;


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

interface AxisFitContext {
  rows: Float64Array[];
  seed: number;
  fitOptions: { signal?: AbortSignal };
  step: () => Promise<void>;
}

/**
 * Chooses the L2 penalty by cross-validated log-loss, fits the temperature on the same
 * out-of-fold logits, then refits on all rows with the chosen penalty.
 */
async function fitAxis(labels: number[], classes: number, ctx: AxisFitContext): Promise<AxisHead> {
  const fold = assignFolds(labels, FOLDS, ctx.seed);
  const oof = L2_GRID.map(() => new Array<number[]>(labels.length));
  for (let f = 0; f < FOLDS; f++) {
    const train = ctx.rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    let w: SoftmaxWeights | undefined;
    for (const [g, l2] of L2_GRID.entries()) {
      w = await fitSoftmax(train.map((i) => ctx.rows[i]!), train.map((i) => labels[i] ?? 0), classes, l2, { ...(w ? { start: w } : {}), ...ctx.fitOptions });
      ctx.rows.forEach((r, i) => {
        if (fold[i] === f) oof[g]![i] = logits(w!, r);
      });
      await ctx.step();
    }
  }
  let chosen = 0;
  let chosenLoss = Infinity;
  L2_GRID.forEach((_, g) => {
    const temperature = fitTemperature(oof[g]!, labels);
    const loss = oof[g]!.reduce((s, z, i) => s - Math.log(Math.max(softmax(z, temperature)[labels[i] ?? 0] ?? 0, 1e-12)), 0);
    if (loss < chosenLoss - 1e-9) [chosen, chosenLoss] = [g, loss];
  });
  const l2 = L2_GRID[chosen]!;
  const weights = await fitSoftmax(ctx.rows, labels, classes, l2, ctx.fitOptions);
  await ctx.step();
  return { weights, temperature: fitTemperature(oof[chosen]!, labels), l2 };
}

/** How many model fits a training run makes (for progress reporting). */
export const FITS_PER_HEAD = 2 * (L2_GRID.length * FOLDS + 1);

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
    fitOptions: options.signal ? { signal: options.signal } : {},
    step: async () => {
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
