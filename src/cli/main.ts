#!/usr/bin/env node
// The `l1l2` command: runs run() on the process's arguments and streams. bin/l1l2.mjs imports
// this module (compiled, or through tsx in a clone) and calls main(); run directly
// (`npx tsx src/cli/main.ts fit …`) it starts by itself.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processIO } from "./io.js";
import { run } from "./run.js";

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv, processIO());
}

function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) await main();
