// Benchmark datasets in the shared format (../shared/datasets/README.md): row-major
// little-endian float64 X.f64, y.f64 and meta.json, one folder per dataset under bench/data/;
// a sparse set (meta layout "csc") has SciPy's CSC arrays instead of X.f64: indptr.i32 and
// indices.i32 (little-endian int32) and data.f64, which every peer reads as they are.
// Synthetic sets follow Friedman, Hastie & Tibshirani (2010): equicorrelated Gaussian features
// (ρ = 0.5), βⱼ* = (−1)ʲ·exp(−2(j−1)/20), y = Xβ* + k·ε with k for a signal-to-noise of 3 (in
// variance, as ../shared/datasets/synth_pn_60x300); the logistic set (S4) draws binary labels
// yᵢ ~ Bernoulli(σ(xᵢβ*)) on the same features. Seeded, so every run sees the same numbers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(HERE, "data");
export const SHARED_DIR = join(HERE, "..", "..", "shared", "datasets");

export interface Dataset {
  name: string;
  dir: string;
  n: number;
  p: number;
  task: "regression" | "binary";
  /** Row-major n·p (empty for a sparse set). */
  X: Float64Array;
  y: Float64Array;
  /** A sparse set's X in compressed sparse columns. */
  csc?: Csc;
}

export interface Csc { indptr: Int32Array; indices: Int32Array; data: Float64Array }

export interface SynthSpec {
  name: string;
  n: number;
  p: number;
  seed: number;
  kind: "gaussian" | "sparse" | "logistic";
  rho?: number;
  snr?: number;
  /** Share of nonzero entries (sparse). */
  density?: number;
}

/** The case table's datasets. */
export function synthSpecs(quick: boolean): SynthSpec[] {
  const q = (full: [number, number], small: [number, number]) => (quick ? small : full);
  const [n1, p1] = q([10000, 1000], [2000, 200]);
  const [n2, p2] = q([200, 20000], [100, 2000]);
  const [n3, p3] = q([1000, 500], [500, 100]);
  return [
    { name: quick ? "S1q" : "S1", n: n1, p: p1, seed: 1, kind: "gaussian" },
    { name: quick ? "S2q" : "S2", n: n2, p: p2, seed: 2, kind: "gaussian" },
    { name: quick ? "S3q" : "S3", n: n3, p: p3, seed: 3, kind: "gaussian" },
    { name: quick ? "S4q" : "S4", n: quick ? 500 : 2000, p: quick ? 100 : 500, seed: 4, kind: "logistic" },
    { name: quick ? "S5q" : "S5", n: quick ? 2000 : 10000, p: quick ? 10000 : 50000, seed: 5, kind: "sparse", density: 0.001 },
  ];
}

// ---- seeded PRNG: sfc32 for uniforms, Box–Muller for normals ---------------------------

export function rng(seed: number): { uniform(): number; normal(): number } {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next32();
  // 53-bit uniform in (0, 1)
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6) + 0.5) / 9007199254740992;
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) { const s = spare; spare = NaN; return s; }
    const r = Math.sqrt(-2 * Math.log(uniform())), th = 2 * Math.PI * uniform();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  return { uniform, normal };
}

/** βⱼ* = (−1)ʲ·exp(−2(j−1)/20), j = 1..p. */
export function trueBeta(p: number): Float64Array {
  const b = new Float64Array(p);
  for (let j = 1; j <= p; j++) b[j - 1] = (j % 2 === 0 ? 1 : -1) * Math.exp((-2 * (j - 1)) / 20);
  return b;
}

/** Gaussian features; y = Xβ* + k·ε, or for kind "logistic" 0/1 labels ~ Bernoulli(σ(Xβ*)) (k = 0). */
function generateGaussian(s: SynthSpec): { X: Float64Array; y: Float64Array; k: number } {
  const { n, p } = s, rho = s.rho ?? 0.5, snr = s.snr ?? 3;
  const r = rng(s.seed), beta = trueBeta(p);
  // Var(xβ*) = (1−ρ)Σβ² + ρ(Σβ)²
  let sb = 0, sb2 = 0;
  for (const v of beta) { sb += v; sb2 += v * v; }
  const logistic = s.kind === "logistic";
  const k = logistic ? 0 : Math.sqrt(((1 - rho) * sb2 + rho * sb * sb) / snr);
  const X = new Float64Array(n * p), y = new Float64Array(n);
  const a = Math.sqrt(1 - rho), c = Math.sqrt(rho);
  for (let i = 0; i < n; i++) {
    const u = r.normal();
    let f = 0;
    for (let j = 0, o = i * p; j < p; j++) {
      const x = r.normal() * a + u * c;
      X[o + j] = x;
      f += x * beta[j];
    }
    y[i] = logistic ? (r.uniform() < 1 / (1 + Math.exp(-f)) ? 1 : 0) : f + k * r.normal();
  }
  return { X, y, k };
}

/**
 * Independent entries, each nonzero with probability `density` and then N(0, 1), drawn column
 * by column by geometric skips (O(nnz), never n·p); y = Xβ* + k·ε with β* as above and k for
 * the signal-to-noise ratio (Var(xβ*) = density·Σβ*²).
 */
