/**
 * Multinomial logistic regression (softmax) with L2, fitted by Nesterov-accelerated gradient
 * descent from zero weights: convex, so the result depends only on the data and the penalty —
 * deterministic, no random init. Rows are feature vectors; a bias column is added internally.
 */

/** K rows of D+1 numbers (the last is the bias, which is not penalised). */
export type SoftmaxWeights = number[][];

const MAX_ITERATIONS = 400;
const GRADIENT_TOLERANCE = 1e-4;

export function logits(weights: SoftmaxWeights, x: ArrayLike<number>): number[] {
  return weights.map((w) => {
    const d = x.length;
    let z = w[d] ?? 0;
    for (let i = 0; i < d; i++) z += (w[i] ?? 0) * (x[i] ?? 0);
    return z;
  });
}

/** Probabilities from logits divided by a temperature (>1 softens over-confident models). */
export function softmax(z: number[], temperature = 1): number[] {
  const scaled = z.map((v) => v / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Largest eigenvalue of XᵀX/N (with the bias column) by power iteration: sets a safe step size. */
function maxEigen(rows: Float64Array[], d: number): number {
  let v = new Float64Array(d + 1).fill(1 / Math.sqrt(d + 1));
  let lambda = 1;
  for (let iter = 0; iter < 30; iter++) {
    const next = new Float64Array(d + 1);
    for (const r of rows) {
      let dot = v[d] ?? 0;
      for (let i = 0; i < d; i++) dot += (r[i] ?? 0) * (v[i] ?? 0);
      for (let i = 0; i < d; i++) next[i] = (next[i] ?? 0) + dot * (r[i] ?? 0);
      next[d] = (next[d] ?? 0) + dot;
    }
    const norm = Math.sqrt(next.reduce((a, b) => a + b * b, 0)) || 1;
    lambda = norm / rows.length;
    v = next.map((x) => x / norm);
  }
  return lambda;
}

/** Iterations between yields to the event loop: a fit must not freeze the app's main process. */
const ITERATIONS_PER_SLICE = 25;

/**
 * `start` warm-starts from a nearby solution (e.g. the same data with a stronger penalty).
 * Yields to the event loop every few iterations and stops there if `signal` is aborted.
 */
export async function fitSoftmax(
  rows: Float64Array[],
  labels: number[],
  classes: number,
  l2: number,
  opts: { start?: SoftmaxWeights; signal?: AbortSignal } = {},
): Promise<SoftmaxWeights> {
  const d = rows[0]?.length ?? 0;
  const n = rows.length;
  const width = d + 1;
  // Rows flattened with their bias 1 appended, so the hot loops below are plain index arithmetic.
  const x = new Float64Array(n * width);
  rows.forEach((r, k) => {
    x.set(r, k * width);
    x[k * width + d] = 1;
  });
  // The softmax loss's curvature is at most half that of least squares.
  const step = 1 / (0.5 * maxEigen(rows, d) + l2);
  const size = classes * width;
  let w = Float64Array.from(opts.start?.flat() ?? new Array<number>(size).fill(0));
  let prev = Float64Array.from(w);
  const look = new Float64Array(size);
  const grad = new Float64Array(size);
  const z = new Float64Array(classes);
  let t = 1;
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    if (iter % ITERATIONS_PER_SLICE === ITERATIONS_PER_SLICE - 1) {
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal?.throwIfAborted();
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = (t - 1) / tNext;
    for (let j = 0; j < size; j++) look[j] = w[j]! + momentum * (w[j]! - prev[j]!);
    grad.fill(0);
    for (let k = 0; k < n; k++) {
      const base = k * width;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = 0;
        const wc = c * width;
        for (let i = 0; i < width; i++) s += look[wc + i]! * x[base + i]!;
        z[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      for (let c = 0; c < classes; c++) {
        const err = (z[c]! / sum - (labels[k] === c ? 1 : 0)) / n;
        const wc = c * width;
        for (let i = 0; i < width; i++) grad[wc + i] = grad[wc + i]! + err * x[base + i]!;
      }
    }
    let gradNorm = 0;
    for (let j = 0; j < size; j++) {
      if (j % width !== d) grad[j] = grad[j]! + l2 * look[j]!;
      gradNorm += grad[j]! * grad[j]!;
    }
    [prev, w] = [w, prev];
    for (let j = 0; j < size; j++) w[j] = look[j]! - step * grad[j]!;
    t = tNext;
    if (Math.sqrt(gradNorm) < GRADIENT_TOLERANCE) break;
  }
  return Array.from({ length: classes }, (_, c) => Array.from(w.subarray(c * width, (c + 1) * width)));
}

/** The temperature minimising held-out log-loss: makes "0.8 confident" mean right 80% of the time. */
export function fitTemperature(heldOutLogits: number[][], labels: number[]): number {
  const nll = (temperature: number): number =>
    heldOutLogits.reduce((sum, z, k) => sum - Math.log(Math.max(softmax(z, temperature)[labels[k] ?? 0] ?? 0, 1e-12)), 0);
  let best = 1;
  let bestLoss = Infinity;
  for (let i = 0; i <= 80; i++) {
    const temperature = Math.exp(Math.log(0.25) + (i / 80) * Math.log(8 / 0.25));
    const loss = nll(temperature);
    if (loss < bestLoss) [best, bestLoss] = [temperature, loss];
  }
  return best;
}
