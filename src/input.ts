// Validation of user input: shapes, finiteness and hyper-parameters. Every problem becomes
// an L1L2Error that says what is wrong and where (row, column), before any WASM work.
import { L1L2Error } from "./errors.js";

export type Vector = number[] | Float64Array | Float32Array;

/** A dense matrix as rows, or as one flat array in row- or column-major order. */
export type DenseInput =
  | ArrayLike<number>[]
  | { data: Float64Array | Float32Array | number[]; rows: number; cols: number; order?: "row" | "col" };

/**
 * A sparse matrix in compressed sparse columns, SciPy's and scikit-learn's layout: the
 * entries of column j are data[indptr[j] … indptr[j+1] − 1], in rows indices[…]; every other
 * entry is zero. Rows within a column may come in any order but not twice.
 */
export interface CscMatrix {
  format: "csc";
  rows: number;
  cols: number;
  indptr: Int32Array | number[];
  indices: Int32Array | number[];
  data: Float64Array | Float32Array | number[];
}

export type MatrixInput = DenseInput | CscMatrix;

export interface Shape { rows: number; cols: number }

function isTyped(a: unknown): a is Float64Array | Float32Array {
  return a instanceof Float64Array || a instanceof Float32Array;
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

export function isCsc(X: unknown): X is CscMatrix {
  return typeof X === "object" && X !== null && !Array.isArray(X) && (X as { format?: unknown }).format === "csc";
}

/** Checks the structure of X (not its values) and returns its shape. */
export function matrixShape(X: MatrixInput, name = "X"): Shape {
  if (isCsc(X)) return cscStructure(X, name).shape;
  if (Array.isArray(X)) {
    const rows = X.length;
    if (rows === 0) throw new L1L2Error("EMPTY", `${name} has no rows`);
    const first = X[0];
    if (!first || typeof first !== "object" || typeof (first as ArrayLike<number>).length !== "number") {
      throw new L1L2Error("INVALID_INPUT", `${name}[0] is not an array of numbers`);
    }
    const cols = first.length;
    if (cols === 0) throw new L1L2Error("EMPTY", `${name} has no columns`);
    for (let i = 1; i < rows; i++) {
      const r = X[i];
      if (!r || typeof r !== "object" || typeof r.length !== "number") {
        throw new L1L2Error("INVALID_INPUT", `${name}[${i}] is not an array of numbers`);
      }
      if (r.length !== cols) {
        throw new L1L2Error("INVALID_INPUT",
          `${name} is ragged: row ${i} has ${r.length} values, row 0 has ${cols}`);
      }
    }
    return { rows, cols };
  }
  if (X && typeof X === "object" && "data" in X) {
    const { data, rows, cols, order } = X;
    if (!isCount(rows) || !isCount(cols)) {
      throw new L1L2Error("INVALID_INPUT", `${name}.rows and ${name}.cols must be non-negative integers`);
    }
    if (rows === 0) throw new L1L2Error("EMPTY", `${name} has no rows`);
    if (cols === 0) throw new L1L2Error("EMPTY", `${name} has no columns`);
    if (!isTyped(data) && !Array.isArray(data)) {
      throw new L1L2Error("INVALID_INPUT", `${name}.data must be a Float64Array, Float32Array or number[]`);
    }
    if (order !== undefined && order !== "row" && order !== "col") {
      throw new L1L2Error("INVALID_INPUT", `${name}.order must be "row" or "col", got ${describe(order)}`);
    }
    if (data.length !== rows * cols) {
      throw new L1L2Error("SHAPE_MISMATCH",
        `${name}.data has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}`);
    }
    return { rows, cols };
  }
  throw new L1L2Error("INVALID_INPUT",
    `${name} must be an array of rows, { data, rows, cols, order? } or { format: "csc", rows, cols, indptr, indices, data }`);
}

function isIndexArray(a: unknown): a is Int32Array | number[] {
  return a instanceof Int32Array || Array.isArray(a);
}

/**
 * Checks the structure of a CSC matrix — indptr starts at 0, never decreases and ends at the
 * number of entries; row indices are integers in [0, rows), none twice in a column — and
 * returns its shape and whether every column lists its rows in increasing order.
 */
export function cscStructure(X: CscMatrix, name = "X"): { shape: Shape; sorted: boolean } {
  const { rows, cols, indptr, indices, data } = X;
  if (!isCount(rows) || !isCount(cols)) {
    throw new L1L2Error("INVALID_INPUT", `${name}.rows and ${name}.cols must be non-negative integers`);
  }
  if (rows === 0) throw new L1L2Error("EMPTY", `${name} has no rows`);
  if (cols === 0) throw new L1L2Error("EMPTY", `${name} has no columns`);
  if (!isIndexArray(indptr) || !isIndexArray(indices)) {
    throw new L1L2Error("INVALID_INPUT", `${name}.indptr and ${name}.indices must be Int32Arrays (or number[])`);
  }
  if (!isTyped(data) && !Array.isArray(data)) {
    throw new L1L2Error("INVALID_INPUT", `${name}.data must be a Float64Array, Float32Array or number[]`);
  }
  if (indptr.length !== cols + 1) {
    throw new L1L2Error("SHAPE_MISMATCH", `${name}.indptr has ${indptr.length} values but cols + 1 = ${cols + 1}`);
  }
  if (indices.length !== data.length) {
    throw new L1L2Error("SHAPE_MISMATCH", `${name}.indices has ${indices.length} values but ${name}.data has ${data.length}`);
  }
  if (indptr[0] !== 0) throw new L1L2Error("INVALID_INPUT", `${name}.indptr[0] must be 0, got ${describe(indptr[0])}`);
  if (indptr[cols] !== data.length) {
    throw new L1L2Error("SHAPE_MISMATCH", `${name}.indptr[${cols}] = ${describe(indptr[cols])} but ${name}.data has ${data.length} values`);
  }
  for (let j = 0; j < cols; j++) {
    const a = indptr[j], b = indptr[j + 1];
    if (!Number.isInteger(b) || b < a) {
      throw new L1L2Error("INVALID_INPUT", `${name}.indptr must be non-decreasing integers: indptr[${j + 1}] = ${describe(b)} after ${describe(a)}`);
    }
  }
  let sorted = true;
  const seen = new Int32Array(rows).fill(-1); // the last column each row appeared in
  for (let j = 0; j < cols; j++) {
    const a = indptr[j], b = indptr[j + 1];
    for (let k = a; k < b; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= rows) {
        throw new L1L2Error("INVALID_INPUT", `${name}.indices[${k}] = ${describe(i)} (column ${j}) is not a row index in [0, ${rows})`);
      }
      if (seen[i] === j) {
        throw new L1L2Error("INVALID_INPUT", `${name} lists row ${i} twice in column ${j}: sum the duplicates first (SciPy: X.sum_duplicates())`);
      }
      seen[i] = j;
      if (k > a && i < indices[k - 1]) sorted = false;
    }
  }
  return { shape: { rows, cols }, sorted };
}

