// The fits the browser suite compares, defined once and run in three places: in Node (on src/),
// in a page and in this module Web Worker (both on dist/l1l2.browser.js). Every result is
// returned as the hex of its float64 bytes, so "equal" means bit-identical.
//
// As a module it exports runFits/runPlots/runAll/loadData; started as a Worker it waits for
// { bundle, base } and answers { ok, results: runAll(…) } or { ok: false, error }.

/** Hex of the bytes of a Float64Array (or of one number as a float64). */
export function hex(v) {
  const a = typeof v === "number" ? Float64Array.of(v) : v instanceof Float64Array ? v : Float64Array.from(v);
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}

/** xorshift32 in [-0.5, 0.5): exact integer arithmetic, the same numbers in every engine. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296 - 0.5;
  };
}

/** A synthetic regression problem: rows of X, y = Xβ + noise with a few nonzero β. */
function problem(n, p, seed) {
  const r = rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => 2 * r()));
  const beta = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 3 * r() + (j % 2 ? 1 : -1) : 0));
  const y = X.map((row) => row.reduce((s, x, j) => s + x * beta[j], 0) + 0.3 * r());
  return { X, y, r };
}

/** The diabetes data from the test server (page and worker). */
export async function loadData(base = "") {
  const get = async (f) => {
    const res = await fetch(`${base}/data/diabetes/${f}`);
    if (!res.ok) throw new Error(`GET /data/diabetes/${f}: ${res.status}`);
    return res.arrayBuffer();
  };
  const meta = JSON.parse(new TextDecoder().decode(await get("meta.json")));
  const X = new Float64Array(await get("X.f64"));
  const y = new Float64Array(await get("y.f64"));
  const folds = new Int32Array(await get("folds10.i32"));
  return { n: meta.n, p: meta.p, X, y, folds };
}

/**
 * Runs the fits with `lib` (the l1l2 module, initialized) on `data` ({ n, p, X (row-major
 * Float64Array), y, folds (0-based Int32Array) }): `values` are their results as hex strings
 * (and a few counts), `fit` and `cv` the diabetes path and CV curve for the plots.
 */
export function runFits(lib, data) {
  const out = {};
  const model = (name, m) => {
    out[`${name}.coef`] = hex(m.coef);
    out[`${name}.intercept`] = hex(m.intercept);
    out[`${name}.nIter`] = String(m.nIter);
    out[`${name}.converged`] = String(m.converged);
  };

  // Lasso, n > p
  const a = problem(60, 8, 7);
  model("lasso", new lib.Lasso({ alpha: 0.05 }).fit(a.X, a.y));
  out["lasso.predict"] = hex(new lib.Lasso({ alpha: 0.05 }).fit(a.X, a.y).predict(a.X.slice(0, 5)));

  // ElasticNet with sample weights
  const b = problem(80, 12, 11);
  const sampleWeight = b.X.map(() => 0.5 + (b.r() + 0.5) * 2);
  model("enet", new lib.ElasticNet({ alpha: 0.02, l1Ratio: 0.4 }).fit(b.X, b.y, { sampleWeight }));

  // Ridge with p > n (the n × n kernel system)
  const c = problem(20, 60, 23);
  model("ridge", new lib.Ridge({ alpha: 0.7 }).fit(c.X, c.y));
  // large enough for the single-precision Gram and kernel matrices with refinement (f32x4)
  const cg = problem(300, 140, 29), ck = problem(140, 300, 31);
  model("ridgeSingleGram", new lib.Ridge({ alpha: 0.7 }).fit(cg.X, cg.y));
  model("ridgeSingleKernel", new lib.Ridge({ alpha: 0.7 }).fit(ck.X, ck.y));

  // the general model: standardized elastic net on a column-major design
  const d = problem(40, 6, 5);
  const colMajor = new Float64Array(40 * 6);
  for (let i = 0; i < 40; i++) for (let j = 0; j < 6; j++) colMajor[j * 40 + i] = d.X[i][j];
  model("linear", new lib.LinearRegression({ penalty: lib.l1l2({ l1: 0.01, l2: 0.02 }), standardize: true })
    .fit({ data: colMajor, rows: 40, cols: 6, order: "col" }, d.y));

  // glmnet's path and cv.glmnet on diabetes
  const X = { data: data.X, rows: data.n, cols: data.p };
  const fit = lib.glmnet(X, data.y);
  out["glmnet.lambda"] = hex(fit.lambda);
  out["glmnet.a0"] = hex(fit.a0);
  fit.beta.forEach((bk, k) => { out[`glmnet.beta[${k}]`] = hex(bk); });
  out["glmnet.df"] = Array.from(fit.df).join(",");
  out["glmnet.devRatio"] = hex(fit.devRatio);
  const enet = lib.glmnet(X, data.y, { alpha: 0.5, weights: Array.from({ length: data.n }, (_, i) => 1 + (i % 4)) });
  out["glmnet-enet.a0"] = hex(enet.a0);
  out["glmnet-enet.beta"] = hex(Float64Array.from(enet.beta.flatMap((bk) => Array.from(bk))));
  const foldid = Array.from(data.folds, (f) => f + 1);
  const cv = lib.cvGlmnet(X, data.y, { foldid });
  out["cv.cvm"] = hex(cv.cvm);
  out["cv.cvsd"] = hex(cv.cvsd);
  out["cv.lambdaMin"] = hex(cv.lambdaMin);
  out["cv.lambda1se"] = hex(cv.lambda1se);

  // scikit-learn's lasso_path (its geometric α grid) on diabetes
  const lp = lib.lassoPath(X, data.y, { alphas: 30, fitIntercept: true });
  out["lassoPath.alphas"] = hex(lp.alphas);
  out["lassoPath.coefs"] = hex(Float64Array.from(lp.coefs.flatMap((ck) => Array.from(ck))));

  return { values: out, fit, cv };
}

/** The plots of that path and CV curve: the same SVG text everywhere. */
export function runPlots(lib, fit, cv) {
  if (typeof lib.plotPath !== "function" || typeof lib.plotCV !== "function") {
    throw new Error("the l1l2 module has no plotPath/plotCV: export them from src/index.ts");
  }
  const names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
  return {
    pathLambda: lib.plotPath(fit, { xvar: "lambda", labels: names }),
    pathNorm: lib.plotPath(fit, { xvar: "norm", labels: names }),
    cv: lib.plotCV(cv),
  };
}

/** runFits then runPlots, as plain data for postMessage / page.evaluate. */
export function runAll(lib, data) {
  const { values, fit, cv } = runFits(lib, data);
  let svgs = null, svgError = null;
  try {
    svgs = runPlots(lib, fit, cv);
  } catch (e) {
    svgError = String(e && e.message ? e.message : e);
  }
  return { values, svgs, svgError };
}

// started as a module worker
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = async (e) => {
    try {
      const lib = await import(e.data.bundle);
      lib.initSync(); // synchronous compilation is allowed in workers
      const data = await loadData(e.data.base ?? "");
      self.postMessage({ ok: true, results: runAll(lib, data) });
    } catch (err) {
      self.postMessage({ ok: false, error: String(err && err.stack ? err.stack : err) });
    }
  };
}
