/** What went wrong, for programs to branch on. */
export type L1L2ErrorCode =
  | "NOT_INITIALIZED"   // a model or kernel was used before init()/initSync()
  | "INVALID_INPUT"     // wrong type or structure (ragged rows, wrong kind of array, …)
  | "NON_FINITE"        // NaN or ±Infinity in the data
  | "SHAPE_MISMATCH"    // lengths that should agree do not
  | "EMPTY"             // no rows or no columns
  | "INVALID_PARAMETER" // a hyper-parameter out of its domain (negative λ, l1Ratio ∉ [0,1], …)
  | "NOT_FITTED"        // predict/score/coef before fit
  | "DISPOSED"          // a DesignMatrix used after dispose()
  | "OUT_OF_MEMORY"     // the problem does not fit in WASM's 4 GiB address space
  | "INVALID_JSON";     // fromJSON got something that is not a saved model

/** Every error l1l2 throws on purpose. `code` is stable; the message names the problem. */
export class L1L2Error extends Error {
  readonly code: L1L2ErrorCode;
  constructor(code: L1L2ErrorCode, message: string) {
    super(message);
    this.name = "L1L2Error";
    this.code = code;
  }
}
