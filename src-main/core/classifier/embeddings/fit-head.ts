import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../../../../src-shared/labels';
import { FEATURE_NAMES } from './features';
import { headInput, standardize, type AxisHead, type TrainedHead } from './head';
import { normalEquations, solveRidge, subtract } from './ridge';
import { fitConfidenceCalibration } from './confidence-calibration';
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
const EMBEDDING_L2 = [100, 10, 3, 1, 0.3, 0.1, 0.03] as const;
const FEATURE_L2 = [100, 10, 3, 1, 0.3, 0.1, 0.01] as const;
const PENALTIES = EMBEDDING_L2.flatMap((embedding) => FEATURE_L2.map((feature) => ({ embedding, feature })));
/**
 * The rules' verdict and complexity index are nearly free to use: with everything else penalised
 * away the head is the rules, recalibrated (confidence grows with the distance from a tier
 * boundary), rather than the label base rates. Their category scores are structural features like
 * the others: free, the head re-weighed them to the sources it was fitted on.
 */
const RULES_L2 = 1e-4;
const RULES_COLUMNS = new Set(FEATURE_NAMES.flatMap((name, i) => (/^rules_(factual|reasoning|creative|code|simple|medium|complex|complexity_index)$/.test(name) ? [i] : [])));
/**
 * How much worse than the most strongly penalised head (≈ the rules) a candidate may do on any one
 * held-out source family and still be chosen: a gain on average must not be bought with a loss on
 * a kind of prompt the router will meet.
 */
const MAX_LOSS_ON_A_FAMILY = 0.02;
/**
 * A weaker penalty must also gain this much accuracy over the strongest, averaged over the held-out
 * families: a smaller gain on the families seen does not carry to one unseen (with MedQuAD in the
 * corpus, a head chosen for a gain of under a point read 45 of PubMedQA's 400 abstracts as reasoning).
 */
const MIN_GAIN = 0.01;
const RANDOM_FOLDS = 5;
/** Fewer held-out prompts of a predicted category than this and its complexity keeps the axis's temperature. */
const MIN_CALIBRATION_ROWS = 30;
const MIN_SOURCE_FOLDS = 3;

/**
 * The part of a source name before any ':' names its family: sources of one family (our two
 * hand-written sets, `mmrouter:eval` and `mmrouter:extra`) share authors and style, so they are
 * held out together, or each would make the other look like a source already seen.
 */
export const sourceFamily = (source: string): string => source.split(':')[0] ?? source;

/**
 * Cross-validation folds. With three or more source families each family is a fold, so the penalty
 * is chosen for prompts from a source never seen (what the router meets); otherwise folds are
 * random, stratified by label so every fold sees every class.
 */
