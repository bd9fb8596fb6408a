// The stress suite, separate from `npm test`:  npx vitest run --config test/stress/vitest.config.ts
// Files run one after another (each in its own process), so that timings are not shared
// between them on a 2-core machine.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/stress/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-artifacts/vitest-stress.json" },
  },
});
