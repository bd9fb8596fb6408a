// Class labels for the classifiers: numbers or strings, sorted as scikit-learn sorts them
// (and as R orders a factor's levels), coded 0..K−1.
import { L1L2Error } from "./errors.js";
import { describe } from "./input.js";

export type Label = number | string;

const order = (a: Label, b: Label) =>
  typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

/** The sorted distinct labels (at least two) and each row's class index. */
export function encodeLabels(y: ArrayLike<Label>, n: number): { classes: Label[]; codes: Int32Array } {
  if (!y || typeof y !== "object" || typeof y.length !== "number") throw new L1L2Error("INVALID_INPUT", "y must be an array of labels");
  if (y.length !== n) throw new L1L2Error("SHAPE_MISMATCH", `y has ${y.length} labels but X has ${n} rows`);
  const seen = new Set<Label>();
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v === "number" ? !Number.isFinite(v) : typeof v !== "string") {
      throw new L1L2Error(typeof v === "number" ? "NON_FINITE" : "INVALID_INPUT", `y[${i}] is not a label (a finite number or a string): ${describe(v)}`);
    }
    seen.add(v);
  }
  const classes = [...seen].sort(order);
  if (classes.length < 2) throw new L1L2Error("INVALID_INPUT", `y has a single class (${describe(classes[0])}): a classifier needs two or more`);
  const index = new Map(classes.map((c, k) => [c, k]));
  return { classes, codes: Int32Array.from({ length: n }, (_, i) => index.get(y[i])!) };
}

/** Exactly two classes: the labels and the 0/1 target for classes[1]. */
export function binaryTarget(y: ArrayLike<Label>, n: number, who: string): { classes: Label[]; t: Float64Array } {
  const { classes, codes } = encodeLabels(y, n);
  if (classes.length > 2) {
    throw new L1L2Error("INVALID_INPUT", `y has ${classes.length} classes but ${who} is binary (two classes)`);
  }
  return { classes, t: Float64Array.from(codes) };
}