function assignFolds(examples: readonly HeadExample[], labels: number[], seed: number): { fold: number[]; folds: number } {
  const families = [...new Set(examples.map((e) => (e.source === undefined ? '' : sourceFamily(e.source))))].sort();
  if (families.length >= MIN_SOURCE_FOLDS && !families.includes('')) {
    return { fold: examples.map((e) => families.indexOf(sourceFamily(e.source!))), folds: families.length };
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

/** A source × cell with fewer rows than this is weighed as if it had this many, so a handful of rows cannot dominate. */
const MIN_GROUP_ROWS = 20;

/**
 * Every complexity × category cell weighs the same, and within a cell every source: the router is
 * judged on prompts of every kind alike (a test set with the same number per cell), not on the
 * corpus's mix, in which one dataset can fill a cell ten times over. Without it the head learns the
 * corpus's base rates ("reasoning is mostly medium") and carries them to sources where they are false.
 */
export function cellWeights(examples: readonly HeadExample[]): number[] {
  const cell = (e: HeadExample): string => `${e.complexity}/${e.category}`;
  const group = (e: HeadExample): string => `${cell(e)}/${e.source ?? ''}`;
  const groupRows = new Map<string, number>();
  const cellSources = new Map<string, Set<string>>();
  for (const e of examples) {
    groupRows.set(group(e), (groupRows.get(group(e)) ?? 0) + 1);
    cellSources.set(cell(e), (cellSources.get(cell(e)) ?? new Set<string>()).add(e.source ?? ''));
  }
  const raw = examples.map((e) => 1 / Math.max(groupRows.get(group(e)) ?? 1, MIN_GROUP_ROWS) / (cellSources.get(cell(e))?.size ?? 1));
  const mean = raw.reduce((a, b) => a + b, 0) / Math.max(raw.length, 1);
  return raw.map((w) => w / mean);
}

interface AxisFitContext {
  rows: Float64Array[];
  /** Columns before this index are the embedding's. */
  embeddingDimension: number;
  fold: number[];
  folds: number;
  weights: number[];
  step: () => Promise<void>;
}

/**
 * Chooses the penalties by cross-validated accuracy (cell-weighted) among those that lose at most
 * MAX_LOSS_ON_A_FAMILY against the strongest on every held-out fold, calibrates the chosen one's
 * out-of-fold scores with a temperature, then solves on all rows with the chosen penalties.
 */
async function fitAxis(labels: number[], classes: number, ctx: AxisFitContext): Promise<{ head: AxisHead; heldOut: number[][] }> {
  const { fold, weights } = ctx;
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
  // Accuracy, not log-loss, picks the penalties: on sources never seen, log-loss rewards the
  // weakly penalised heads whose confident mistakes a temperature then softens, while the router
  // acts on the label. The chosen head's temperature is then fitted on the same held-out scores.
  const foldWeight = new Array<number>(ctx.folds).fill(0);
  labels.forEach((_, i) => (foldWeight[fold[i]!] = (foldWeight[fold[i]!] ?? 0) + (weights[i] ?? 1)));
  const foldErrors = oof.map((scores) => {
    const wrong = new Array<number>(ctx.folds).fill(0);
    scores.forEach((z, i) => {
      if (argmax(z) !== labels[i]) wrong[fold[i]!] = (wrong[fold[i]!] ?? 0) + (weights[i] ?? 1);
    });
    return wrong.map((w, f) => w / Math.max(foldWeight[f] ?? 0, 1e-12));
  });
  const errors = foldErrors.map((perFold) => perFold.reduce((sum, e, f) => sum + e * (foldWeight[f] ?? 0), 0));
  const safe = (g: number): boolean => foldErrors[g]!.every((e, f) => e <= (foldErrors[0]![f] ?? 0) + MAX_LOSS_ON_A_FAMILY);
  const total = foldWeight.reduce((a, b) => a + b, 0);
  const gains = (g: number): boolean => errors[g]! <= errors[0]! - MIN_GAIN * total;
  const chosen = errors.reduce((best, e, g) => (safe(g) && gains(g) && e < errors[best]! - 1e-9 ? g : best), 0);
  const temperature = fitTemperature(oof[chosen]!, labels);
  const p = PENALTIES[chosen]!;
  await ctx.step();
  return { head: { weights: solveRidge(all, penalty(p)), temperature, l2: p.embedding, featureL2: p.feature }, heldOut: oof[chosen]! };
}

function argmax(z: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < z.length; k++) if ((z[k] ?? -Infinity) > (z[best] ?? -Infinity)) best = k;
  return best;
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
    weights: cellWeights(examples),
    step: async () => {
      // A fit must not freeze the app's main process: let other work run between solves.
      await new Promise((resolve) => setImmediate(resolve));
      options.onProgress?.(++done, total);
      options.signal?.throwIfAborted();
    },
  };
  const complexity = await fitAxis(complexityLabels, COMPLEXITIES.length, ctx);
  const category = await fitAxis(examples.map((e) => CATEGORIES.indexOf(e.category)), CATEGORIES.length, ctx);
  const temperatureByCategory = CATEGORIES.map((_, c) => {
    const rows = category.heldOut.flatMap((z, i) => (argmax(z) === c ? [i] : []));
    return rows.length >= MIN_CALIBRATION_ROWS ? fitTemperature(rows.map((i) => complexity.heldOut[i]!), rows.map((i) => complexityLabels[i]!)) : complexity.head.temperature;
  });
  // The confidence is calibrated on the same held-out predictions, each read as the head reads a new prompt.
  const heldOut = complexityLabels.map((actualComplexity, i) => {
    const categoryP = softmax(category.heldOut[i]!, category.head.temperature);
    const predictedCategory = argmax(categoryP);
    const complexityP = softmax(complexity.heldOut[i]!, temperatureByCategory[predictedCategory]);
    const predictedComplexity = argmax(complexityP);
    return {
      complexityP: complexityP[predictedComplexity]!,
      categoryP: categoryP[predictedCategory]!,
      chars: examples[i]!.prompt.length,
      right: predictedComplexity === actualComplexity && predictedCategory === CATEGORIES.indexOf(examples[i]!.category),
    };
  });
  return {
    embeddingDimension: embeddings[0]?.length ?? 0,
    featureNames: [...FEATURE_NAMES],
    mean,
    std,
    complexity: { ...complexity.head, temperatureByCategory },
    category: category.head,
    confidence: fitConfidenceCalibration(heldOut),
  };
}
