// Predictions of a linear model, ŷ = Xβ + b, for plain input (read in place, no copy into
// WASM; CSC column by column) or for a resident DesignMatrix (one axpy per nonzero
// coefficient, in WASM).
import { DesignMatrix } from "./design.js";
import { CscMatrix, MatrixInput, cscStructure, isCsc, matrixShape } from "./input.js";
import { L1L2Error } from "./errors.js";
import { kernels, f64, i32, scoped, type WasmBuffer } from "./wasm.js";

/** Xβ + b, into `into` (n values) when given, else into a new array. */
export function linearPredict(X: MatrixInput | DesignMatrix, coef: Float64Array, intercept: number,
                              into?: Float64Array): Float64Array {
  if (X instanceof DesignMatrix) return designPredict(X, coef, intercept, into);
  return isCsc(X) ? cscPredict(X, coef, intercept, into) : densePredict(X, coef, intercept, into);
}

/** Xβ + b on the resident design: one axpy per nonzero coefficient, in WASM. */
function designPredict(X: DesignMatrix, coef: Float64Array, intercept: number, into?: Float64Array): Float64Array {
  if (X.cols !== coef.length) throw shapeError(X.cols, coef.length);
  return scoped((take) => {
    const out = take(f64(X.rows));
    designPredictInto(X, coef, intercept, out, take(f64(X.cols)));
    if (!into) return out.toArray() as Float64Array;
    into.set(out.view());
    return into;
  });
}

/**
 * Xβ + b (+ offset, n values) on the resident design into a WASM buffer, for fits whose rows
 * live there; `stored` (p values) is workspace.
 */
export function designPredictInto(X: DesignMatrix, coef: Float64Array, intercept: number, out: WasmBuffer<"f64">,
                                  stored: WasmBuffer<"f64">, offset?: Float64Array): void {
  const p = X.cols;
  const c = toStoredModel(X, coef, 0, intercept, stored.view(), 0, 1);
  if (offset) {
    const ov = out.view();
    for (let i = 0; i < ov.length; i++) ov[i] = offset[i] + c;
  } else out.fill(c);
  kernels().addXb(X.layout, X.ptr, X.rows, p, stored.ptr, out.ptr);
}

/**
 * The predictions of L models (`models[k]`: the intercept, then the p coefficients, as glmnet's
 * coef() gives them) at the listed rows of the resident design, out[k·rows.length + s]: a CV
 * fold's held-out rows along its path, every column any model uses read once (addXbRows).
 */
export function designPredictRows(X: DesignMatrix, models: Float64Array[], rows: Int32Array): Float64Array {
  const p = X.cols, L = models.length, count = rows.length;
  for (const c of models) if (c.length !== p + 1) throw shapeError(X.cols, c.length - 1);
  return scoped((take) => {
    const B = take(f64(p * L)), out = take(f64(L * count));
    const bv = B.view(), ov = out.view();
    for (let k = 0; k < L; k++) ov.fill(toStoredModel(X, models[k], 1, models[k][0], bv, k, L), k * count, (k + 1) * count);
    kernels().addXbRows(X.layout, X.ptr, X.rows, p, take(i32(count)).set(rows).ptr, count, B.ptr, L,
      take(f64(count)).ptr, take(f64(X.rows)).fill(0).ptr, out.ptr);
    return out.toArray() as Float64Array;
  });
}

/**
 * A model in the design's stored units (X is stored centred by its means and scaled): the
 * coefficients coef[from + j]·scaleⱼ into stored[at + j·stride]; returns the intercept there,
 * b + Σ coefⱼ·meanⱼ.
 */
function toStoredModel(X: DesignMatrix, coef: Float64Array, from: number, intercept: number,
                       stored: Float64Array, at: number, stride: number): number {
  let b = intercept;
  for (let j = 0; j < X.cols; j++) {
    b += coef[from + j] * X.means[j];
    stored[at + j * stride] = coef[from + j] * X.scales[j];
  }
  return b;
}

function densePredict(X: Exclude<MatrixInput, CscMatrix>, coef: Float64Array, intercept: number,
                      into?: Float64Array): Float64Array {
  const p = coef.length;
  const { rows: n, cols } = matrixShape(X);
  if (cols !== p) throw shapeError(cols, p);
  const out = into ?? new Float64Array(n);
  const flat = Array.isArray(X) ? null : X;
  for (let i = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < p; j++) {
      const v = flat ? flat.data[flat.order === "col" ? j * n + i : i * p + j] : (X as ArrayLike<number>[])[i][j];
      if (typeof v !== "number" || !Number.isFinite(v)) throw valueError(v, i, j);
      s += v * coef[j];
    }
    out[i] = s;
  }
  return out;
}

function cscPredict(X: CscMatrix, coef: Float64Array, intercept: number, into?: Float64Array): Float64Array {
  const { rows: n, cols } = cscStructure(X).shape;
  if (cols !== coef.length) throw shapeError(cols, coef.length);
  const { indptr, indices, data } = X;
  const out = (into ?? new Float64Array(n)).fill(intercept);
  for (let j = 0; j < cols; j++) {
    for (let k = indptr[j]; k < indptr[j + 1]; k++) {
      const v = data[k];
      if (typeof v !== "number" || !Number.isFinite(v)) throw valueError(v, indices[k], j);
      out[indices[k]] += v * coef[j];
    }
  }
  return out;
}

function valueError(v: unknown, i: number, j: number): L1L2Error {
  return new L1L2Error(typeof v === "number" ? "NON_FINITE" : "INVALID_INPUT",
    `X has ${typeof v === "number" ? v : "a non-number"} at row ${i}, column ${j}`);
}

function shapeError(got: number, want: number): L1L2Error {
  return new L1L2Error("SHAPE_MISMATCH", `X has ${got} columns but the model was fitted on ${want}`);
}

/** Coefficient of determination R² = 1 − Σw(y−ŷ)² / Σw(y−ȳ)² (1 when y is constant and fitted exactly). */
export function r2Score(y: Float64Array, yhat: Float64Array, w: Float64Array | null): number {
  let sw = 0, mean = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; sw += wi; mean += wi * y[i]; }
  mean /= sw;
  let res = 0, tot = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    res += wi * (y[i] - yhat[i]) ** 2;
    tot += wi * (y[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}
