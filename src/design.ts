// A design matrix uploaded once into WASM memory, so that many fits (targets, λ values,
// models, folds) share one copy: dense X column-major and centred by its column means, or a
// CSC matrix as compressed columns (not centred: zeros stay zeros, and the kernels centre
// implicitly). Either way each stored column is scaled into [−1, 1].
import { f32, f64, f64Parts, i32, WasmBuffer, checkFits } from "./wasm.js";
import { inHalves } from "./threads.js";
import { L1L2Error } from "./errors.js";
import { CscMatrix, MatrixInput, describe, isCsc, matrixShape, writeCentredColumns, writeCscColumns } from "./input.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

export interface DesignOptions {
  /**
   * Storage precision inside WASM: "float64" (default) or "float32", which halves the memory
   * of the values (4·n·p bytes dense, 4·nnz for CSC) at the cost of rounding X, stored scaled
   * to [−1, 1], to float32 (a relative error of ~6e-8 per entry); every computation stays in
   * float64.
   */
  dtype?: "float64" | "float32";
}

/** The kernels' storage layouts (assembly/index.ts). */
const LAYOUT = { dense: { float64: 0, float32: 1 }, csc: { float64: 2, float32: 3 } } as const;

export class DesignMatrix {
  readonly rows: number;
  readonly cols: number;
  /**
   * The stored columns are (X − means)/scales, in [−1, 1]. Dense: plain column means and the
   * largest centred magnitudes. CSC: means 0 (a constant column: its value, stored empty) and
   * the largest magnitudes.
   */
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly dtype: "float64" | "float32";
  readonly format: "dense" | "csc";
  /** Stored entries: rows × cols dense; the nonzeros of the non-constant columns for CSC. */
  readonly nnz: number;
  /** The WASM buffers; the first is what the kernels are given (X itself, or the CSC header). */
  private store: WasmBuffer[] | null;
  private centred: { block: WasmBuffer<"f64">; m: WasmBuffer<"f64">; q: WasmBuffer<"f64">; colsq: WasmBuffer<"f64">; d: WasmBuffer<"f64">; e: WasmBuffer<"f64"> } | null = null;
  /** A solver's workspace kept for the next fit on this design (keepWorkspace). */
  private kept: { free(): void } | null = null;

  private constructor(rows: number, cols: number, format: "dense" | "csc", dtype: "float64" | "float32",
                      store: WasmBuffer[], nnz: number, means: Float64Array, scales: Float64Array) {
    this.rows = rows;
    this.cols = cols;
    this.format = format;
    this.dtype = dtype;
    this.store = store;
    this.nnz = nnz;
    this.means = means;
    this.scales = scales;
  }

  /** Validates X and copies it into WASM memory once. Call `dispose()` when done. */
  static from(X: MatrixInput, options: DesignOptions = {}): DesignMatrix {
    options ??= {};
    if (typeof options !== "object") throw new L1L2Error("INVALID_PARAMETER", `DesignMatrix.from options must be an object, got ${describe(options)}`);
    const dtype = options.dtype ?? "float64";
    if (dtype !== "float64" && dtype !== "float32") {
      throw new L1L2Error("INVALID_PARAMETER", `dtype must be "float64" or "float32", got ${describe(options.dtype)}`);
    }
    if (isCsc(X)) return DesignMatrix.fromCsc(X, dtype);
    const shape = matrixShape(X);
    const kind = dtype === "float32" ? "f32" : "f64";
    checkFits(shape.rows * shape.cols, kind, `X (${shape.rows} × ${shape.cols})`);
    const buf: WasmBuffer<"f64" | "f32"> = kind === "f32" ? f32(shape.rows * shape.cols) : f64(shape.rows * shape.cols);
    try {
      const { means, scales } = writeCentredColumns(X, shape, buf.view() as Float64Array | Float32Array);
      return new DesignMatrix(shape.rows, shape.cols, "dense", dtype, [buf], shape.rows * shape.cols, means, scales).withStats();
    } catch (e) {
      buf.free();
      throw e;
    }
  }

