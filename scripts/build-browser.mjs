// Bundles src/index.ts into one self-contained ES module, dist/l1l2.browser.js, for a plain
// <script type="module"> page (or a module Web Worker) with no import map or bundler: the bare
// import of @assemblyscript/loader is inlined, and the WASM bytes already are (src/wasm/bytes.ts).
//
//   node scripts/build-browser.mjs          (needs src/wasm/bytes.ts: run `npm run build:wasm` first)
//
// esbuild is the one tsx already installs; the browser test suite calls buildBrowser() itself.
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
  const pkg = JSON.parse(await (await import("node:fs/promises")).readFile(resolve(root, "package.json"), "utf8"));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [resolve(root, "src/index.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    // WebAssembly SIMD is the floor anyway: Chrome 91, Firefox 89, Safari 16.4
    target: ["es2022"],
    minify,
    sourcemap: true,
    legalComments: "eof",
    logLevel: "warning",
    banner: { js: `// ${pkg.name} ${pkg.version}: browser bundle (ES module, WASM inlined). ${pkg.license} licence.` },
    plugins: [{
      // Node's worker-thread folds (src/parallel.ts) stay out of the browser bundle
      name: "browser-parallel",
      setup(build) {
        build.onResolve({ filter: /^\.\/parallel\.js$/ }, () => ({ path: resolve(root, "src/parallel.browser.ts") }));
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