/**
 * The entries of a validated CSC matrix as l1l2 stores them: explicit zeros dropped, rows
 * in increasing order, each column divided by its largest magnitude (so in [−1, 1]) but not
 * centred, so that zeros stay zeros. A constant column (all zeros, or one value in every row)
 * is stored empty, its value kept in `means` as for a dense design (whose stored columns are
 * (X − means)/scales). `write(nnz)` returns the arrays to fill. Throws on a non-finite,
 * non-numeric or too large value, naming its row and column.
 */
export function writeCscColumns<D extends Float64Array | Float32Array>(
  X: CscMatrix, name: string,
  write: (nnz: number) => { indptr: Int32Array; indices: Int32Array; data: D },
): { means: Float64Array; scales: Float64Array } {
  const { shape: { rows: n, cols: p }, sorted } = cscStructure(X, name);
  const { indptr, indices, data } = X;
  const means = new Float64Array(p), scales = new Float64Array(p).fill(1);
  const keep = new Int32Array(p); // nonzero entries kept per column (0 for a constant column)
  for (let j = 0; j < p; j++) {
    let count = 0, lo = Infinity, hi = -Infinity, top = 0;
    for (let k = indptr[j]; k < indptr[j + 1]; k++) {
      const v = data[k];
      if (typeof v !== "number" || !(Math.abs(v) <= MAX_X)) throw badValue(name, v, indices[k], j, MAX_X);
      if (v === 0) continue;
      count++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      top = Math.max(top, Math.abs(v));
    }
    if (count === 0) continue;
    if (count === n && lo === hi) { means[j] = lo; continue; }
    if (top < MIN_SPREAD) {
      throw new L1L2Error("INVALID_INPUT", `${name} column ${j} varies only by ${top.toExponential(1)}: ` +
        `below the supported ${MIN_SPREAD} (1/spread would overflow float64); rescale it`);
    }
    scales[j] = top;
    keep[j] = count;
  }
  let nnz = 0;
  for (let j = 0; j < p; j++) nnz += keep[j];
  const out = write(nnz);
  let at = 0;
  for (let j = 0; j < p; j++) {
    out.indptr[j] = at;
    if (keep[j] === 0) continue;
    const a = indptr[j], b = indptr[j + 1], s = scales[j];
    let order: number[] | null = null;
    if (!sorted) {
      order = Array.from({ length: b - a }, (_, t) => a + t);
      order.sort((u, v) => indices[u] - indices[v]);
    }
    for (let t = 0; t < b - a; t++) {
      const k = order ? order[t] : a + t;
      if (data[k] === 0) continue;
      out.indices[at] = indices[k];
      out.data[at] = data[k] / s;
      at++;
    }
  }
  out.indptr[p] = at;
  return { means, scales };
}

