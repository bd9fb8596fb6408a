// The fitting, off the main thread: a module worker importing the browser bundle.
// In:  { model: "lasso" | "ridge" | "enet" | "logistic", alpha, names, n, p, X (row-major), y }
// Out: { type: "progress", fraction, text } while fitting, then "path" and "cv" (SVG strings),
//      "table" (coefficients) and "done", or { type: "error", text }.
import { init, glmnet, cvGlmnet, coef, plotPath, plotCV, LogisticRegression } from "/dist/l1l2.browser.js";

const ready = init();
const post = (type, data) => self.postMessage({ type, ...data });
const fmt = (v) => v.toPrecision(3);

self.onmessage = async ({ data }) => {
  try {
    await ready;
    if (data.model === "logistic") logistic(data);
    else regression(data);
  } catch (e) {
    post("error", { text: `Fit failed: ${e && e.message ? e.message : e}` });
  }
};

// ── Lasso / Ridge / Elastic Net: glmnet's path, then cv.glmnet ──────────────────────────

function regression({ model, alpha, names, n, p, X, y }) {
  const name = { lasso: "Lasso", ridge: "Ridge", enet: `Elastic Net (α = ${alpha})` }[model];
  const Xm = { data: X, rows: n, cols: p };
  // stage 1 (first 40% of the bar): the path, reported once per λ
  const fit = glmnet(Xm, y, {
    alpha,
    onProgress: ({ done, total, lambda }) =>
      post("progress", { fraction: 0.4 * done / total, text: `${name}: path, λ ${done} of ${total} (λ = ${fmt(lambda)})` }),
  });
  post("path", { svg: plotPath(fit, { xvar: "lambda", labels: names }), caption: `${name}: coefficients along the path (glmnet, ${fit.lambda.length} λ)` });

  // stage 2: 10-fold cross-validation (the full fit counts as one step)
  const cv = cvGlmnet(Xm, y, {
    alpha, nfolds: Math.min(10, n), seed: 1,
    onProgress: ({ done, total }) =>
      post("progress", { fraction: 0.4 + 0.6 * done / total, text: `${name}: cross-validation, fit ${done} of ${total}` }),
  });
  post("cv", { svg: plotCV(cv), caption: `${name}: 10-fold CV error; dashed lines at λ.min = ${fmt(cv.lambdaMin)} and λ.1se = ${fmt(cv.lambda1se)}` });

  const at = [coef(cv.glmnetFit, { s: cv.lambdaMin }), coef(cv.glmnetFit, { s: cv.lambda1se })];
  post("table", {
    columns: [`λ.min = ${fmt(cv.lambdaMin)}`, `λ.1se = ${fmt(cv.lambda1se)}`],
    rows: names.map((nm, j) => ({ name: nm, values: at.map((c) => c[j + 1]) })),
    intercept: at.map((c) => c[0]),
  });
  post("done", { text: `${name}: done. ${n} rows, ${p} features; CV picks λ.min = ${fmt(cv.lambdaMin)}.` });
}

// ── logistic: LogisticRegression over a grid of C, with K-fold CV by hand ────────────────
// Shown with the same plots by dressing the results as a glmnet fit with λ = 1/C.