  private static fromCsc(X: CscMatrix, dtype: "float64" | "float32"): DesignMatrix {
    const bufs: WasmBuffer[] = [];
    try {
      let nnz = 0;
      const { means, scales } = writeCscColumns(X, "X", (count) => {
        nnz = count;
        checkFits(count, dtype === "float32" ? "f32" : "f64", `X's ${count} nonzeros`);
        const header = i32(3), indptr = i32(X.cols + 1), indices = i32(count);
        const data = dtype === "float32" ? f32(count) : f64(count);
        bufs.push(header, indptr, indices, data);
        header.set([indptr.ptr, indices.ptr, data.ptr]);
        // views last: each allocation may grow memory and detach earlier views
        return { indptr: indptr.view(), indices: indices.view(), data: data.view() as Float64Array };
      });
      return new DesignMatrix(X.rows, X.cols, "csc", dtype, bufs, nnz, means, scales).withStats();
    } catch (e) {
      for (const b of bufs) b.free();
      throw e;
    }
  }

  /**
   * Computes the stored columns' statistics under unit weights with an intercept, the case of
   * every unweighted fit, once here rather than in a pass over X per fit.
   */
  private withStats(): this {
    const { rows: n, cols: p } = this;
    const { block, parts: [m, q, colsq, d, e] } = f64Parts([p, p, p, p, p]);
    try {
      d.set(this.scales);
      e.set(this.scales.map((s) => 1 / s));
      inHalves(p, n, (t0, t1) => ({ name: "columnStats", args: [this.layout, this.ptr, n, 0, t0, t1, 0, 1, 0, m.ptr, q.ptr, colsq.ptr] }));
    } catch (e) {
      block.free();
      throw e;
    }
    this.centred = { block, m, q, colsq, d, e };
    return this;
  }

  /**
   * The stored columns' statistics under unit weights with an intercept (assembly/columns.ts
   * columnStats): means m, q = Σx − n·m and Σ(x − m)², p values each, with d, a copy of
   * `scales` for kernels, and e = 1/d (internal: for solvers, which only read them).
   */
  get centredStats(): { m: WasmBuffer<"f64">; q: WasmBuffer<"f64">; colsq: WasmBuffer<"f64">; d: WasmBuffer<"f64">; e: WasmBuffer<"f64"> } {
    void this.ptr; // throws DISPOSED
    return this.centred!;
  }

  /**
   * Keeps a solver's small workspace for the next fit on this design (internal): setting up a
   * small fit's buffers costs as much as a good part of its solve. One at a time, freed with the
   * design; returns false (the caller frees it) when one is kept already or the design is disposed.
   */
  keepWorkspace(w: { free(): void }): boolean {
    if (this.kept || !this.store) return false;
    this.kept = w;
    return true;
  }

  /** The workspace keepWorkspace kept, now the caller's (null: none). */
  takeWorkspace(): unknown {
    const w = this.kept;
    this.kept = null;
    return w;
  }

  /** The kernels' layout code for this storage (internal: for solvers). */
  get layout(): number {
    return LAYOUT[this.format][this.dtype];
  }

  /** Where the kernels find X (internal: for solvers). */
  get ptr(): number {
    if (!this.store) throw new L1L2Error("DISPOSED", "this DesignMatrix was disposed");
    return this.store[0].ptr;
  }

  get disposed(): boolean {
    return this.store === null;
  }

  /** Frees the WASM copy. Safe to call twice. */
  dispose(): void {
    this.kept?.free();
    this.kept = null;
    this.centred?.block.free();
    this.centred = null;
    for (const b of this.store ?? []) b.free();
    this.store = null;
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}

/** Runs `body` on X as a DesignMatrix: as given, or uploaded for this call and freed after. */
export function withDesign<T>(X: MatrixInput | DesignMatrix, body: (d: DesignMatrix) => T): T {
  if (X instanceof DesignMatrix) {
    void X.ptr; // throws DISPOSED
    return body(X);
  }
  const d = DesignMatrix.from(X);
  try {
    return body(d);
  } finally {
    d.dispose();
  }
}
