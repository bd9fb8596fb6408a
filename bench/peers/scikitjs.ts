// scikitjs (scikit.js), the JavaScript library people reach for today. Its ESM entry does not
// load in Node 20, so it is required through createRequire('scikitjs/node') with the pure-JS
// @tensorflow/tfjs backend. LassoRegression / RidgeRegression are a one-unit Keras dense
// layer trained by Adam(0.1), batch 32, up to 1000 epochs with early stopping on the training
// MSE (patience 50), in float32; there is no tolerance to set, so it runs at its defaults.
// Its loss is mean((y − ŷ)²) + alpha·‖w‖₁ (or alpha·‖w‖²), i.e. twice the canonical objective
// at alpha = 2·l1 (lasso) or 2·l2 (ridge). One fit per case, no repeats: a fit takes seconds.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Peer, Problem, RunOptions, SolverRun } from "../problem.js";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let lib: { tf: any; sk: any } | null = null;
let why: string | null | undefined;

function load(): string | null {
  if (why !== undefined) return why;
  const warn = console.warn, log = console.log;
  try {
    console.warn = () => {}; console.log = () => {}; // tfjs' "install tfjs-node" banner
    const tf = require("@tensorflow/tfjs");
    const sk = require("scikitjs/node");
    sk.setBackend(tf);
    lib = { tf, sk };
    why = null;
  } catch (e) {
    why = `scikitjs could not be loaded through createRequire('scikitjs/node'): ${String(e).split("\n")[0]}`;
  } finally {
    console.warn = warn; console.log = log;
  }
  return why;
}

export const scikitjsPeer: Peer = {
  name: "scikitjs",
  unavailable: load,
  versions(): Record<string, string> {
    if (load()) return {};
    // scikitjs' "exports" hide its package.json: read it next to dist/node/index.js
    const pkg = join(require.resolve("scikitjs/node"), "..", "..", "..", "package.json");
    return { scikitjs: JSON.parse(readFileSync(pkg, "utf8")).version, "@tensorflow/tfjs": lib!.tf.version.tfjs };
  },
  async run(p: Problem, _o: RunOptions): Promise<SolverRun> {
    const { tf, sk } = lib!;
    const { n, p: cols, X, y } = p.data;
    const warn = console.warn, log = console.log;
    console.warn = () => {}; console.log = () => {}; // tfjs' banner at its first tensor
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let Xt: any = null, yt: any = null, m: any = null;
    try {
      Xt = tf.tensor2d(Float32Array.from(X), [n, cols], "float32");
      yt = tf.tensor1d(Float32Array.from(y), "float32");
      m = p.model === "lasso" ? new sk.LassoRegression({ alpha: 2 * p.l1 }) : new sk.RidgeRegression({ alpha: 2 * p.l2 });
      const t = performance.now();
      await m.fit(Xt, yt);
      const ms = performance.now() - t;
      console.warn = warn; console.log = log;
      const epochs: number = (m.model?.model ?? m.model)?.history?.epoch?.length ?? NaN; // Sequential wraps a LayersModel
      const coef = Float64Array.from(m.coef.dataSync() as Float32Array);
      const intercept = Number(m.intercept);
      return {
        solver: "scikitjs", status: "ok", coef, intercept,
        timing: { medianMs: ms, minMs: ms, samples: 1, loops: 1, firstMs: ms },
        nIter: Number.isNaN(epochs) ? undefined : epochs, converged: undefined,
        detail: `${p.model === "lasso" ? "LassoRegression" : "RidgeRegression"}({ alpha: ${p.model === "lasso" ? "2·l1" : "2·l2"} }), defaults (Adam, float32), 1 fit`,
      };
    } finally {
      console.warn = warn; console.log = log;
      Xt?.dispose(); yt?.dispose();
      m?.model?.dispose?.();
    }
  },
};
