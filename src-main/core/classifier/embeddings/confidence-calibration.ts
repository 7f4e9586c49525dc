import { z } from 'zod';
import { solveSymmetric } from './ridge';

/**
 * The probability that a prediction is right on both axes, learned from held-out predictions
 * (Platt scaling of the two axes together). The product of the two axes' probabilities assumes
 * their errors are independent and that the head is as sure of a long prompt as of a short one;
 * held out by source neither holds (the product put a third of the prompts at 0.4–0.5 and those
 * were right 69% of the time). A logistic regression on each axis's log-odds and the prompt's
 * length, fitted on predictions for sources the head had not seen, says how often it is right.
 */
export const ConfidenceCalibrationSchema = z.object({
  intercept: z.number(),
  complexitySlope: z.number(),
  categorySlope: z.number(),
  /** Per unit of log(1 + characters). */
  lengthSlope: z.number(),
});
export type ConfidenceCalibration = z.infer<typeof ConfidenceCalibrationSchema>;

export interface HeldOutPrediction {
  /** The calibrated probability of each axis's predicted label. */
  complexityP: number;
  categoryP: number;
  /** Prompt length in characters. */
  chars: number;
  /** Both labels right. */
  right: boolean;
}

const NEWTON_STEPS = 30;
/**
 * A light ridge on the slopes (about one prompt's worth of evidence): when held out the head was
 * always right, or always wrong, the fit would otherwise run off to an infinite slope.
 */
const SLOPE_L2 = 1;
/** Keeps the system solvable when the intercept's column is all the data can tell apart. */
const JITTER = 1e-6;

const logOdds = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const inputs = (complexityP: number, categoryP: number, chars: number): number[] => [1, logOdds(complexityP), logOdds(categoryP), Math.log1p(chars)];

export function calibratedConfidence(cal: ConfidenceCalibration, complexityP: number, categoryP: number, chars: number): number {
  const x = inputs(complexityP, categoryP, chars);
  return sigmoid(cal.intercept * x[0]! + cal.complexitySlope * x[1]! + cal.categorySlope * x[2]! + cal.lengthSlope * x[3]!);
}

/** Maximum-likelihood fit by Newton's method (the log-likelihood is concave: a few steps converge). */
export function fitConfidenceCalibration(rows: readonly HeldOutPrediction[]): ConfidenceCalibration {
  const xs = rows.map((r) => inputs(r.complexityP, r.categoryP, r.chars));
  const m = 4;
  const theta = new Float64Array(m);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const grad = new Float64Array(m);
    const hess = new Float64Array(m * m);
    rows.forEach((r, k) => {
      const x = xs[k]!;
      const p = sigmoid(x.reduce((z, v, j) => z + v * theta[j]!, 0));
      const residual = p - (r.right ? 1 : 0);
      for (let i = 0; i < m; i++) {
        grad[i] = grad[i]! + residual * x[i]!;
        for (let j = 0; j < m; j++) hess[i * m + j] = hess[i * m + j]! + p * (1 - p) * x[i]! * x[j]!;
      }
    });
    for (let j = 0; j < m; j++) {
      const l2 = j === 0 ? JITTER : SLOPE_L2;
      grad[j] = grad[j]! + l2 * theta[j]!;
      hess[j * m + j] = hess[j * m + j]! + l2;
    }
    const delta = solveSymmetric(hess, m, grad);
    theta.forEach((t, j) => (theta[j] = t - delta[j]!));
    if (delta.every((d) => Math.abs(d) < 1e-9)) break;
  }
  return { intercept: theta[0]!, complexitySlope: theta[1]!, categorySlope: theta[2]!, lengthSlope: theta[3]! };
}