/**
 * The magnitudes the solvers support: squares of the data (and their sums) must stay finite and
 * normal in float64. Beyond them l1l2 refuses the data instead of returning rounding noise.
 */
export const MAX_MAGNITUDE = 1e152;

/** X is stored rescaled per column: its centring must not overflow, nor the rescaling. */
const MAX_X = 1e300;
const MIN_SPREAD = 1e-290;

function badValue(name: string, v: unknown, i: number, j: number, limit: number): L1L2Error {
  if (typeof v !== "number") {
    return new L1L2Error("INVALID_INPUT", `${name} has a non-number (${typeof v}) at row ${i}, column ${j}`);
  }
  if (Number.isFinite(v)) return tooLarge(`${name} has ${v} at row ${i}, column ${j}`, limit);
  return new L1L2Error("NON_FINITE", `${name} has ${v} at row ${i}, column ${j}`);
}

function tooLarge(where: string, limit: number): L1L2Error {
  return new L1L2Error("INVALID_INPUT",
    `${where}: values beyond ±${limit} are not supported (they overflow float64 in the fit); rescale`);
}

/**
 * Writes X into `dst` column-major (column j at j·rows), centred by the column means and
 * divided by the largest centred magnitude, so that every stored column lies in [−1, 1]
 * whatever its units (constant columns: zeros, scale 1). Returns the means and scales. Throws
 * on a non-finite or non-numeric value, naming its row and column.
 */
