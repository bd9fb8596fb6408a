// l1l2 in a real browser: Debian's Chromium (through playwright-core) loads a plain page
// that imports dist/l1l2.browser.js with no configuration, fits in the page and in a module
// Web Worker, and every result must be bit-identical to the same fit in Node on src/. The
// page and the plots are screenshotted into test-artifacts/browser/.
//
//   npx vitest run -c test/browser/vitest.config.ts      (after npm run build:wasm)
//
// Skips (does not fail) when Chromium or playwright-core is not installed.
import { it, expect, beforeAll, afterAll } from "vitest";
import { describeOrSkip, chromiumMissing, launchChromium } from "./chromium.js";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { loadDataset, repoRoot, sharedDir, fixturesDir } from "../helpers/datasets.js";
// @ts-ignore: plain JS module shared with the page and the worker
import { runAll } from "./worker.js";
// @ts-ignore: plain JS build script
import { buildBrowser, browserBundle } from "../../scripts/build-browser.mjs";

const artifacts = resolve(repoRoot, "test-artifacts/browser");


// ── a tiny static server: the bundle, this folder and the datasets ─────────────────────────

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json", ".json": "application/json", ".f64": "application/octet-stream",
  ".i32": "application/octet-stream", ".svg": "image/svg+xml",
};

function datasetDir(name: string): string | undefined {
  return [resolve(sharedDir, name), resolve(fixturesDir, "data", name)].find((d) => existsSync(d));
}

/** Maps a URL path to a file: /dist/*, /test/browser/*, /data/<dataset>/<file>; else undefined. */
function route(path: string): string | undefined {
  const inside = (dir: string, rel: string) => {
    const f = resolve(dir, rel);
    return f.startsWith(dir + sep) && existsSync(f) && statSync(f).isFile() ? f : undefined;
  };
  const data = /^\/data\/([\w-]+)\/([\w.-]+)$/.exec(path);
  if (data) {
    const dir = datasetDir(data[1]);
    return dir && inside(dir, data[2]);
  }
  for (const prefix of ["/dist/", "/test/browser/"]) {
    if (path.startsWith(prefix)) return inside(resolve(repoRoot, prefix.slice(1)), decodeURIComponent(path.slice(prefix.length)));
  }
  return undefined;
}

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const file = req.method === "GET" ? route(path) : undefined;
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

// ── what Node computes ─────────────────────────────────────────────────────────────────────

interface Run { values: Record<string, string>; svgs: Record<string, string> | null; svgError: string | null }

async function nodeResults(): Promise<Run> {
  // src/plot.js directly: Node's plots do not depend on src/index.ts exporting them
  const lib = { ...(await import("../../src/index.js")), ...(await import("../../src/plot.js")) };
  lib.initSync();
  const d = loadDataset("diabetes");
  return runAll(lib, { n: d.n, p: d.p, X: d.X.data, y: d.y, folds: d.folds! });
}

/**
 * The results that differ, with the largest difference of the decoded doubles (glmnet.beta[k]
 * grouped into glmnet.beta[…]: how many of the λ differ).
 */
function differences(got: Record<string, string>, want: Record<string, string>): string[] {
  const groups = new Map<string, { n: number; of: number; max: number; text?: string }>();
  const dec = (h: string) => new Float64Array(Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16)).buffer);
  for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const name = k.replace(/\[\d+\]$/, "[…]");
    const g = groups.get(name) ?? { n: 0, of: 0, max: 0 };
    groups.set(name, g);
    g.of++;
    if (got[k] === want[k]) continue;
    g.n++;
    if (!/^[0-9a-f]+$/.test(want[k] ?? "") || !/^[0-9a-f]+$/.test(got[k] ?? "")) {
      g.text = `${JSON.stringify(got[k])?.slice(0, 80)} ≠ ${JSON.stringify(want[k])?.slice(0, 80)}`;
      continue;
    }
    const a = dec(got[k]), b = dec(want[k]);
    for (let i = 0; i < b.length; i++) g.max = Math.max(g.max, Math.abs(a[i] - b[i]));
  }
  return [...groups].filter(([, g]) => g.n > 0)
    .map(([name, g]) => `${name}: ${g.text ?? `max |Δ| = ${g.max}`}${g.of > 1 ? ` (${g.n} of ${g.of} differ)` : ""}`);
}

// ── the suite ──────────────────────────────────────────────────────────────────────────────

