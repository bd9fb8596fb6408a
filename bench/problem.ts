// The types the case table, the peers and the report share.
import type { Dataset } from "./data.js";
import type { Timing, TimingOptions } from "./timing.js";
import type { Quality } from "./metrics.js";

export type Model = "lasso" | "ridge";

/** One fit to benchmark: a model at canonical (l1, l2) on a dataset, at tolerance tol. */
export interface Problem {
  caseId: string;
  data: Dataset;
  model: Model;
  l1: number;
  l2: number;
  /** Duality-gap tolerance in scikit-learn's units (gap ≤ tol·‖y − ȳ‖²). */
  tol: number;
  /** glmnet's thresh (its own rule on weighted squared coefficient changes). */
  thresh: number;
  /** How l1 / l2 were chosen, for the report. */
  recipe: string;
}

export interface RunOptions extends TimingOptions {
  quick: boolean;
}

export interface SolverRun {
  solver: string;
  status: "ok" | "missing" | "error" | "timeout" | "skipped";
  /** Why a peer is missing, skipped or failed; or how it was timed. */
  note?: string;
  timing?: Timing;
  coef?: Float64Array;
  intercept?: number;
  /** The solver's own iteration count (sweeps / passes / epochs). */
  nIter?: number;
  /** The solver's own claim. */
  converged?: boolean;
  /** The exact call, for the report. */
  detail?: string;
  /** Extra timings (ms) worth reporting, e.g. l1l2's upload. */
  extraMs?: Record<string, number>;
  /** Filled by run.ts from coef/intercept (metrics.ts). */
  quality?: Quality;
}

/** A path case's row: a SolverRun without the single fit's coefficients and grading. */
export type PathRunBase = Omit<SolverRun, "coef" | "intercept" | "quality">;

export interface Peer {
  name: string;
  /** Null when usable; otherwise why not (said plainly in the report). */
  unavailable(): string | null;
  versions(): Record<string, string>;
  run(p: Problem, o: RunOptions): Promise<SolverRun>;
}
