// cvGlmnetAsync's nJobs in Chromium: dist/l1l2.browser.js runs the folds on Web Workers started
// from its inlined worker script (a Blob URL, nothing served for it), bit-identical to nJobs: 1
// in the page and to Node (whose nJobs: 2 runs on worker_threads); worker errors come back as
// L1L2Error with their code; abort rejects with the signal's reason; every worker started is
// terminated. A Content-Security-Policy that forbids blob: workers, workers that fail to load
// and a Worker constructor that throws all fall back to the folds in the page, same numbers.
//
//   npx vitest run -c test/browser/vitest.config.ts test/browser/parallel.test.ts   (after npm run build:wasm)
//
// The page (parallel.html) counts workers with a Worker subclass of its own. Skips (does not
// fail) when Chromium or playwright-core is not installed.
import { it, expect, beforeAll, afterAll } from "vitest";
import { describeOrSkip, chromiumMissing, launchChromium } from "./chromium.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { repoRoot } from "../helpers/datasets.js";
import { initSync, cvGlmnetAsync } from "../../src/index.js";
// @ts-ignore: plain JS module shared with the page
import { runCase, CASES, FAILING, problem } from "./parallel.js";
// @ts-ignore: plain JS build script
import { buildBrowser } from "../../scripts/build-browser.mjs";

type Stats = { created: number; replies: number; terminated: number; blob: number };
type Outcome<T> = { value?: T; error?: { name: string; message: string; code?: string; typed: boolean }; stats: Stats };
type Run = { summary: Record<string, string | number>; done: number[] };
type Page = import("playwright-core").Page;

const ORIGIN = "http://l1l2.test";
const CSP = "worker-src 'self'"; // no blob: workers (scripts and everything else unrestricted)

