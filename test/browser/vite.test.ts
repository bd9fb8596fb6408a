// l1l2 through a bundler with no configuration: a throwaway Vite project (under os.tmpdir())
// whose main.js does `import { init, Lasso } from "l1l2"`, with node_modules/l1l2 a symlink to
// this repo (so the package's own "exports" → dist/src/index.js is what Vite resolves). Vite's
// JS API builds it with no config file; a tiny node:http server serves the output to Chromium,
// and the coefficients the page writes into the DOM must equal Node's, bit for bit. A second
// app calls cvGlmnetAsync with nJobs: 2: through dist/src it finds no node:worker_threads and
// runs the folds in sequence, with Node's numbers and nothing in the console; a third imports
// "l1l2/browser" (dist/l1l2.browser.js), whose inlined Web Workers Vite takes as they are.
//
//   npx vitest run -c test/browser/vitest.config.ts test/browser/vite.test.ts   (after npm run build:wasm)
//
// Skips (does not fail) when vite, playwright-core or Chromium is not installed.
import { it, expect, beforeAll, afterAll } from "vitest";
import { describeOrSkip, chromiumMissing, launchChromium } from "./chromium.js";
import { createServer, type Server } from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AddressInfo } from "node:net";
import { repoRoot } from "../helpers/datasets.js";
// @ts-ignore: plain JS build script
import { buildBrowser } from "../../scripts/build-browser.mjs";


type Vite = typeof import("vite");
let vite: Vite | null = null;
try { vite = await import("vite"); } catch { vite = null; }

const skipReason = vite === null ? "vite is not installed (it is a devDependency: npm ci)" : chromiumMissing;

// The fit, shared verbatim by the page (bundled by Vite) and by Node: exact integer data,
// so both sides see the same doubles, and hex of the results' float64 bytes.
const RUN_JS = `
export function hex(v) {
  const a = typeof v === "number" ? Float64Array.of(v) : Float64Array.from(v);
  return Array.from(new Uint8Array(a.buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}
export function run({ Lasso }) {
  let s = 12345;
  const r = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296 - 0.5; };
  const X = Array.from({ length: 50 }, () => Array.from({ length: 7 }, () => 2 * r()));
  const y = X.map((row) => 3 * row[0] - 2 * row[3] + row[5] + 0.2 * r());
  const m = new Lasso({ alpha: 0.02 }).fit(X, y);
  return { coef: hex(m.coef), intercept: hex(m.intercept), nIter: m.nIter };
}
export async function runCv({ cvGlmnetAsync }) {
  let s = 777;
  const r = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296 - 0.5; };
  const X = Array.from({ length: 80 }, () => Array.from({ length: 9 }, () => 2 * r()));
  const y = X.map((row) => row[1] - 2 * row[4] + 0.3 * r());
  const cv = await cvGlmnetAsync(X, y, { nfolds: 5, seed: 2, nJobs: 2 });
  return { cvm: hex(cv.cvm), cvsd: hex(cv.cvsd), lambdaMin: hex(cv.lambdaMin) };
}
`;

