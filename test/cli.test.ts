// The `l1l2` command line: run(argv, io) in-process with injected streams (fit on the bundled
// data and on CSV files, the saved model and its equivalence with glmnet's fit at the chosen λ,
// predict by column name, the progress bar on a TTY only, one-line errors with exit code 2),
// and the real bin as a child process.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initSync, cvGlmnet, Lasso, LinearRegression } from "../src/index.js";
import { run } from "../src/cli/run.js";
import type { CliIO } from "../src/cli/io.js";
import { progressBar } from "../src/cli/progress.js";

beforeAll(() => initSync());

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "l1l2-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface Result { code: number; out: string; err: string }

async function cli(argv: string[], opts: { tty?: boolean } = {}): Promise<Result> {
  let out = "", err = "";
  const io: CliIO = {
    stdout: (s) => { out += s; },
    stderr: (s) => { err += s; },
    stderrIsTTY: opts.tty ?? false,
    columns: 100,
    cwd: dir,
    progressDelayMs: 0,
  };
  const code = await run(argv, io);
  return { code, out, err };
}

// a small regression problem with a text column, an irrelevant feature and known coefficients
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}
const rand = lcg(7);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const N = 120;
const rows = Array.from({ length: N }, () => [gauss(), gauss(), gauss(), gauss()]);
const yv = rows.map((r) => 10 + 3 * r[0] - 2 * r[1] + 0.5 * r[3] + 0.3 * gauss());
const dataCsv = file("data.csv",
  "name,x1,x2,x3,x4,y\n" + rows.map((r, i) => `"p, ${i}",${r.join(",")},${yv[i]}`).join("\n") + "\n");

