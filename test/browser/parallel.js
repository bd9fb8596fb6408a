// cvGlmnetAsync's cases for the Web Worker suite (parallel.test.ts), shared verbatim by Node (on
// src/) and the page (on dist/l1l2.browser.js): the same data from exact integer arithmetic, and
// the results as hex of their float64 bytes, so "equal" means bit-identical.
import { hex } from "./worker.js";

/** y = Xβ + noise, X of n rows × p, from xorshift32 (the same doubles in every engine). */
export function problem(n = 240, p = 30, seed = 99) {
  let s = seed;
  const r = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296 - 0.5; };
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => 2 * r()));
  const y = X.map((row) => row.reduce((t, x, j) => t + (j % 4 === 0 ? (j % 8 ? 2 : -3) * x : 0), 0) + 0.5 * r());
  return { X, y };
}

/** The cvGlmnet options of each case (plain data: they cross page.evaluate). */
export const CASES = {
  lasso: { nfolds: 8, seed: 7 },
  "enet-mae-weights": { alpha: 0.5, typeMeasure: "mae", nfolds: 5, seed: 3, weights: Array.from({ length: 240 }, (_, i) => 1 + (i % 3)) },
};

/** A fold with no training weight (fold 1 is every row of weight 1): an L1L2Error from that fold's fit. */
export const FAILING = {
  weights: Array.from({ length: 240 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
  foldid: Array.from({ length: 240 }, (_, i) => (i % 3 === 0 ? 1 : 2 + (i % 2))),
};

/** What is compared of a CvGlmnetResult. */
export function summary(cv) {
  return {
    lambda: hex(cv.lambda), cvm: hex(cv.cvm), cvsd: hex(cv.cvsd),
    lambdaMin: hex(cv.lambdaMin), lambda1se: hex(cv.lambda1se),
    indexMin: cv.indexMin, index1se: cv.index1se, foldid: Array.from(cv.foldid).join(","),
  };
}

/** cvGlmnetAsync on case `name` with nJobs: the summary and the onProgress `done` counts. */
export async function runCase(lib, name, nJobs) {
  const { X, y } = problem();
  const done = [];
  const cv = await lib.cvGlmnetAsync(X, y, { ...CASES[name], nJobs, onProgress: (p) => done.push(p.done) });
  return { summary: summary(cv), done };
}
