import { z } from 'zod';
import { solveSymmetric } from './ridge';

/**
 * The probability that a prediction is right on both axes, learned from held-out predictions
 * (Platt scaling). The product of the two axes' calibrated probabilities assumes their errors are
 * independent and that the head is as sure of a long prompt as of a short one; held out by source
 * neither holds (the product put a sixth of the prompts at 0.4–0.5 and those were right 68% of the
 * time). A logistic regression on the product's log-odds and the prompt's length, fitted on
 * predictions for sources the head had not seen, says how often it is right.
 */
export const ConfidenceCalibrationSchema = z.object({
  intercept: z.number(),
  /** On the log-odds of the two axes' product. */
  slope: z.number(),
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
type Inputs = Omit<HeldOutPrediction, 'right'>;
const inputs = (r: Inputs): number[] => [1, logOdds(r.complexityP * r.categoryP), Math.log1p(r.chars)];

export function calibratedConfidence(cal: ConfidenceCalibration, prediction: Inputs): number {
  const x = inputs(prediction);
  return sigmoid(cal.intercept * x[0]! + cal.slope * x[1]! + cal.lengthSlope * x[2]!);
}

/** Maximum-likelihood fit by Newton's method (the log-likelihood is concave: a few steps converge). */
export function fitConfidenceCalibration(rows: readonly HeldOutPrediction[]): ConfidenceCalibration {
  const xs = rows.map(inputs);
  const m = 3;
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
  return { intercept: theta[0]!, slope: theta[1]!, lengthSlope: theta[2]! };
}