function generateSparse(s: SynthSpec): { csc: Csc; y: Float64Array; k: number } {
  const { n, p } = s, density = s.density ?? 0.001, snr = s.snr ?? 3;
  const r = rng(s.seed), beta = trueBeta(p);
  const indptr = new Int32Array(p + 1), indices: number[] = [], data: number[] = [];
  const f = new Float64Array(n), logq = Math.log(1 - density);
  for (let j = 0; j < p; j++) {
    for (let i = Math.floor(Math.log(r.uniform()) / logq); i < n; i += 1 + Math.floor(Math.log(r.uniform()) / logq)) {
      const v = r.normal();
      indices.push(i); data.push(v);
      f[i] += v * beta[j];
    }
    indptr[j + 1] = indices.length;
  }
  let sb2 = 0;
  for (const v of beta) sb2 += v * v;
  const k = Math.sqrt((density * sb2) / snr);
  const y = f.map((v) => v + k * r.normal());
  return { csc: { indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) }, y, k };
}

// ---- files -------------------------------------------------------------------------------

function readF64(path: string): Float64Array {
  const buf = readFileSync(path);
  return new Float64Array(new Uint8Array(buf).buffer); // copy: Buffer offsets need not be 8-aligned
}

function readI32(path: string): Int32Array {
  const buf = readFileSync(path);
  return new Int32Array(new Uint8Array(buf).buffer);
}

function writeRaw(path: string, a: Float64Array | Int32Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function loadDataset(dir: string): Dataset {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  if (meta.layout === "csc") {
    const csc = { indptr: readI32(join(dir, "indptr.i32")), indices: readI32(join(dir, "indices.i32")), data: readF64(join(dir, "data.f64")) };
    const y = readF64(join(dir, "y.f64"));
    if (csc.indptr.length !== meta.p + 1 || csc.data.length !== meta.nnz || y.length !== meta.n) throw new Error(`${dir}: sizes do not match meta.json`);
    return { name: meta.name, dir, n: meta.n, p: meta.p, task: meta.task, X: new Float64Array(0), y, csc };
  }
  if (meta.layout && meta.layout !== "dense") throw new Error(`${dir}: layout ${meta.layout} not supported`);
  const X = readF64(join(dir, "X.f64")), y = readF64(join(dir, "y.f64"));
  if (X.length !== meta.n * meta.p || y.length !== meta.n) throw new Error(`${dir}: sizes do not match meta.json`);
  return { name: meta.name, dir, n: meta.n, p: meta.p, task: meta.task, X, y };
}

/** Writes the synthetic set unless an identical one (same spec) is already on disk. */
export function ensureSynthetic(s: SynthSpec): Dataset {
  const dir = join(DATA_DIR, s.name);
  const metaPath = join(dir, "meta.json");
  const specKey = JSON.stringify(s);
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    if (meta.spec === specKey) return loadDataset(dir);
  }
  mkdirSync(dir, { recursive: true });
  if (s.kind === "sparse") {
    const { csc, y, k } = generateSparse(s);
    writeRaw(join(dir, "indptr.i32"), csc.indptr);
    writeRaw(join(dir, "indices.i32"), csc.indices);
    writeRaw(join(dir, "data.f64"), csc.data);
    writeRaw(join(dir, "y.f64"), y);
    writeFileSync(metaPath, JSON.stringify({
      name: s.name, n: s.n, p: s.p, nnz: csc.data.length, task: "regression", layout: "csc",
      source: `bench/data.ts generateSparse(seed=${s.seed})`,
      notes: `independent entries, nonzero with probability ${s.density} then N(0,1); CSC as SciPy's ` +
        `(indptr.i32, indices.i32 0-based rows sorted within each column, data.f64); beta*_j=(-1)^j exp(-2(j-1)/20), ` +
        `y = X beta* + ${k.toPrecision(6)}*N(0,1) (SNR ${s.snr ?? 3} in variance)`,
      spec: specKey,
    }, null, 1));
    return { name: s.name, dir, n: s.n, p: s.p, task: "regression", X: new Float64Array(0), y, csc };
  }
  const { X, y, k } = generateGaussian(s);
  const task = s.kind === "logistic" ? "binary" : "regression";
  writeRaw(join(dir, "X.f64"), X);
  writeRaw(join(dir, "y.f64"), y);
  writeFileSync(metaPath, JSON.stringify({
    name: s.name, n: s.n, p: s.p, task, layout: "dense",
    source: `bench/data.ts generateGaussian(seed=${s.seed})`,
    notes: `equicorrelated Gaussian features (rho=${s.rho ?? 0.5}), beta*_j=(-1)^j exp(-2(j-1)/20), ` +
      (task === "binary" ? "y ~ Bernoulli(1/(1 + exp(-X beta*))) in {0, 1}"
        : `y = X beta* + ${k.toPrecision(6)}*N(0,1) (SNR ${s.snr ?? 3} in variance)`) + ", FHT (2010) style",
    spec: specKey,
  }, null, 1));
  return { name: s.name, dir, n: s.n, p: s.p, task, X, y };
}

export function sharedDataset(name: string): Dataset | null {
  const dir = join(SHARED_DIR, name);
  return existsSync(join(dir, "meta.json")) ? loadDataset(dir) : null;
}

// `tsx bench/data.ts [--quick]` writes the sets without running anything else.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes("--quick");
  for (const s of synthSpecs(quick)) {
    const t = performance.now();
    const d = ensureSynthetic(s);
    console.log(`${d.name}: ${d.n} × ${d.p} in ${d.dir} (${(performance.now() - t).toFixed(0)} ms)`);
  }
}
