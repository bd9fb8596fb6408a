// Sparse test problems: the same matrix as rows (dense) and as CSC, so that every face can be
// run on both and compared.
import type { CscMatrix } from "../../src/index.js";
import { rng } from "./kkt.js";

/** X (rows) as CSC, rows in increasing order within each column; zeros are not stored. */
export function toCsc(X: number[][]): CscMatrix {
  const n = X.length, p = X[0].length;
  const indptr = new Int32Array(p + 1), indices: number[] = [], data: number[] = [];
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) if (X[i][j] !== 0) { indices.push(i); data.push(X[i][j]); }
    indptr[j + 1] = indices.length;
  }
  return { format: "csc", rows: n, cols: p, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

/**
 * A sparse regression problem: entries nonzero with probability `density` (non-negative
 * counts-like values or Gaussian ones), plus the columns that test the edges: an all-zero
 * column, a constant column (one value in every row) and a column with one entry.
 * y = X β* + noise + 3 with a few true features.
 */
export function sparseProblem(seed: number, n: number, p: number, density = 0.2): { X: number[][]; y: number[]; csc: CscMatrix } {
  const g = rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => 0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      if (g.uniform() < density) X[i][j] = j % 2 ? g.normal() * 2 : 1 + Math.floor(3 * g.uniform());
    }
  }
  if (p > 3) {
    for (let i = 0; i < n; i++) { X[i][p - 1] = 0; X[i][p - 2] = 1.5; X[i][p - 3] = 0; }
    X[Math.floor(n / 2)][p - 3] = -2;
  }
  const bstar = Array.from({ length: p }, (_, j) => (j < 6 ? (j % 2 ? -1 : 1) * (1 + j) : 0));
  const y = X.map((row) => row.reduce((s, x, j) => s + x * bstar[j], 0) + 0.5 * g.normal() + 3);
  return { X, y, csc: toCsc(X) };
}