describeOrSkip("l1l2 in Chromium", chromiumMissing, () => {
  let server: Server;
  let browser: import("playwright-core").Browser;
  let base: string;
  let node: Run;
  let fromPage: { page?: Run; worker?: Run; svgWellFormed?: boolean | null; userAgent?: string; error?: string };
  const console_: string[] = [];
  let page: import("playwright-core").Page;

  beforeAll(async () => {
    await buildBrowser({ log: false });
    mkdirSync(artifacts, { recursive: true });
    node = await nodeResults();
    server = await serve();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1340, height: 1000 } });
    page.on("console", (m) => console_.push(`[${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => console_.push(`[pageerror] ${e.message}`));
    await page.goto(`${base}/test/browser/page.html`);
    fromPage = await page.evaluate(() => (window as unknown as { l1l2: Promise<never> }).l1l2);
    writeFileSync(resolve(artifacts, "console.log"), console_.join("\n") + "\n");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it("the bundle is one self-contained ES module (no bare imports)", () => {
    const js = readFileSync(browserBundle, "utf8");
    expect(js).not.toMatch(/^\s*import\s/m);
    expect(js).not.toMatch(/\bimport\s*\(\s*["'][^./]/);
    expect(js).not.toMatch(/\brequire\s*\(/);
    expect(js).toMatch(/^export\s*\{/m);
  });

  it("the page imports dist/l1l2.browser.js and fits without errors", () => {
    expect(fromPage.error, `${fromPage.error}\n${console_.join("\n")}`).toBeUndefined();
    expect(console_.filter((l) => l.startsWith("[pageerror]") || l.startsWith("[error]"))).toEqual([]);
    expect(fromPage.userAgent).toMatch(/Chrom/);
  });

  it("page fits are bit-identical to Node (Lasso, ElasticNet + weights, Ridge p > n and single-precision with refinement, LinearRegression, glmnet, cvGlmnet, lassoPath)", () => {
    expect(Object.keys(fromPage.page!.values).sort()).toEqual(Object.keys(node.values).sort());
    expect(differences(fromPage.page!.values, node.values)).toEqual([]);
    // the large ridge fits took the single-precision path (≥ 1 refined solve), not a fallback
    expect(Number(node.values["ridgeSingleGram.nIter"])).toBeGreaterThanOrEqual(1);
    expect(Number(node.values["ridgeSingleKernel.nIter"])).toBeGreaterThanOrEqual(1);
  });

  it("Web Worker fits are bit-identical to Node", () => {
    expect(Object.keys(fromPage.worker!.values).sort()).toEqual(Object.keys(node.values).sort());
    expect(differences(fromPage.worker!.values, node.values)).toEqual([]);
  });

  it("the plots (from the bundle) are the same SVG text as in Node, and well-formed for the browser's XML parser", () => {
    expect(node.svgError).toBeNull();
    expect(fromPage.page!.svgError).toBeNull();
    expect(fromPage.worker!.svgError).toBeNull();
    for (const k of ["pathLambda", "pathNorm", "cv"]) {
      expect(fromPage.page!.svgs![k]).toBe(node.svgs![k]);
      expect(fromPage.worker!.svgs![k]).toBe(node.svgs![k]);
    }
    expect(fromPage.svgWellFormed).toBe(true);
  });

  it("screenshots: the page and each plot", async () => {
    await page.screenshot({ path: resolve(artifacts, "page.png"), fullPage: true });
    for (const id of fromPage.page?.svgs ? ["path-lambda", "path-norm", "cv"] : []) {
      const svg = page.locator(`#${id} svg`);
      expect(await svg.count()).toBe(1);
      const box = (await svg.boundingBox())!;
      expect(box.width).toBe(640);
      expect(box.height).toBe(440);
      await svg.screenshot({ path: resolve(artifacts, `${id}.png`) });
    }
    // and the SVG files the Node plot tests wrote, each at its own size
    const plots = resolve(repoRoot, "test-artifacts/plots");
    for (const name of ["path-lambda.svg", "path-norm.svg", "cv.svg", "path-p-gt-n.svg"]) {
      const f = resolve(plots, name);
      if (!existsSync(f)) continue;
      const p = await browser.newPage();
      await p.setContent(`<body style="margin:0">${readFileSync(f, "utf8")}</body>`);
      await p.locator("svg").first().screenshot({ path: resolve(artifacts, name.replace(/\.svg$/, ".png")) });
      await p.close();
    }
    expect(existsSync(resolve(artifacts, "page.png"))).toBe(true);
  });
});
