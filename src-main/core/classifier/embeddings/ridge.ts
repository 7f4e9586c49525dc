/**
 * Weighted ridge regression onto one-hot class targets, solved in closed form. One pass over the
 * rows builds the normal equations (a (D+1)² Gram matrix); every penalty and every cross-validation
 * fold is then a small Cholesky solve on sums of those matrices, so choosing the penalty costs
 * almost nothing beyond the pass. Deterministic: the result depends only on the data and penalty.
 */
import type { SoftmaxWeights } from './softmax';

/** Σ w·x̃x̃ᵀ and Σ w·x̃yᵀ over some rows, with x̃ = [x, 1] (the bias column) and y one-hot. */
export interface NormalEquations {
  /** Columns including the bias. */
  m: number;
  classes: number;
  gram: Float64Array;
  /** m × classes, row-major. */
  rhs: Float64Array;
}

export function normalEquations(rows: readonly Float64Array[], labels: readonly number[], weights: readonly number[], classes: number, pick: (i: number) => boolean = () => true): NormalEquations {
  const d = rows[0]?.length ?? 0;
  const m = d + 1;
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m * classes);
  const x = new Float64Array(m);
  rows.forEach((row, k) => {
    if (!pick(k)) return;
    const w = weights[k] ?? 1;
    x.set(row);
    x[d] = 1;
    for (let i = 0; i < m; i++) {
      const wi = w * x[i]!;
      if (wi === 0) continue;
      const base = i * m;
      for (let j = i; j < m; j++) gram[base + j] = gram[base + j]! + wi * x[j]!;
      rhs[i * classes + (labels[k] ?? 0)] = rhs[i * classes + (labels[k] ?? 0)]! + wi;
    }
  });
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) gram[i * m + j] = gram[j * m + i]!;
  return { m, classes, gram, rhs };
}

/** a − b, element-wise: the equations of every row except one fold's. */
export function subtract(a: NormalEquations, b: NormalEquations): NormalEquations {
  return { ...a, gram: a.gram.map((v, i) => v - b.gram[i]!), rhs: a.rhs.map((v, i) => v - b.rhs[i]!) };
}

/**
 * Weights minimising Σ w‖y − Wx̃‖² + (total weight)·Σ_j penalty_j·‖W_j‖² (a penalty per input
 * column; the bias is not penalised), so a penalty means the same whatever the number of rows.
 */
export function solveRidge(eq: NormalEquations, penalty: (column: number) => number): SoftmaxWeights {
  const { m, classes } = eq;
  const a = Float64Array.from(eq.gram);
  const scale = eq.gram[m * m - 1]!;
  for (let i = 0; i < m - 1; i++) a[i * m + i] = a[i * m + i]! + penalty(i) * scale;
  choleskyInPlace(a, m);
  const w: number[][] = Array.from({ length: classes }, () => new Array<number>(m).fill(0));
  const y = new Float64Array(m);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < m; i++) y[i] = eq.rhs[i * classes + c]!;
    w[c] = Array.from(solveFactored(a, m, y));
  }
  return w;
}

/** x with A x = b for a symmetric positive-definite m × m A (row-major); A and b are left as they were. */
export function solveSymmetric(a: Float64Array, m: number, b: ArrayLike<number>): Float64Array {
  const l = Float64Array.from(a);
  choleskyInPlace(l, m);
  return solveFactored(l, m, Float64Array.from(b));
}

/** Solves L Lᵀ x = y in place, L in the lower triangle of `l` (from choleskyInPlace). */
function solveFactored(l: Float64Array, m: number, y: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * y[k]!;
    y[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * y[k]!;
    y[i] = s / l[i * m + i]!;
  }
  return y;
}

/** Lower-triangular L with A = LLᵀ, written over A's lower triangle. A tiny jitter keeps a constant column from breaking it. */
function choleskyInPlace(a: Float64Array, m: number): void {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j]!;
    for (let k = 0; k < j; k++) s -= a[j * m + k]! ** 2;
    const diag = Math.sqrt(Math.max(s, 1e-9));
    a[j * m + j] = diag;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j]!;
      for (let k = 0; k < j; k++) t -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = t / diag;
    }
  }
}
