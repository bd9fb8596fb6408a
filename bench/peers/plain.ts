// The same algorithms as l1l2 in plain TypeScript (bench/plain-ts-cd.ts, plain-ts-ridge.ts):
// the ratio to l1l2 is what the WASM kernels buy. The column-major copy is made once per
// dataset and kept out of the timing, as l1l2's upload is.
import type { Dataset } from "../data.js";
import { plainDesign, plainEnet, PlainDesign } from "../plain-ts-cd.js";
import { plainRidge } from "../plain-ts-ridge.js";
import type { Peer, Problem, RunOptions, SolverRun } from "../problem.js";
import { timeIt } from "../timing.js";

const designs = new Map<string, PlainDesign>();

/** The centred column-major copy of a dataset, made once (also T2's plain-TS path, paths.ts). */
export function plainDesignOf(d: Dataset): PlainDesign {
  let e = designs.get(d.dir);
  if (!e) { e = plainDesign(d.X, d.n, d.p); designs.set(d.dir, e); }
  return e;
}

export function releasePlainDesign(d: Dataset): void {
  designs.delete(d.dir);
}

export const plainPeer: Peer = {
  name: "plain TS",
  unavailable: () => null,
  versions: () => ({}),
  async run(p: Problem, o: RunOptions): Promise<SolverRun> {
    const D = plainDesignOf(p.data), y = p.data.y;
    if (p.model === "lasso") {
      const { timing, result: r } = timeIt(() => plainEnet(D, y, p.l1, p.l2, p.tol, 1_000_000), o);
      return {
        solver: "plain TS", status: "ok", timing, coef: r.coef, intercept: r.intercept, nIter: r.sweeps,
        converged: r.converged, detail: `plainEnet (${r.mode} CD, tol ${p.tol})`,
      };
    }
    const { timing, result: r } = timeIt(() => plainRidge(D, y, p.l2), o);
    return { solver: "plain TS", status: "ok", timing, coef: r.coef, intercept: r.intercept, detail: `plainRidge (${r.solver})` };
  },
};
