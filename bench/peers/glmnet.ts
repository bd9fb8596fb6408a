// R glmnet through Rscript (Debian's r-cran-glmnet), timed inside R.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Peer } from "../problem.js";
import { commonArgs, probe, runScript } from "./subprocess.js";

const R = "Rscript";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "glmnet_bench.R");

let state: { why: string | null; versions: Record<string, string> } | null = null;
function check() {
  if (!state) {
    const r = probe(R, ["-e", "suppressPackageStartupMessages(library(glmnet)); cat(paste(R.version$major, R.version$minor, sep='.'), as.character(packageVersion('glmnet')))"]);
    if (r.ok) {
      const [rv, glmnet] = r.out.split(/\s+/);
      state = { why: null, versions: { R: rv, glmnet } };
    } else {
      state = { why: `Rscript with glmnet is not available (${r.out.split("\n").pop()}); install r-cran-glmnet`, versions: {} };
    }
  }
  return state;
}

export const glmnetPeer: Peer = {
  name: "glmnet",
  unavailable: () => check().why,
  versions: () => check().versions,
  // glmnet's ridge is coordinate descent at thresh 1e-18: > 300 s on S1 and S2, so 120 s is the cap there
  run: (p, o) => runScript("glmnet", R, [SCRIPT, ...commonArgs(p, o, p.thresh)],
    o.quick ? 40_000 : p.model === "ridge" ? 120_000 : 300_000),
};