describeOrSkip("cvGlmnetAsync on Web Workers in Chromium", chromiumMissing, () => {
  let browser: import("playwright-core").Browser;
  const node: Record<string, Run> = {};
  let nodeError: { name: string; message: string; code?: string };
  const console_: string[] = [];

  /** A page on parallel.html, its files served from the repo (with the CSP header if asked). */
  async function open(query = "", csp = false): Promise<Page> {
    const page = await browser.newPage();
    page.on("console", (m) => console_.push(`[${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => console_.push(`[pageerror] ${e.message}`));
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      const f = resolve(repoRoot, "." + path);
      const ok = (path.startsWith("/dist/") || path.startsWith("/test/browser/")) && f.startsWith(repoRoot + sep) && existsSync(f) && statSync(f).isFile();
      if (!ok) return route.fulfill({ status: 404, contentType: "text/plain", body: `not found: ${path}` });
      const type = f.endsWith(".html") ? "text/html; charset=utf-8" : f.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/json";
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(f), headers: csp ? { "content-security-policy": CSP } : {} });
    });
    await page.goto(`${ORIGIN}/test/browser/parallel.html${query}`);
    await page.waitForFunction(() => "l1l2Parallel" in window, null, { timeout: 60_000 });
    return page;
  }

  const call = <T>(page: Page, fn: string, ...args: unknown[]): Promise<Outcome<T>> =>
    page.evaluate(([fn, args]) => (window as any).l1l2Parallel[fn as string](...(args as unknown[])), [fn, args] as const);

  beforeAll(async () => {
    await buildBrowser({ log: false });
    initSync();
    for (const name of Object.keys(CASES)) node[name] = await runCase({ cvGlmnetAsync }, name, 2);
    const { X, y } = problem();
    try {
      await cvGlmnetAsync(X, y, { ...FAILING, nJobs: 2 });
    } catch (e) {
      nodeError = { name: (e as Error).name, message: (e as Error).message, code: (e as { code?: string }).code };
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("nJobs: 2 runs the folds on two blob: Web Workers, bit-identical to nJobs: 1 and to Node's worker threads", async () => {
    const page = await open();
    for (const [name, options] of Object.entries(CASES)) {
      const K = (options as { nfolds: number }).nfolds;
      const one = await call<Run>(page, "run", name, 1);
      const two = await call<Run>(page, "run", name, 2);
      expect(one.error).toBeUndefined();
      expect(two.error).toBeUndefined();
      expect(one.stats.created).toBe(0);
      expect(two.stats).toEqual({ created: 2, blob: 2, replies: K, terminated: 2 });
      expect(two.value!.summary).toEqual(one.value!.summary);
      expect(two.value!.summary).toEqual(node[name].summary);
      // onProgress: the full fit, then one call per fold, as with nJobs: 1
      expect(two.value!.done).toEqual(Array.from({ length: K + 1 }, (_, i) => i + 1));
      expect(one.value!.done).toEqual(two.value!.done);
    }
    // more jobs than folds: one worker per fold
    const many = await call<Run>(page, "run", "enet-mae-weights", 8);
    expect(many.stats).toEqual({ created: 5, blob: 5, replies: 5, terminated: 5 });
    expect(many.value!.summary).toEqual(node["enet-mae-weights"].summary);
    expect(console_.filter((l) => /^\[(pageerror|error)\]/.test(l))).toEqual([]);
    await page.close();
  });

  it("an error in a worker comes back as L1L2Error with its code and message, as with nJobs: 1 and in Node", async () => {
    const page = await open();
    const one = await call(page, "failing", 1);
    const two = await call(page, "failing", 2);
    expect(nodeError.code).toBe("INVALID_PARAMETER");
    expect(two.error).toEqual({ ...nodeError, typed: true });
    expect(one.error).toEqual(two.error);
    expect(two.stats.created).toBe(2);
    expect(two.stats.terminated).toBe(2);
    await page.close();
  });

  it("abort rejects with the signal's reason and terminates the workers (from onProgress, while busy, before)", async () => {
    const page = await open();
    const onProgress = await call(page, "abortOnProgress");
    expect(onProgress.error?.message).toBe("stop");
    expect(onProgress.stats.created).toBe(2);
    expect(onProgress.stats.replies).toBeLessThan(10);
    expect(onProgress.stats.terminated).toBe(2);
    const busy = await call(page, "abortWhileBusy");
    expect(busy.error?.message).toBe("cancelled");
    expect(busy.stats.created).toBe(2);
    expect(busy.stats.replies).toBeLessThan(10);
    expect(busy.stats.terminated).toBe(2);
    const before = await call(page, "abortBefore");
    expect(before.error?.message).toBe("never started");
    expect(before.stats.created).toBe(0);
    // and the page still works afterwards
    const again = await call<Run>(page, "run", "lasso", 2);
    expect(again.value!.summary).toEqual(node.lasso.summary);
    await page.close();
  });

  it("falls back to the folds in the page, same bits, when the CSP forbids blob: workers or the workers fail to load", async () => {
    const csp = await open("", true);
    const blocked = await call<Run>(csp, "run", "lasso", 2);
    expect(blocked.error).toBeUndefined();
    expect(blocked.stats).toEqual({ created: 2, blob: 2, replies: 0, terminated: 2 }); // Chromium: an error event
    expect(blocked.value!.summary).toEqual(node.lasso.summary);
    expect(blocked.value!.done).toEqual(node.lasso.done);
    await csp.close();

    const broken = await open("?fail");
    const lost = await call<Run>(broken, "run", "lasso", 2);
    expect(lost.error).toBeUndefined();
    expect(lost.stats.created).toBe(2);
    expect(lost.stats.replies).toBe(0);
    expect(lost.stats.terminated).toBe(2);
    expect(lost.value!.summary).toEqual(node.lasso.summary);
    expect(lost.value!.done).toEqual(node.lasso.done);
    // and an error in a fold run here is still the typed one
    const lostError = await call(broken, "failing", 2);
    expect(lostError.error).toEqual({ ...nodeError, typed: true });
    expect(lostError.stats).toEqual({ created: 2, blob: 2, replies: 0, terminated: 2 });
    await broken.close();

    const refused = await open("?throw");
    const none = await call<Run>(refused, "run", "lasso", 2);
    expect(none.error).toBeUndefined();
    expect(none.stats).toEqual({ created: 0, blob: 0, replies: 0, terminated: 0 });
    expect(none.value!.summary).toEqual(node.lasso.summary);
    expect(none.value!.done).toEqual(node.lasso.done);
    await refused.close();
  });
});
