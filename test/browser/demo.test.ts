// The browser demo (examples/browser/, served by scripts/demo.mjs) in Chromium: pick the
// diabetes data and the elastic net, fit, and wait for the path plot, the CV plot and the
// coefficient table; also a CSV with a bad cell (a readable error) and a logistic fit on a
// small two-class CSV. Screenshot: test-artifacts/browser/demo.png.
//
//   npx vitest run -c test/browser/vitest.config.ts test/browser/demo.test.ts   (after npm run build:wasm)
//
// Skips (does not fail) when Chromium or playwright-core is not installed.
import { it, expect, beforeAll, afterAll } from "vitest";
import { describeOrSkip, chromiumMissing, launchChromium } from "./chromium.js";
import type { Server } from "node:http";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { repoRoot } from "../helpers/datasets.js";
// @ts-ignore: plain JS build script
import { buildBrowser } from "../../scripts/build-browser.mjs";
// @ts-ignore: plain JS server script
import { startDemo } from "../../scripts/demo.mjs";

const artifacts = resolve(repoRoot, "test-artifacts/browser");


describeOrSkip("the browser demo", chromiumMissing, () => {
  let server: Server;
  let url: string;
  let browser: import("playwright-core").Browser;
  let page: import("playwright-core").Page;
  const console_: string[] = [];

  beforeAll(async () => {
    await buildBrowser({ log: false }); // the bundle from the current src/
    mkdirSync(artifacts, { recursive: true });
    ({ server, url } = await startDemo({ port: 0, quiet: true }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("console", (m) => console_.push(`[${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => console_.push(`[pageerror] ${e.message}`));
    await page.goto(url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it("diabetes + elastic net: path plot, CV plot and a 10-row coefficient table", async () => {
    await page.check('input[name=source][value=diabetes]');
    await page.waitForFunction(() => document.querySelectorAll("#target option").length === 11);
    await page.check('input[name=model][value=enet]');
    await page.locator("#alpha").fill("0.5");
    expect(await page.inputValue("#alpha")).toBe("0.5");
    await page.click("#run");
    await page.waitForSelector("#status.ok, #status.error", { timeout: 60_000 });
    const statusText = await page.textContent("#status");
    expect(await page.getAttribute("#status", "class"), `${statusText}\n${console_.join("\n")}`).toBe("ok");

    expect(await page.locator("#path-plot svg").count()).toBe(1);
    expect(await page.locator("#cv-plot svg").count()).toBe(1);
    expect(await page.locator("#path-plot svg path, #path-plot svg polyline").count()).toBeGreaterThan(5);
    expect(await page.textContent("#path-plot figcaption")).toContain("Elastic Net (α = 0.5)");
    const rows = page.locator("#coef-table tbody tr");
    expect(await rows.count()).toBe(10);
    expect(await rows.first().locator("td").first().textContent()).toBe("age");
    expect(await page.locator("#coef-table tfoot td").first().textContent()).toBe("(intercept)");
    // the bmi coefficient at λ.min: large and positive on this data
    expect(Number(await rows.nth(2).locator("td").nth(1).textContent())).toBeGreaterThan(100);
    expect(await page.evaluate(() => (document.querySelector("#progress") as HTMLProgressElement).value)).toBe(1);

    await page.screenshot({ path: resolve(artifacts, "demo.png"), fullPage: true });
    expect(console_.filter((l) => l.startsWith("[pageerror]") || l.startsWith("[error]"))).toEqual([]);
  });

  it("a CSV with a non-numeric cell gives a clear error", async () => {
    await page.setInputFiles("#file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("a,b,y\n1,2,3\n4,oops,6\n") });
    await page.waitForSelector("#status.error");
    expect(await page.textContent("#status")).toContain('line 3, column "b": "oops" is not a number');
  });

  it("logistic on a two-class CSV: both plots and the table", async () => {
    let s = 99;
    const r = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
    const lines = ["x1,x2,x3,class"];
    for (let i = 0; i < 120; i++) {
      const x = [r() * 4, r() * 4, r() * 4];
      lines.push(`${x.map((v) => v.toFixed(3)).join(",")},${x[0] - x[1] + r() > 0 ? "1" : "0"}`);
    }
    await page.setInputFiles("#file", { name: "two.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.waitForFunction(() => document.querySelectorAll("#target option").length === 4);
    await page.check('input[name=model][value=logistic]');
    await page.click("#run");
    await page.waitForSelector("#status.ok, #status.error", { timeout: 60_000 });
    expect(await page.getAttribute("#status", "class"), (await page.textContent("#status")) ?? "").toBe("ok");
    expect(await page.locator("#path-plot svg").count()).toBe(1);
    expect(await page.locator("#cv-plot svg").count()).toBe(1);
    expect(await page.locator("#coef-table tbody tr").count()).toBe(3);
    await page.screenshot({ path: resolve(artifacts, "demo-logistic.png"), fullPage: true });
    expect(console_.filter((l) => l.startsWith("[pageerror]") || l.startsWith("[error]"))).toEqual([]);
  });
});
