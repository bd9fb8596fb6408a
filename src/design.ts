// A design matrix uploaded once into WASM memory, column-major and centred by its column
// means, so that many fits (targets, λ values, models, folds) share one copy.
import { f32, f64, WasmBuffer, checkFits } from "./wasm.js";
import { L1L2Error } from "./errors.js";
import { MatrixInput, describe, matrixShape, writeCentredColumns } from "./input.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

export interface DesignOptions {
  /**
   * Storage precision inside WASM: "float64" (default) or "float32", which halves the memory
   * (4·n·p bytes) at the cost of rounding X, stored centred and scaled to [−1, 1], to float32
   * (a relative error of ~6e-8 per entry); every computation stays in float64.
   */
  dtype?: "float64" | "float32";
}

export class DesignMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Plain column means and scales; the stored columns are (X − means)/scales, in [−1, 1]. */
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly dtype: "float64" | "float32";
  private store: WasmBuffer<"f64" | "f32"> | null;

  private constructor(rows: number, cols: number, store: WasmBuffer<"f64" | "f32">, means: Float64Array, scales: Float64Array) {
    this.rows = rows;
    this.cols = cols;
    this.store = store;
    this.means = means;
    this.scales = scales;
    this.dtype = store.kind === "f32" ? "float32" : "float64";
  }

  /** Validates X and copies it into WASM memory once. Call `dispose()` when done. */
  static from(X: MatrixInput, options: DesignOptions = {}): DesignMatrix {
    options ??= {};
    if (typeof options !== "object") throw new L1L2Error("INVALID_PARAMETER", `DesignMatrix.from options must be an object, got ${describe(options)}`);
    const dtype = options.dtype ?? "float64";
    if (dtype !== "float64" && dtype !== "float32") {
      throw new L1L2Error("INVALID_PARAMETER", `dtype must be "float64" or "float32", got ${describe(options.dtype)}`);
    }
    const shape = matrixShape(X);
    const kind = dtype === "float32" ? "f32" : "f64";
    checkFits(shape.rows * shape.cols, kind, `X (${shape.rows} × ${shape.cols})`);
    const buf: WasmBuffer<"f64" | "f32"> = kind === "f32" ? f32(shape.rows * shape.cols) : f64(shape.rows * shape.cols);
    try {
      const { means, scales } = writeCentredColumns(X, shape, buf.view() as Float64Array | Float32Array);
      return new DesignMatrix(shape.rows, shape.cols, buf, means, scales);
    } catch (e) {
      buf.free();
      throw e;
    }
  }

  /** Whether the kernels read float32 storage (internal: for solvers). */
  get x32(): boolean {
    return this.dtype === "float32";
  }

  /** The resident columns (internal: for solvers). */
  get columns(): WasmBuffer<"f64" | "f32"> {
    if (!this.store) throw new L1L2Error("DISPOSED", "this DesignMatrix was disposed");
    return this.store;
  }

  get disposed(): boolean {
    return this.store === null;
  }

  /** Frees the WASM copy. Safe to call twice. */
  dispose(): void {
    this.store?.free();
    this.store = null;
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}

/** Runs `body` on X as a DesignMatrix: as given, or uploaded for this call and freed after. */
export function withDesign<T>(X: MatrixInput | DesignMatrix, body: (d: DesignMatrix) => T): T {
  if (X instanceof DesignMatrix) {
    void X.columns; // throws DISPOSED
    return body(X);
  }
  const d = DesignMatrix.from(X);
  try {
    return body(d);
  } finally {
    d.dispose();
  }
}
