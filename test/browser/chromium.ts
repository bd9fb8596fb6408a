// What the browser suites share: Debian's Chromium driven by playwright-core, and a describe()
// that skips with the reason (never fails) when either is missing.
import { describe, it } from "vitest";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.L1L2_CHROMIUM ?? "/usr/bin/chromium";
// as root on a closed network: no sandbox, no GPU, and none of Chromium's background traffic
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

type Playwright = typeof import("playwright-core");
let playwright: Playwright | null = null;
try { playwright = await import("playwright-core"); } catch { playwright = null; }

/** Why the browser suites cannot run here, or null. */
export const chromiumMissing: string | null = !existsSync(CHROMIUM)
  ? `${CHROMIUM} not found (apt-get install -y chromium, or set L1L2_CHROMIUM)`
  : playwright === null ? "playwright-core is not installed (it is a devDependency: npm ci)" : null;

export function launchChromium(): Promise<import("playwright-core").Browser> {
  return playwright!.chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** describe(title, body), or one skipped test naming skipReason (with a warning) when set. */
export function describeOrSkip(title: string, skipReason: string | null, body: () => void): void {
  if (skipReason) {
    console.warn(`${title}: skipped: ${skipReason}`);
    describe(title, () => { it.skip(`skipped: ${skipReason}`, () => {}); });
  } else {
    describe(title, body);
  }
}
