// scikit-learn through Debian's /usr/bin/python3 (python3-sklearn), timed inside Python.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Peer } from "../problem.js";
import { commonArgs, probe, runScript } from "./subprocess.js";

const PY = "/usr/bin/python3";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "sklearn_bench.py");

let state: { why: string | null; versions: Record<string, string> } | null = null;
function check() {
  if (!state) {
    const r = probe(PY, ["-c", "import sys, numpy, sklearn; print(sys.version.split()[0], numpy.__version__, sklearn.__version__)"]);
    if (r.ok) {
      const [python, numpy, sklearn] = r.out.split(/\s+/);
      state = { why: null, versions: { python, numpy, "scikit-learn": sklearn } };
    } else {
      state = { why: `${PY} cannot import sklearn (${r.out.split("\n").pop()}); install python3-sklearn`, versions: {} };
    }
  }
  return state;
}

export const sklearnPeer: Peer = {
  name: "scikit-learn",
  unavailable: () => check().why,
  versions: () => check().versions,
  run: (p, o) => runScript("scikit-learn", PY, [SCRIPT, ...commonArgs(p, o, p.tol)], o.quick ? 40_000 : 300_000),
};
