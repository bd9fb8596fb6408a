// `l1l2 fit`: read the data, fit the model (a fixed penalty with scikit-learn's faces, or λ
// chosen by cv.glmnet and refitted as a LinearRegression), print the report, save the model
// and the path plot.
import {
  ElasticNet, Lasso, LinearRegression, Ridge, cvGlmnet, glmnet, initSync, l1l2,
} from "../index.js";
import type { CvGlmnetResult, GlmnetFit } from "../index.js";
import type { FitArgs, ModelKind } from "./args.js";
import { BUNDLED_TARGET, readBundled } from "./bundled.js";
import { readCsv } from "./csv.js";
import { CliError } from "./errors.js";
import { coefficientTable, keyValues, num } from "./format.js";
import { CliIO, resolvePath } from "./io.js";
import { FORMAT, saveModel } from "./model-file.js";
import { writePlot } from "./plot-file.js";
import { progressBar } from "./progress.js";
import { Table, selectColumns } from "./table.js";

type Model = LinearRegression | Lasso | ElasticNet | Ridge;

/** glmnet's alpha (the L1 share) for each model. */
function mixOf(a: FitArgs): number {
  return a.model === "lasso" ? 1 : a.model === "ridge" ? 0 : a.l1Ratio;
}

const NAMES: Record<ModelKind, string> = { lasso: "lasso", enet: "elastic net", ridge: "ridge", ols: "least squares (no penalty)" };

/** Population standard deviation (1/n), as glmnet's internal standardization of y. */
function sd(y: Float64Array): number {
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  return Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length);
}

interface Chosen {
  model: Model;
  lines: [string, string][];
  fitInfo: Record<string, unknown>;
  path: GlmnetFit | null;
}

function fixedModel(a: FitArgs, X: Selected["X"], y: Float64Array): Chosen {
  const standardize = a.standardize ?? false;
  const common = { standardize, warn: false };
  const n = X.rows, alpha = a.alpha ?? 0, rho = a.l1Ratio;
  let model: Model, face: string, l1 = 0, l2 = 0;
  switch (a.model) {
    case "lasso": model = new Lasso({ alpha, ...common }); face = `Lasso(alpha = ${num(alpha)})`; l1 = alpha; break;
    case "enet": model = new ElasticNet({ alpha, l1Ratio: rho, ...common }); face = `ElasticNet(alpha = ${num(alpha)}, l1_ratio = ${num(rho)})`;
      l1 = alpha * rho; l2 = (alpha * (1 - rho)) / 2; break;
    case "ridge": model = new Ridge({ alpha, ...common }); face = `Ridge(alpha = ${num(alpha)})`; l2 = alpha / (2 * n); break;
    case "ols": model = new LinearRegression({ ...common }); face = "LinearRegression(penalty: none())"; break;
  }
  model.fit(X, y);
  const lines: [string, string][] = [
    ["model", `${NAMES[a.model]}: ${face}, scikit-learn's objective${standardize ? ", standardized" : ""}`],
  ];
  if (a.model !== "ols") lines.push(["penalty", `l1 = ${num(l1)}, l2 = ${num(l2)} (in (1/2n)·RSS + l1·‖β‖₁ + l2·‖β‖₂²)`]);
  return { model, lines, fitInfo: { method: "fixed", model: a.model, alpha: a.alpha, l1Ratio: a.model === "enet" ? rho : undefined, standardize }, path: null };
}

