// The browser suite, run as its own step: npx vitest run -c test/browser/vitest.config.ts
// (after npm run build:wasm; it builds dist/l1l2.browser.js itself). Needs /usr/bin/chromium
// and playwright-core; skips with a message without them.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // one browser at a time
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "test-artifacts/vitest-browser.json" },
  },
});
