// A worker thread started from this package's TypeScript sources (vitest, tsx; node-worker.ts):
// registers tsx's ESM loader inside the worker, then imports the .ts entry named by argv[2]
// (Node 20 does not apply `--import tsx` given in a worker's execArgv). Compiled code (dist)
// starts its workers' .js files directly and never loads this.
const { pathToFileURL } = require("node:url");
const path = require("node:path");
const pkgPath = require.resolve("tsx/package.json");
// tsx/esm/api's ESM build (its CommonJS build cannot register the ESM hooks from here)
const api = require(pkgPath).exports["./esm/api"].import.default;
import(pathToFileURL(path.join(path.dirname(pkgPath), api)).href)
  .then((m) => { m.register(); return import(process.argv[2]); })
  .catch((e) => { setImmediate(() => { throw e; }); });
