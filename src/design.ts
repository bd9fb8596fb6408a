// A design matrix uploaded once into WASM memory, column-major and centred by its column
// means, so that many fits (targets, λ values, models, folds) share one copy.
import { f64, WasmBuffer, checkFits } from "./wasm.js";
import { L1L2Error } from "./errors.js";
import { MatrixInput, describe, matrixShape, writeCentredColumns } from "./input.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

export interface DesignOptions {
  /** Storage precision inside WASM. Only "float64" is implemented so far. */
  dtype?: "float64";
}

export class DesignMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Plain column means and scales; the stored columns are (X − means)/scales, in [−1, 1]. */
  readonly means: Float64Array;
  readonly scales: Float64Array;
  private store: WasmBuffer<"f64"> | null;

  private constructor(rows: number, cols: number, store: WasmBuffer<"f64">, means: Float64Array, scales: Float64Array) {
    this.rows = rows;
    this.cols = cols;
    this.store = store;
    this.means = means;
    this.scales = scales;
  }

  /** Validates X and copies it into WASM memory once. Call `dispose()` when done. */
  static from(X: MatrixInput, options: DesignOptions = {}): DesignMatrix {
    options ??= {};
    if (typeof options !== "object") throw new L1L2Error("INVALID_PARAMETER", `DesignMatrix.from options must be an object, got ${describe(options)}`);
    if (options.dtype !== undefined && options.dtype !== "float64") {
      throw new L1L2Error("INVALID_PARAMETER", `dtype must be "float64", got ${describe(options.dtype)}`);
    }
    const shape = matrixShape(X);
    checkFits(shape.rows * shape.cols, "f64", `X (${shape.rows} × ${shape.cols})`);
    const buf = f64(shape.rows * shape.cols);
    try {
      const { means, scales } = writeCentredColumns(X, shape, buf.view());
      return new DesignMatrix(shape.rows, shape.cols, buf, means, scales);
    } catch (e) {
      buf.free();
      throw e;
    }
  }

  /** The resident columns (internal: for solvers). */
  get columns(): WasmBuffer<"f64"> {
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