export function writeCentredColumns(X: DenseInput, shape: Shape, dst: Float64Array | Float32Array, name = "X"): { means: Float64Array; scales: Float64Array } {
  const { rows: n, cols: p } = shape;
  const means = new Float64Array(p), scales = new Float64Array(p).fill(1);
  const get = accessor(X, shape);
  // one column at a time in float64, so that a float32 store rounds only the final values
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    let s = 0, lo = Infinity, hi = -Infinity;
    const off = j * n;
    for (let i = 0; i < n; i++) {
      const v = get(i, j);
      if (typeof v !== "number" || !(Math.abs(v) <= MAX_X)) throw badValue(name, v, i, j, MAX_X);
      col[i] = v;
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === hi) { // a constant column centres to exact zeros, whatever the rounding of its mean
      means[j] = lo;
      dst.fill(0, off, off + n);
      continue;
    }
    let mean = s / n;
    if (!Number.isFinite(mean)) { // the sum overflowed: average in two steps
      mean = 0;
      for (let i = 0; i < n; i++) mean += col[i] / n;
    }
    means[j] = mean;
    let spread = 0;
    for (let i = 0; i < n; i++) { col[i] -= mean; spread = Math.max(spread, Math.abs(col[i])); }
    if (spread < MIN_SPREAD) {
      throw new L1L2Error("INVALID_INPUT", `${name} column ${j} varies only by ${spread.toExponential(1)}: ` +
        `below the supported ${MIN_SPREAD} (1/spread would overflow float64); rescale it`);
    }
    scales[j] = spread;
    for (let i = 0; i < n; i++) dst[off + i] = col[i] / spread;
  }
  return { means, scales };
}

function accessor(X: DenseInput, { rows, cols }: Shape): (i: number, j: number) => unknown {
  if (Array.isArray(X)) return (i, j) => X[i][j];
  const { data, order } = X as { data: ArrayLike<number>; order?: "row" | "col" };
  return order === "col" ? (i, j) => data[j * rows + i] : (i, j) => data[i * cols + j];
}

/**
 * A validated Float64Array copy of a vector of length n (when n is given): finite values, and
 * within ±limit (else INVALID_INPUT naming the value) when a limit is given.
 */
export function toVector(y: unknown, name: string, n?: number, limit = Number.MAX_VALUE): Float64Array {
  return checkedVector(y, name, n, limit, true);
}

/** toVector; without `copy`, a Float64Array y comes back itself (for callers that only read it). */
function checkedVector(y: unknown, name: string, n: number | undefined, limit: number, copy: boolean): Float64Array {
  if (!isTyped(y) && !Array.isArray(y)) {
    throw new L1L2Error("INVALID_INPUT", `${name} must be a number[], Float64Array or Float32Array`);
  }
  if (y.length === 0) throw new L1L2Error("EMPTY", `${name} is empty`);
  if (n !== undefined && y.length !== n) {
    throw new L1L2Error("SHAPE_MISMATCH", `${name} has ${y.length} values but X has ${n} rows`);
  }
  if (isTyped(y)) {
    // typed arrays hold numbers: copy at once, then one test catches NaN, ±Infinity and excess
    const out = !copy && y instanceof Float64Array ? y : new Float64Array(y);
    for (let i = 0; i < out.length; i++) if (!(Math.abs(out[i]) <= limit)) throw badElement(name, i, out[i], limit);
    return out;
  }
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = (y as ArrayLike<unknown>)[i];
    if (typeof v !== "number") throw new L1L2Error("INVALID_INPUT", `${name}[${i}] is not a number`);
    if (!(Math.abs(v) <= limit)) throw badElement(name, i, v, limit);
    out[i] = v;
  }
  return out;
}

/** The error for a vector's name[i] = v, which is not finite or beyond ±limit. */
function badElement(name: string, i: number, v: number, limit: number): L1L2Error {
  return Number.isFinite(v) ? tooLarge(`${name}[${i}] is ${v}`, limit) : new L1L2Error("NON_FINITE", `${name}[${i}] is ${v}`);
}

/** A response vector: finite, within ±MAX_MAGNITUDE. */
export function toResponse(y: unknown, n: number, name = "y"): Float64Array {
  return toVector(y, name, n, MAX_MAGNITUDE);
}

/** toResponse without the copy of a Float64Array y: for callers that only read it. */
export function readResponse(y: unknown, n: number, name = "y"): Float64Array {
  return checkedVector(y, name, n, MAX_MAGNITUDE, false);
}

