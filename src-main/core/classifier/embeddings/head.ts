import { z } from 'zod';
import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../../../../src-shared/labels';
import { FEATURE_NAMES, promptFeatures } from './features';
import { calibratedConfidence, ConfidenceCalibrationSchema } from './confidence-calibration';
import { logits, softmax } from './softmax';

/**
 * The trained part of the embedding classifier: one calibrated softmax regression per label axis
 * over [sentence embedding, structural features], standardised with the training set's statistics.
 */
const AxisHeadSchema = z.object({
  weights: z.array(z.array(z.number())),
  /** Divides the logits; fitted on cross-validated predictions so probabilities are calibrated. */
  temperature: z.number().positive(),
  /** Penalty on the embedding's columns (and, in heads without featureL2, on every column). */
  l2: z.number().nonnegative(),
  /** Penalty on the structural features' columns. */
  featureL2: z.number().nonnegative().optional(),
  /**
   * Complexity only: a temperature per predicted category (CATEGORIES order), fitted on the
   * held-out prompts the head put in that category. How reliably the tier can be told depends on
   * the kind of work (a one-fact lookup is plainly simple; the tiers of a word problem are close),
   * which one temperature for every prompt would average away.
   */
  temperatureByCategory: z.array(z.number().positive()).length(CATEGORIES.length).optional(),
});

export const TrainedHeadSchema = z.object({
  embeddingDimension: z.number().int().positive(),
  featureNames: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  complexity: AxisHeadSchema,
  category: AxisHeadSchema,
  /** Turns the two axes' probabilities into the confidence (heads before session 9 lack it: their product). */
  confidence: ConfidenceCalibrationSchema.optional(),
});
export type TrainedHead = z.infer<typeof TrainedHeadSchema>;
export type AxisHead = z.infer<typeof AxisHeadSchema>;

export interface HeadPrediction {
  complexity: Complexity;
  category: Category;
  /** Probability both labels are right, treating the two calibrated axes as independent. */
  confidence: number;
}

/** The unstandardised input row for one prompt. */
export function headInput(embedding: Float32Array, prompt: string): Float64Array {
  const features = promptFeatures(prompt);
  const row = new Float64Array(embedding.length + features.length);
  row.set(embedding);
  row.set(features, embedding.length);
  return row;
}

export function standardize(row: Float64Array, mean: number[], std: number[]): Float64Array {
  return row.map((x, i) => (x - (mean[i] ?? 0)) / (std[i] ?? 1));
}

function best<L extends string>(labels: readonly L[], probs: number[]): { label: L; index: number; p: number } {
  let i = 0;
  for (let k = 1; k < probs.length; k++) if ((probs[k] ?? 0) > (probs[i] ?? 0)) i = k;
  return { label: labels[i] ?? labels[0]!, index: i, p: probs[i] ?? 0 };
}

export function axisProbabilities(axis: AxisHead, x: Float64Array, temperature = axis.temperature): number[] {
  return softmax(logits(axis.weights, x), temperature);
}

export function predict(head: TrainedHead, embedding: Float32Array, prompt: string): HeadPrediction {
  const x = standardize(headInput(embedding, prompt), head.mean, head.std);
  const category = best(CATEGORIES, axisProbabilities(head.category, x));
  const complexity = best(COMPLEXITIES, axisProbabilities(head.complexity, x, head.complexity.temperatureByCategory?.[category.index]));
  const confidence = head.confidence ? calibratedConfidence(head.confidence, { complexityP: complexity.p, categoryP: category.p, chars: prompt.length }) : complexity.p * category.p;
  return { complexity: complexity.label, category: category.label, confidence };
}

/** A head is only usable with the feature extractor it was trained with. */
export function checkHeadCompatible(head: TrainedHead, embeddingDimension: number): string | undefined {
  if (head.embeddingDimension !== embeddingDimension) return `it was trained on ${head.embeddingDimension}-d embeddings but the model gives ${embeddingDimension}-d`;
  if (head.featureNames.join() !== FEATURE_NAMES.join()) return 'it was trained with a different set of prompt features; retrain it';
  return undefined;
}