function logistic({ alpha, names, n, p, X, y }) {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  if (classes.length !== 2) {
    throw new Error(`logistic regression needs a target with exactly two classes; this one has ${classes.length} distinct values`);
  }
  const t = Float64Array.from(y, (v) => (v === classes[1] ? 1 : 0));
  const Z = standardize(X, n, p); // features on one scale, so one penalty fits all
  const penalty = alpha === 1 ? { penalty: "l1" } : alpha === 0 ? { penalty: "l2" } : { penalty: "elasticnet", l1Ratio: alpha };
  const Cs = Array.from({ length: 20 }, (_, k) => 10 ** (-3 + (5 * k) / 19)); // 1e-3 … 1e2: λ = 1/C decreasing
  const K = Math.min(5, n);
  const folds = shuffledFolds(n, K);
  const steps = Cs.length * (K + 1);
  let step = 0;
  const fitOn = (rows, C) => {
    const m = new LogisticRegression({ ...penalty, C, maxIter: 200, warn: false }).fit(subset(Z, p, rows), rows.map((i) => t[i]));
    post("progress", { fraction: ++step / steps, text: `Logistic: C ${fmt(C)}, fit ${step} of ${steps}` });
    return m;
  };

  const all = Array.from({ length: n }, (_, i) => i);
  const full = Cs.map((C) => fitOn(all, C));
  const path = {
    family: "binomial", alpha, lambda: Float64Array.from(Cs, (C) => 1 / C),
    a0: Float64Array.from(full, (m) => m.intercept), beta: full.map((m) => m.coef),
    df: Int32Array.from(full, (m) => m.coef.filter((b) => b !== 0).length), dim: [p, Cs.length],
  };
  post("path", { svg: plotPath(path, { xvar: "lambda", labels: names }), caption: `Logistic (${penalty.penalty}): standardized coefficients against log(λ), λ = 1/C` });

  // deviance of each held-out row, per C; then the mean and its standard error over folds
  const foldDev = Cs.map(() => new Float64Array(K));
  for (let f = 0; f < K; f++) {
    const train = all.filter((i) => folds[i] !== f), test = all.filter((i) => folds[i] === f);
    Cs.forEach((C, k) => {
      const m = fitOn(train, C);
      foldDev[k][f] = test.reduce((s, i) => s + deviance(m, Z, p, i, t[i]), 0) / test.length;
    });
  }
  const cvm = Float64Array.from(foldDev, (d) => d.reduce((a, b) => a + b, 0) / K);
  const cvsd = Float64Array.from(foldDev, (d, k) => Math.sqrt(d.reduce((s, v) => s + (v - cvm[k]) ** 2, 0) / (K - 1) / K));
  let indexMin = 0;
  cvm.forEach((v, k) => { if (v < cvm[indexMin]) indexMin = k; });
  const index1se = cvm.findIndex((v) => v <= cvm[indexMin] + cvsd[indexMin]); // the largest such λ
  const cv = {
    lambda: path.lambda, cvm, cvsd, cvup: cvm.map((v, k) => v + cvsd[k]), cvlo: cvm.map((v, k) => v - cvsd[k]),
    nzero: path.df, name: "Binomial Deviance", indexMin, index1se,
    lambdaMin: path.lambda[indexMin], lambda1se: path.lambda[index1se], glmnetFit: path,
  };
  post("cv", { svg: plotCV(cv), caption: `Logistic: ${K}-fold CV deviance; best C = ${fmt(Cs[indexMin])}, 1-SE C = ${fmt(Cs[index1se])}` });

  const picks = [full[indexMin], full[index1se]];
  post("table", {
    columns: [`best C = ${fmt(Cs[indexMin])}`, `1-SE C = ${fmt(Cs[index1se])}`],
    rows: names.map((nm, j) => ({ name: nm, values: picks.map((m) => m.coef[j]) })),
    intercept: picks.map((m) => m.intercept),
  });
  post("done", { text: `Logistic: done (class ${classes[1]} vs ${classes[0]}; coefficients are per standard deviation of each feature).` });
}

function standardize(X, n, p) {
  const Z = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let mean = 0, ss = 0;
    for (let i = 0; i < n; i++) mean += X[i * p + j] / n;
    for (let i = 0; i < n; i++) ss += (X[i * p + j] - mean) ** 2;
    const sd = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) Z[i * p + j] = (X[i * p + j] - mean) / sd;
  }
  return Z;
}

function subset(Z, p, rows) {
  const out = new Float64Array(rows.length * p);
  rows.forEach((i, r) => out.set(Z.subarray(i * p, i * p + p), r * p));
  return { data: out, rows: rows.length, cols: p };
}

/** −2 log-likelihood of one row (binomial deviance). */
function deviance(m, Z, p, i, ti) {
  const b = m.coef;
  let eta = m.intercept;
  for (let j = 0; j < p; j++) eta += Z[i * p + j] * b[j];
  const pr = Math.min(Math.max(1 / (1 + Math.exp(-eta)), 1e-15), 1 - 1e-15);
  return -2 * (ti ? Math.log(pr) : Math.log(1 - pr));
}

/** Fold of each row (0 … K−1): balanced, in a fixed pseudo-random order. */
function shuffledFolds(n, K) {
  let s = 2463534242;
  const r = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const folds = new Int32Array(n);
  order.forEach((row, k) => { folds[row] = k % K; });
  return folds;
}
