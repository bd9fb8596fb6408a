// Loads the shared datasets (../shared/datasets, beside the repo) and their references.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../..");
export const sharedDir = resolve(repoRoot, "../shared/datasets");
export const fixturesDir = resolve(repoRoot, "test/fixtures");

function f64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(new Uint8Array(b).buffer);
}

export interface Dataset {
  name: string;
  n: number;
  p: number;
  X: { data: Float64Array; rows: number; cols: number };
  y: Float64Array;
  folds?: Int32Array;
}

/** A dataset from ../shared/datasets, or from test/fixtures/data. */
export function loadDataset(name: string): Dataset {
  const dir = [resolve(sharedDir, name), resolve(fixturesDir, "data", name)].find((d) => existsSync(d));
  if (!dir) throw new Error(`dataset ${name} not found`);
  const meta = JSON.parse(readFileSync(resolve(dir, "meta.json"), "utf8"));
  const X = f64(resolve(dir, "X.f64"));
  const y = f64(resolve(dir, "y.f64"));
  const foldsPath = resolve(dir, "folds10.i32");
  const folds = existsSync(foldsPath) ? new Int32Array(new Uint8Array(readFileSync(foldsPath)).buffer) : undefined;
  return { name, n: meta.n, p: meta.p, X: { data: X, rows: meta.n, cols: meta.p }, y, folds };
}

export function loadReference(file: string): any {
  const shared = resolve(sharedDir, "reference", file);
  const path = existsSync(shared) ? shared : resolve(fixturesDir, "reference", file);
  return JSON.parse(readFileSync(path, "utf8"));
}

/** max|a − b| / max(1, max|b|); Infinity when the lengths differ. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0, s = 1;
  for (let i = 0; i < b.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return d / s;
}