/**
 * Raw weights as toWeights checks them, rescaled to sum to n (null: unit weights), with the sum
 * of the raw ones (what scikit-learn's and glmnet's penalty scalings are stated against).
 */
export function weightsAndSum(raw: Vector | null, n: number, name = "sampleWeight"): { weights: Float64Array | null; sumWeight: number } {
  if (raw === null) return { weights: null, sumWeight: n };
  const weights = toWeights(raw, n, name);
  let sumWeight = 0;
  for (let i = 0; i < n; i++) sumWeight += raw[i];
  return { weights, sumWeight };
}

/** Sample weights: finite, ≥ 0, not all zero; returned rescaled to sum to n. */
export function toWeights(w: unknown, n: number, name = "sampleWeight"): Float64Array {
  const out = toVector(w, name, n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (out[i] < 0) throw new L1L2Error("INVALID_PARAMETER", `${name}[${i}] is negative (${out[i]})`);
    s += out[i];
  }
  if (!(s > 0)) throw new L1L2Error("INVALID_PARAMETER", `${name} is all zero`);
  // scale by the largest weight first, so that neither a huge nor a subnormal sum overflows
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, out[i]);
  let t = 0;
  for (let i = 0; i < n; i++) {
    out[i] /= top;
    // weights below 1e-150 of the largest change nothing but push the fit into subnormals
    if (out[i] < 1e-150) out[i] = 0;
    t += out[i];
  }
  for (let i = 0; i < n; i++) out[i] *= n / t;
  return out;
}

/** A finite number ≥ min (and ≤ max): the check every hyper-parameter goes through. */
export function checkNumber(name: string, v: unknown, min = 0, max = Infinity, integer = false): number {
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new L1L2Error("INVALID_PARAMETER", `${name} must be a number, got ${describe(v)}`);
  }
  if (!Number.isFinite(v)) {
    throw new L1L2Error("INVALID_PARAMETER", `${name} must be finite, got ${v}`);
  }
  if (v < min || v > max) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new L1L2Error("INVALID_PARAMETER", `${name} must be ${range}, got ${v}`);
  }
  if (integer && !Number.isInteger(v)) {
    throw new L1L2Error("INVALID_PARAMETER", `${name} must be an integer, got ${v}`);
  }
  return v;
}

export function checkBoolean(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new L1L2Error("INVALID_PARAMETER", `${name} must be true or false, got ${describe(v)}`);
  return v;
}

/** A value for an error message, never throwing (hostile objects have no safe String()). */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  return String(v);
}

/** The columns of a matrix as validated Float64Arrays (e.g. several targets, n × t). */
export function toColumns(M: MatrixInput, name: string, rows?: number): Float64Array[] {
  if (isCsc(M)) throw new L1L2Error("INVALID_INPUT", `${name} must be dense (an array of rows or { data, rows, cols }), not CSC`);
  const shape = matrixShape(M, name);
  if (rows !== undefined && shape.rows !== rows) {
    throw new L1L2Error("SHAPE_MISMATCH", `${name} has ${shape.rows} rows but X has ${rows}`);
  }
  const flat = new Float64Array(shape.rows * shape.cols);
  const { means, scales } = writeCentredColumns(M, shape, flat, name);
  const cols = Array.from(means, (mu, j) => flat.subarray(j * shape.rows, (j + 1) * shape.rows).map((v) => v * scales[j] + mu));
  cols.forEach((c, j) => c.forEach((v, i) => { if (!(Math.abs(v) <= MAX_MAGNITUDE)) throw tooLarge(`${name} row ${i}, column ${j} is ${v}`, MAX_MAGNITUDE); }));
  return cols;
}

/** Whether a response is a matrix (several targets) rather than a vector. */
export function isMatrixInput(y: unknown): y is MatrixInput {
  if (Array.isArray(y)) return y.length > 0 && typeof y[0] === "object" && y[0] !== null;
  return typeof y === "object" && y !== null && !ArrayBuffer.isView(y) && "data" in y;
}