// the page counts the Web Workers started (a subclass of the global Worker, which l1l2 reads when it runs)
const mainJs = (names: string, call: string, from = "l1l2") => `
import { init, ${names} } from "${from}";
import { run, runCv } from "./run.js";
let workers = 0;
const Native = Worker;
globalThis.Worker = class extends Native { constructor(...a) { super(...a); workers++; } };
const out = document.getElementById("out");
try {
  await init();
  out.textContent = JSON.stringify({ ...(await ${call}), workers });
  out.dataset.state = "done";
} catch (e) {
  out.textContent = String(e && e.stack ? e.stack : e);
  out.dataset.state = "error";
}
`;

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>l1l2 via Vite</title><link rel="icon" href="data:,"></head>
<body><pre id="out" data-state="running">running…</pre><script type="module" src="./main.js"></script></body></html>
`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
  ".css": "text/css", ".map": "application/json",
};

function serveDir(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    if (path.endsWith("/")) path += "index.html";
    const f = resolve(root, "." + path);
    if (!f.startsWith(root + sep) || !existsSync(f) || !statSync(f).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(f)] ?? "application/octet-stream" }).end(readFileSync(f));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

/** An app built by Vite (no config) from main.js, served, and what its page wrote. */
interface App { bundleJs: string; state: string; text: string; console: string[] }

describeOrSkip("l1l2 through Vite (no config)", skipReason, () => {
  let dir: string;
  const servers: Server[] = [];
  let browser: import("playwright-core").Browser | undefined;
  let node: { coef: string; intercept: string; nIter: number };
  let nodeCv: { cvm: string; cvsd: string; lambdaMin: string };
  let lasso: App;
  let cv: App;
  let cvBrowser: App;

  async function app(name: string, main: string): Promise<App> {
    const root = join(dir, name);
    mkdirSync(root);
    writeFileSync(join(root, "index.html"), INDEX_HTML);
    writeFileSync(join(root, "main.js"), main);
    writeFileSync(join(root, "run.js"), RUN_JS);
    // no config file, no plugins: Vite's defaults only
    await vite!.build({ root, configFile: false, logLevel: "warn" });
    const assets = join(root, "dist/assets");
    const bundleJs = readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(assets, f), "utf8")).join("\n");
    const server = await serveDir(join(root, "dist"));
    servers.push(server);
    const page = await browser!.newPage();
    const console_: string[] = [];
    page.on("console", (m) => console_.push(`[${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => console_.push(`[pageerror] ${e.message}`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector("#out:not([data-state=running])", { timeout: 60_000 });
    const out = await page.$eval("#out", (el) => ({ state: (el as HTMLElement).dataset.state!, text: el.textContent! }));
    return { bundleJs, ...out, console: console_ };
  }

  beforeAll(async () => {
    // dist/src is the package's "exports" target: compile it from the current src/
    // (src/wasm/bytes.ts comes from npm run build:wasm, which `npm test` runs first)
    const tsc = resolve(repoRoot, "node_modules/typescript/bin/tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: repoRoot, stdio: "pipe" });
    } catch (e) {
      // tsc still emits on type errors (npm run typecheck reports those); only a missing output is fatal here
      const out = String((e as { stdout?: Buffer }).stdout ?? e).slice(0, 2000);
      if (!existsSync(resolve(repoRoot, "dist/src/index.js"))) throw new Error(`tsc -p tsconfig.json failed:\n${out}`);
      console.warn(`tsc reported errors (dist/src emitted anyway):\n${out}`);
    }
    await buildBrowser({ log: false }); // and dist/l1l2.browser.js ("l1l2/browser")

    dir = mkdtempSync(join(tmpdir(), "l1l2-vite-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(repoRoot, join(dir, "node_modules/l1l2"), "dir");
    writeFileSync(join(dir, "run.js"), RUN_JS);

    const lib = await import(pathToFileURL(resolve(repoRoot, "dist/src/index.js")).href);
    lib.initSync();
    const shared = await import(pathToFileURL(join(dir, "run.js")).href);
    node = shared.run(lib);
    nodeCv = await shared.runCv(lib);

    browser = await launchChromium();
    lasso = await app("lasso", mainJs("Lasso", "run({ Lasso })"));
    cv = await app("cv", mainJs("cvGlmnetAsync", "runCv({ cvGlmnetAsync })"));
    cvBrowser = await app("cv-browser", mainJs("cvGlmnetAsync", "runCv({ cvGlmnetAsync })", "l1l2/browser"));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("Vite bundles `import { init, Lasso } from \"l1l2\"` with no configuration, no Node built-ins left", () => {
    expect(lasso.bundleJs.length).toBeGreaterThan(0);
    expect(lasso.bundleJs).not.toMatch(/from\s*["']node:/);
    expect(lasso.bundleJs).not.toMatch(/\brequire\s*\(\s*["']/);
  });

  it("the page fits without errors, bit-identical to Node", () => {
    expect(lasso.state, `${lasso.text}\n${lasso.console.join("\n")}`).toBe("done");
    expect(lasso.console.filter((l) => l.startsWith("[pageerror]") || l.startsWith("[error]"))).toEqual([]);
    const got = JSON.parse(lasso.text);
    expect(got.coef).toMatch(/^[0-9a-f]{112}$/); // 7 float64
    expect(got).toEqual({ ...node, workers: 0 });
  });

  it("cvGlmnetAsync with nJobs: 2 falls back to sequential folds: Node's numbers, nothing in the console", () => {
    expect(cv.state, `${cv.text}\n${cv.console.join("\n")}`).toBe("done");
    expect(cv.console).toEqual([]);
    expect(JSON.parse(cv.text)).toEqual({ ...nodeCv, workers: 0 });
  });

  it("from \"l1l2/browser\", cvGlmnetAsync with nJobs: 2 runs on two Web Workers: Node's numbers", () => {
    expect(cvBrowser.state, `${cvBrowser.text}\n${cvBrowser.console.join("\n")}`).toBe("done");
    expect(cvBrowser.console).toEqual([]);
    expect(JSON.parse(cvBrowser.text)).toEqual({ ...nodeCv, workers: 2 });
  });
});
