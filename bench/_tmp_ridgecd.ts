import { initSync, LinearRegression, Ridge, l2, l1l2, DesignMatrix } from "../src/index.js";
import { loadDataset } from "./data.js";
import { assess, meanColumnVariance } from "./metrics.js";
initSync();
for (const dir of ["/work/main/bench/data/S3q", "/work/main/bench/data/S1q", "/work/main/bench/data/S2q", "/work/shared/datasets/diabetes"]) {
  const d = loadDataset(dir);
  const D = DesignMatrix.from({ data: d.X, rows: d.n, cols: d.p, order: "row" });
  const lam = meanColumnVariance(d) / 2 * 0.01;
  const exact = new Ridge({ alpha: 2 * d.n * lam }).fit(D, d.y);
  const fe = assess(d, 0, lam, exact.coef, exact.intercept).objective;
  for (const mode of ["naive", "covariance"] as const) for (const tol of [1e-4, 1e-8]) {
    const m = new LinearRegression({ penalty: l2(lam), mode, tol, warn: false }).fit(D, d.y);
    const q = assess(d, 0, lam, m.coef, m.intercept);
    console.log(d.name, mode, `tol ${tol}`, `sweeps ${m.nIter}`, `self gap ${m.dualGap.toExponential(2)}`,
      `true gap/‖ỹ‖² ${q.relGap.toExponential(2)}`, `subopt ${((q.objective - fe) / fe).toExponential(2)}`, `converged ${m.converged}`);
  }
  D.dispose();
}
