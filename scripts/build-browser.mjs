// Bundles src/index.ts into one self-contained ES module, dist/l1l2.browser.js, for a plain
// <script type="module"> page (or a module Web Worker) with no import map or bundler: the WASM
// bytes are inlined already (src/wasm/bytes.ts).
//
//   node scripts/build-browser.mjs          (needs src/wasm/bytes.ts: run `npm run build:wasm` first)
//
// esbuild is the one tsx already installs; the browser test suite calls buildBrowser() itself.
//
// Two builds: first cvGlmnetAsync's Web Worker (src/cv-worker.browser.ts) as one classic script,
// kept in memory, then the bundle, with that script inlined as the string __L1L2_CV_WORKER__ for
// src/parallel.browser.ts to start from a Blob URL (so nJobs needs no worker file to serve).
import { existsSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, resolve, relative } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const browserBundle = resolve(root, "dist/l1l2.browser.js");

/** Builds dist/l1l2.browser.js (and its source map); returns the output path. */
export async function buildBrowser({ outfile = browserBundle, minify = false, log = true } = {}) {
  if (!existsSync(resolve(root, "src/wasm/bytes.ts"))) {
    throw new Error("src/wasm/bytes.ts is missing: run `npm run build:wasm` first");
  }
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch (e) {
    throw new Error(`esbuild is not installed (it comes with tsx; run npm ci): ${e instanceof Error ? e.message : e}`);
  }
  const target = ["es2022"]; // WebAssembly SIMD is the floor anyway: Chrome 91, Firefox 89, Safari 16.4
  const worker = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [resolve(root, "src/cv-worker.browser.ts")],
    write: false,
    bundle: true,
    format: "iife",
    platform: "browser",
    target,
    // it ships as a string inside the bundle: no source map, and minified (always, it is not read)
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    // cv.ts imports parallel.ts for cvGlmnetAsync, which the worker never runs (tree-shaken);
    // only its Node worker bootstrap reads import.meta, which an IIFE does not have
    logOverride: { "empty-import-meta": "silent" },
    plugins: [{
      // the WASM bytes come from the main thread (src/cv-worker-bytes.ts): the bundle holds them once
      name: "worker-wasm-bytes",
      setup(build) {
        build.onResolve({ filter: /^\.\/wasm\/bytes\.js$/ }, () => ({ path: resolve(root, "src/cv-worker-bytes.ts") }));
      },
    }],
  });
  const pkg = JSON.parse(await (await import("node:fs/promises")).readFile(resolve(root, "package.json"), "utf8"));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [resolve(root, "src/index.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target,
    minify,
    sourcemap: true,
    legalComments: "eof",
    logLevel: "warning",
    banner: { js: `// ${pkg.name} ${pkg.version}: browser bundle (ES module, WASM inlined). ${pkg.license} licence.` },
    define: { __L1L2_CV_WORKER__: JSON.stringify(worker.outputFiles[0].text) },
    plugins: [{
      // Web Workers in place of Node's worker threads; parallel.browser.ts itself reuses
      // parallel.ts's plain helpers (its worker_threads code is unused there, and tree-shaken)
      name: "browser-parallel",
      setup(build) {
        const web = resolve(root, "src/parallel.browser.ts");
        build.onResolve({ filter: /^\.\/parallel\.js$/ }, (a) => (a.importer === web ? undefined : { path: web }));
      },
    }],
  });
  if (log) {
    const kb = (statSync(outfile).size / 1024).toFixed(1);
    console.log(`built ${relative(root, outfile)} (${kb} KiB)`);
  }
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildBrowser({ minify: process.argv.includes("--minify") }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