describe("l1l2 fit", () => {
  it("without a file fits the bundled diabetes data: the coefficient table, λ, R², convergence", async () => {
    const r = await cli(["fit"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/diabetes \(bundled\): 442 rows, 10 features, target "y"/);
    expect(r.out).toMatch(/λ by 10-fold cross-validation/);
    expect(r.out).toMatch(/^λ\s+\S+ = lambda\.min/m);
    for (const f of ["(intercept)", "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]) {
      expect(r.out).toMatch(new RegExp(`^${f.replace(/[()]/g, "\\$&")}\\s+-?\\d`, "m"));
    }
    expect(r.out).toMatch(/^\S+\s+0\s+dropped$/m);
    expect(r.out).toMatch(/^R²\s+0\.5\d+ on the training data/m);
    expect(r.out).toMatch(/^converged\s+yes/m);
  });

  it("--cv saves a LinearRegression that is glmnet's fit at lambda.min (and restores with fromJSON)", async () => {
    const r = await cli(["fit", "data.csv", "--target", "y", "--model", "enet", "--l1-ratio", "0.5", "--cv", "5", "--seed", "3", "--out", "enet.json"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/not used as features: "name" \(not numeric\)/);
    const saved = JSON.parse(readFileSync(join(dir, "enet.json"), "utf8"));
    expect(saved.format).toBe("l1l2-cli-model");
    expect(saved.features).toEqual(["x1", "x2", "x3", "x4"]);
    const m = LinearRegression.fromJSON(saved.model);
    // the same CV in-process: same folds (seed), same λ
    const X = rows.map((r) => r.slice());
    const cv = cvGlmnet(X, yv, { alpha: 0.5, nfolds: 5, seed: 3 });
    expect(saved.fit.lambda).toBeCloseTo(cv.lambdaMin, 12);
    const k = cv.indexMin, beta = cv.glmnetFit.beta[k];
    const scale = Math.max(...Array.from(beta, Math.abs));
    m.coef.forEach((c, j) => expect(Math.abs(c - beta[j])).toBeLessThan(1e-6 * scale));
    expect(Math.abs(m.intercept - cv.glmnetFit.a0[k])).toBeLessThan(1e-6 * scale);
    // the canonical penalty: l1 = λα, l2 = λ(1−α)/(2·sd(y)), standardized
    const mean = yv.reduce((a, b) => a + b, 0) / N;
    const sdY = Math.sqrt(yv.reduce((a, b) => a + (b - mean) ** 2, 0) / N);
    expect(saved.model.params.standardize).toBe(true);
    expect(saved.model.params.penalty.l1).toBeCloseTo(cv.lambdaMin * 0.5, 14);
    expect(saved.model.params.penalty.l2).toBeCloseTo((cv.lambdaMin * 0.5) / (2 * sdY), 14);
  });

  it("--select 1se picks lambda.1se", async () => {
    const r = await cli(["fit", "data.csv", "-t", "y", "--features", "x1,x2,x3", "--cv", "4", "--select", "1se", "--out", "se.json"]);
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, "se.json"), "utf8"));
    expect(saved.fit.lambda).toBe(saved.fit.lambda1se);
    expect(saved.fit.lambda1se).toBeGreaterThanOrEqual(saved.fit.lambdaMin);
    expect(r.out).toMatch(/lambda\.1se \(lambda\.min = /);
  });

  it("a fixed --alpha fits scikit-learn's model; its JSON restores with the model's fromJSON", async () => {
    const r = await cli(["fit", "data.csv", "-t", "y", "--model", "lasso", "--alpha", "0.4", "--out", "lasso.json"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Lasso\(alpha = 0\.4\)/);
    expect(r.out).toMatch(/^x3\s+0\s+dropped$/m);
    const saved = JSON.parse(readFileSync(join(dir, "lasso.json"), "utf8"));
    const want = new Lasso({ alpha: 0.4 }).fit(rows, yv);
    expect(Array.from(Lasso.fromJSON(saved.model).coef)).toEqual(Array.from(want.coef));
  });

  it("ridge and ols", async () => {
    const ridge = await cli(["fit", "data.csv", "-t", "y", "-m", "ridge", "-a", "2"]);
    expect(ridge.code).toBe(0);
    expect(ridge.out).toMatch(/closed form/);
    const ols = await cli(["fit", "data.csv", "-t", "y", "-m", "ols"]);
    expect(ols.code).toBe(0);
    expect(ols.out).toMatch(/least squares/);
    expect(ols.out).not.toMatch(/dropped/);
  });

  it("reads quoted fields, CRLF, a BOM, an unnamed index column and tab-separated files", async () => {
    file("crlf.csv", "\uFEFF,a,\"b\",y\r\n0,1,\"2\",3\r\n1,2,1,4\r\n2,3,5,5\r\n3,4,2,7\r\n4,6,1,8\r\n");
    const r = await cli(["fit", "crlf.csv", "-t", "y", "-m", "ols"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/unnamed column 1/);
    expect(r.out).toMatch(/2 features/);
    file("data.tsv", "a\tb\ty\n1\t2\t3\n2\t1\t4\n3\t5\t5\n4\t2\t7\n6\t1\t8\n");
    expect((await cli(["fit", "data.tsv", "-t", "y", "-m", "ols"])).code).toBe(0);
  });

  it("--plot writes the coefficient path as SVG, labelled with the feature names", async () => {
    const r = await cli(["fit", "data.csv", "-t", "y", "--cv", "3", "--plot", "path.svg"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^plot\s+path\.svg/m);
    const svg = readFileSync(join(dir, "path.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/>x1</);
    // without CV the path is glmnet's with the model's mix
    const fixed = await cli(["fit", "data.csv", "-t", "y", "-m", "enet", "-a", "0.1", "--plot", "enet.svg"]);
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(dir, "enet.svg"), "utf8")).toMatch(/^<svg/);
  });
});

describe("l1l2 predict", () => {
  it("predicts by column name, in any column order, to stdout or --out", async () => {
    expect((await cli(["fit", "data.csv", "-t", "y", "--cv", "5", "--out", "m.json"])).code).toBe(0);
    const m = LinearRegression.fromJSON(JSON.parse(readFileSync(join(dir, "m.json"), "utf8")).model);
    const newRows = rows.slice(0, 6);
    file("new.csv", "x4,extra,x3,x2,x1\n" + newRows.map((r) => `${r[3]},hello,${r[2]},${r[1]},${r[0]}`).join("\n") + "\n");
    const r = await cli(["predict", "m.json", "new.csv"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("prediction");
    const want = m.predict(newRows);
    expect(lines.slice(1).map(Number)).toEqual(Array.from(want));
    const o = await cli(["predict", "m.json", "new.csv", "--out", "preds.csv"]);
    expect(o.code).toBe(0);
    expect(o.out).toBe("");
    expect(readFileSync(join(dir, "preds.csv"), "utf8")).toBe(r.out);
  });

  it("reports R² when the new data has the target column", async () => {
    expect((await cli(["fit", "data.csv", "-t", "y", "-a", "0.1", "--out", "r2.json"])).code).toBe(0);
    const r = await cli(["predict", "r2.json", "data.csv"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/R² = 0\.9\d+ against the column "y"/);
  });

  it("accepts a bare toJSON() model, with the file's columns in order", async () => {
    const m = new Lasso({ alpha: 0.1 }).fit(rows, yv);
    file("bare.json", JSON.stringify(m));
    file("bare.csv", "a,b,c,d\n" + rows.slice(0, 3).map((r) => r.join(",")).join("\n") + "\n");
    const r = await cli(["predict", "bare.json", "bare.csv"]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n").slice(1).map(Number)).toEqual(Array.from(m.predict(rows.slice(0, 3))));
  });
});

describe("progress", () => {
  it("draws a bar on stderr when it is a TTY, and erases it", async () => {
    const r = await cli(["fit", "data.csv", "-t", "y", "--cv", "4"], { tty: true });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/cross-validation, 4 folds [█░]+ 5\/5 fits/);
    expect(r.err.endsWith("\r\x1b[2K")).toBe(true);
  });
  it("stays quiet for a quick job, draws at once for a big one", () => {
    let t = 0, err = "";
    const io: CliIO = { stdout: () => {}, stderr: (s) => { err += s; }, stderrIsTTY: true, progressDelayMs: 250 };
    const quick = progressBar(io, "path", { total: 3, lambda: true, now: () => t });
    t = 100; quick.update({ done: 1, total: 3, lambda: 0.5 });
    quick.finish();
    expect(err).toBe("");
    t = 300; const slow = progressBar(io, "path", { total: 3, lambda: true, now: () => t });
    t = 600; slow.update({ done: 2, total: 3, lambda: 0.25 });
    expect(err).toMatch(/^\r\x1b\[2Kpath [█░]+ 2\/3 λ = 0\.250$/);
    slow.finish();
    err = "";
    const eager = progressBar(io, "cross-validation", { total: 11, lambda: false, eager: true, now: () => t });
    expect(err).toMatch(/0\/11 fits$/);
    eager.finish();
    expect(err.endsWith("\r\x1b[2K")).toBe(true);
  });
  it("prints nothing when stderr is not a TTY", async () => {
    const r = await cli(["fit", "data.csv", "-t", "y", "--features", "x1,x2,x3,x4", "--cv", "4"]);
    expect(r.err).toBe("");
  });
});

describe("errors: one line on stderr, exit code 2, no stack", () => {
  file("empty.csv", "");
  file("header.csv", "a,b,y\n");
  file("bad.csv", "a,b,y\n1,2,3\n4,oops,6\n7,8,9\n");
  file("gap.csv", "a,b,y\n1,2,3\n4,5,6\n7,,9\n");
  file("ragged.csv", "a,b,y\n1,2,3\n4,5\n");
  file("broken.json", "{not json");
  file("other.json", JSON.stringify({ hello: 1 }));
  file("badcoef.json", JSON.stringify({ format: "l1l2-model", version: 1, model: "Lasso", params: { alpha: 1 }, coef: [1, "x"], intercept: 0, nIter: 1, dualGap: 0, converged: true }));
  const cases: [string, string[], RegExp][] = [
    ["a missing file", ["fit", "nosuch.csv", "-t", "y"], /^l1l2: no such file: nosuch\.csv$/],
    ["an empty file", ["fit", "empty.csv", "-t", "y"], /^l1l2: empty\.csv is empty$/],
    ["a header without rows", ["fit", "header.csv", "-t", "y"], /has a header row but no data rows/],
    ["a missing target column", ["fit", "data.csv", "--target", "price"], /target column "price" is not in data\.csv; its columns are: name, x1, x2, x3, x4, y$/],
    ["no --target with a file", ["fit", "data.csv"], /--target is required.*columns are: name, x1/],
    ["a missing feature column", ["fit", "data.csv", "-t", "y", "--features", "x1,zz"], /feature column "zz" is not in data\.csv/],
    ["a non-numeric cell", ["fit", "bad.csv", "-t", "y"], /bad\.csv, row 2 \(line 3\), column "b" has "oops", which is not a number/],
    ["an empty cell", ["fit", "gap.csv", "-t", "y"], /gap\.csv, row 3 \(line 4\), column "b" is empty/],
    ["a ragged row", ["fit", "ragged.csv", "-t", "y"], /ragged\.csv: .*line 3/],
    ["an unknown option", ["fit", "--lambda", "3"], /^l1l2: unknown option --lambda for l1l2 fit/],
    ["an unknown command", ["fitt"], /unknown command "fitt"/],
    ["an option without its value", ["fit", "--alpha"], /option --alpha needs a value/],
    ["a bad value", ["fit", "--model", "lars"], /--model must be one of lasso, enet, ridge, ols, got "lars"/],
    ["--alpha with --cv", ["fit", "--alpha", "1", "--cv", "5"], /give one of them/],
    ["too few folds", ["fit", "--cv", "2"], /--cv must be an integer ≥ 3/],
    ["a missing model file", ["predict", "nosuch.json", "data.csv"], /no such file: nosuch\.json/],
    ["a model file that is not JSON", ["predict", "broken.json", "data.csv"], /broken\.json is not valid JSON/],
    ["a JSON that is not a model", ["predict", "other.json", "data.csv"], /other\.json is not an l1l2 model: format must be/],
    ["a model that does not validate", ["predict", "badcoef.json", "data.csv"], /badcoef\.json is not an l1l2 model: coef\[1\] is not a number/],
    ["predict without its data file", ["predict", "m.json"], /takes a model file and a data file/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.endsWith("\n")).toBe(true);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
      expect(r.err.trimEnd()).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
});

describe("help", () => {
  it("--help, fit --help and predict --help print usage on stdout", async () => {
    for (const [argv, text] of [[["--help"], /Usage:\n  l1l2 fit/], [["fit", "--help"], /--l1-ratio R/], [["predict", "-h"], /l1l2 predict model\.json new\.csv/]] as const) {
      const r = await cli([...argv]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(text);
    }
  });
});

describe("the bin, as a child process", () => {
  const bin = join(root, "bin/l1l2.mjs");
  const exec = (args: string[]) => new Promise<Result>((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, FORCE_COLOR: "0" } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, out: stdout, err: stderr });
    });
  });
  it("l1l2 fit prints the diabetes table", async () => {
    const r = await exec(["fit", "--model", "enet", "--cv", "5"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^bmi\s+\d/m);
  }, 120_000);
  it("a missing file exits with code 2 and one line", async () => {
    const r = await exec(["fit", "missing.csv", "--target", "y"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("l1l2: no such file: missing.csv\n");
  }, 120_000);
});