function cvModel(a: FitArgs, X: Selected["X"], y: Float64Array, io: CliIO): Chosen {
  const alpha = mixOf(a);
  const standardize = a.standardize ?? true;
  const K = a.cv!;
  if (K > X.rows) throw new CliError(`--cv ${K} asks for more folds than the ${X.rows} rows of the data`);
  const bar = progressBar(io, `cross-validation, ${K} folds`, { total: K + 1, lambda: false, eager: big(X) });
  let cv: CvGlmnetResult;
  try {
    cv = cvGlmnet(X, y, { alpha, nfolds: K, seed: a.seed, standardize, onProgress: (p) => bar.update(p) });
  } finally {
    bar.finish();
  }
  const k = a.select === "min" ? cv.indexMin : cv.index1se;
  const lambda = cv.lambda[k];
  // glmnet's (λ, α) on the canonical objective: l1 = λα, l2 = λ(1−α)/(2·sd(y))
  const sdY = sd(y);
  const l1 = lambda * alpha, l2 = sdY > 0 ? (lambda * (1 - alpha)) / (2 * sdY) : 0;
  const model = new LinearRegression({ penalty: l1l2({ l1, l2 }), standardize, tol: 1e-10, warn: false }).fit(X, y);
  // the refit must be glmnet's fit at that λ (a point of the path, no interpolation)
  const path = cv.glmnetFit, beta = path.beta[k], c = model.coef;
  let diff = Math.abs(model.intercept - path.a0[k]), scale = Math.abs(path.a0[k]);
  for (let j = 0; j < c.length; j++) { diff = Math.max(diff, Math.abs(c[j] - beta[j])); scale = Math.max(scale, Math.abs(beta[j])); }
  const rel = scale > 0 ? diff / scale : diff;
  const varY = sdY * sdY;
  const other = a.select === "min" ? `lambda.1se = ${num(cv.lambda1se, 4)}` : `lambda.min = ${num(cv.lambdaMin, 4)}`;
  const lines: [string, string][] = [
    ["model", `${NAMES[a.model]}: glmnet alpha = ${num(alpha)}${standardize ? ", standardized" : ", not standardized"}, λ by ${K}-fold cross-validation (seed ${a.seed})`],
    ["λ", `${num(lambda, 4)} = lambda.${a.select} (${other}; path of ${cv.lambda.length} λ from ${num(cv.lambda[0], 4)})`],
    ["CV MSE", `${num(cv.cvm[k], 5)} ± ${num(cv.cvsd[k], 3)}${varY > 0 ? ` (CV R² ≈ ${(1 - cv.cvm[k] / varY).toFixed(4)})` : ""}`],
    ["penalty", `l1 = λα = ${num(l1)}, l2 = λ(1−α)/(2·sd(y)) = ${num(l2)}`],
    ["glmnet", `${path.converged[k] ? "converged" : "did NOT converge"} at λ; the refitted model (what --out saves) agrees to ${rel.toExponential(1)} (relative)`],
  ];
  const fitInfo = {
    method: "cv.glmnet", model: a.model, glmnetAlpha: alpha, lambda, select: a.select, nfolds: K, seed: a.seed, standardize,
    cvm: cv.cvm[k], cvsd: cv.cvsd[k], lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se,
    penalty: { l1, l2, note: "l1 = λα, l2 = λ(1−α)/(2·sd(y)), sd with 1/n (glmnet's gaussian scale)" },
  };
  return { model, lines, fitInfo, path };
}

type Selected = ReturnType<typeof selectColumns>;

/** Data big enough for the fits to take a while: show the progress bar from the start. */
function big(X: Selected["X"]): boolean {
  return X.rows * X.cols >= 250_000;
}

export async function runFit(a: FitArgs, io: CliIO): Promise<number> {
  if (a.plot !== null && a.model === "ols") {
    throw new CliError("--plot draws the coefficient path of a penalized model; --model ols has none");
  }
  let table: Table;
  if (a.file === null) {
    if (a.delimiter !== undefined) throw new CliError("--delimiter needs a data file");
    table = readBundled();
  } else {
    table = readCsv(resolvePath(io, a.file), a.file, { delimiter: a.delimiter });
  }
  const target = a.target ?? (a.file === null ? BUNDLED_TARGET : null);
  if (target === null) {
    throw new CliError(`--target is required: which column of ${table.source} to predict? Its columns are: ${table.names.filter((n) => n !== "").join(", ")}`);
  }
  const sel = selectColumns(table, target, a.features);
  if (sel.skipped.length > 0) io.stderr(`l1l2: note: not used as features: ${sel.skipped.join(", ")}\n`);
  const y = sel.y!;
  initSync();

  const chosen = a.cv !== null ? cvModel(a, sel.X, y, io) : fixedModel(a, sel.X, y);
  const { model } = chosen;
  const coef = model.coef;
  const kept = coef.filter((v) => v !== 0).length;
  const r2 = model.score(sel.X, y);

  const tail: [string, string][] = [
    ["R²", `${r2.toFixed(4)} on the training data; ${kept} of ${coef.length} features kept`],
    ["converged", model.converged
      ? `yes (${model.nIter === 0 ? "closed form, Cholesky" : `${model.nIter} sweeps, duality gap ${model.dualGap.toExponential(1)}`})`
      : `NO after ${model.nIter} sweeps (duality gap ${model.dualGap.toExponential(1)})`],
  ];
  if (a.plot !== null) {
    let path = chosen.path;
    if (!path) {
      const bar = progressBar(io, "path", { total: 100, lambda: true, eager: big(sel.X) });
      try {
        path = glmnet(sel.X, y, { alpha: mixOf(a), standardize: a.standardize ?? false, onProgress: (p) => bar.update(p) });
      } finally {
        bar.finish();
      }
    }
    writePlot(path, sel.features, `${NAMES[a.model]} path: ${table.source}, target ${target}`, resolvePath(io, a.plot), a.plot);
    tail.push(["plot", `${a.plot} (the coefficient path, ${path.lambda.length} λ)`]);
  }
  if (a.out !== null) {
    const json = model.toJSON();
    saveModel(resolvePath(io, a.out), a.out, {
      format: FORMAT, version: 1, target, features: sel.features,
      fit: { data: table.source, rows: sel.X.rows, ...chosen.fitInfo, r2 },
      model: json,
    });
    tail.push(["saved", `${a.out} (a ${json.model}: l1l2 predict ${a.out} new.csv)`]);
  }

  io.stdout(`l1l2 fit · ${table.source}: ${sel.X.rows} rows, ${sel.features.length} features, target "${target}"\n\n`);
  io.stdout(keyValues(chosen.lines));
  io.stdout("\n" + coefficientTable(sel.features, coef, model.intercept));
  io.stdout(keyValues(tail));
  return 0;
}
