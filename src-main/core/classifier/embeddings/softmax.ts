/** Linear scores turned into calibrated class probabilities. */

/** K rows of D+1 numbers (the last is the bias, which is not penalised). */
export type SoftmaxWeights = number[][];

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

/**
 * The temperature minimising held-out log-loss: makes "0.8 confident" mean right 80% of the time.
 * The loss is unimodal in log-temperature, so a golden-section search finds it in a few dozen steps.
 */
export function fitTemperature(heldOutLogits: number[][], labels: number[]): number {
  const nll = (logT: number): number => {
    const t = Math.exp(logT);
    let sum = 0;
    heldOutLogits.forEach((z, k) => {
      let max = -Infinity;
      for (const v of z) max = Math.max(max, v / t);
      let norm = 0;
      for (const v of z) norm += Math.exp(v / t - max);
      sum += Math.log(norm) + max - (z[labels[k] ?? 0] ?? 0) / t;
    });
    return sum;
  };
  // Ridge scores sit on a 0..1 scale (one-hot targets), so useful temperatures are small.
  let lo = Math.log(0.005);
  let hi = Math.log(10);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = hi - ratio * (hi - lo);
  let d = lo + ratio * (hi - lo);
  let fc = nll(c);
  let fd = nll(d);
  for (let i = 0; i < 40; i++) {
    if (fc < fd) {
      [hi, d, fd] = [d, c, fc];
      c = hi - ratio * (hi - lo);
      fc = nll(c);
    } else {
      [lo, c, fc] = [c, d, fd];
      d = lo + ratio * (hi - lo);
      fd = nll(d);
    }
  }
  return Math.exp((lo + hi) / 2);
}
