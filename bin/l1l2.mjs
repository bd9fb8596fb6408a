#!/usr/bin/env node
// The `l1l2` command. Runs the compiled CLI (dist/src/cli/main.js: `npm run build` makes it, and
// the published package ships it); in a clone that has not been built, runs the TypeScript
// sources through tsx (a devDependency), which needs the WASM bytes (`npm run build:wasm`).
import { existsSync } from "node:fs";

const here = (path) => new URL(path, import.meta.url);
const fail = (message) => {
  process.stderr.write(`l1l2: ${message}\n`);
  process.exit(2);
};

let cli;
if (existsSync(here("../dist/src/cli/main.js"))) {
  cli = await import(here("../dist/src/cli/main.js").href);
} else {
  if (!existsSync(here("../src/cli/main.ts"))) fail("this installation has no dist/src/cli/main.js: reinstall l1l2");
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    fail("not built: run `npm run build` (or install the devDependencies, which include tsx, to run the sources)");
  }
  if (!existsSync(here("../src/wasm/bytes.ts"))) fail("the WASM is not built: run `npm run build:wasm` (or `npm run build`)");
  register();
  cli = await import(here("../src/cli/main.ts").href);
}
await cli.main(process.argv.slice(2));
