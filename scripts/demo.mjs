// The browser demo (examples/browser/): a static server on 127.0.0.1 for the page, the bundle
// dist/l1l2.browser.js and the bundled diabetes data. Builds the bundle first if it is missing.
//
//   npm run demo                 (or: node scripts/demo.mjs [--port 8321]; PORT=… works too)
//
// test/browser/demo.test.ts imports startDemo() and serves on a free port (port 0).
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, extname, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = resolve(root, "dist/l1l2.browser.js");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".map": "application/json", ".json": "application/json", ".f64": "application/octet-stream",
  ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
};

// the only folders served (everything else is a 404)
const PUBLIC = ["examples/browser", "dist", "data/diabetes"].map((d) => resolve(root, d));

/** Runs `npm run build:browser` when dist/l1l2.browser.js does not exist yet. */
export function ensureBundle() {
  if (existsSync(bundle)) return;
  console.log("dist/l1l2.browser.js is missing: running npm run build:browser");
  const r = spawnSync("npm", ["run", "build:browser"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0 || !existsSync(bundle)) {
    throw new Error("npm run build:browser failed (it needs src/wasm/bytes.ts: run npm run build:wasm first)");
  }
}

function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const f = resolve(root, "." + path);
  const allowed = PUBLIC.some((d) => f.startsWith(d + sep));
  return allowed && existsSync(f) && statSync(f).isFile() ? f : undefined;
}

/** Starts the server; resolves to { server, url } once it listens. */
export function startDemo({ port = 8321, host = "127.0.0.1", quiet = false } = {}) {
  ensureBundle();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/" || path === "/index.html") {
      res.writeHead(302, { location: "/examples/browser/" }).end();
      return;
    }
    const file = req.method === "GET" || req.method === "HEAD"
      ? fileFor(path.endsWith("/") ? path + "index.html" : path) : undefined;
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/examples/browser/`;
      if (!quiet) console.log(`l1l2 demo: ${url}  (Ctrl-C to stop)`);
      ok({ server, url });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--port");
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8321);
  startDemo({ port }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
