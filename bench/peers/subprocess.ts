// Runs a peer script (python3 / Rscript) and parses the one JSON object it prints.
import { execFile, spawnSync } from "node:child_process";
import type { Problem, RunOptions, SolverRun } from "../problem.js";

export function probe(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return { ok: r.status === 0, out: (r.status === 0 ? r.stdout : r.stderr || r.error?.message || "").trim() };
}

export function runScript(solver: string, cmd: string, args: string[], timeoutMs: number): Promise<SolverRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        if (err.killed) resolve({ solver, status: "timeout", note: `no answer within ${timeoutMs / 1000} s (killed)` });
        else resolve({ solver, status: "error", note: (stderr || err.message).trim().split("\n").slice(-3).join(" | ") });
        return;
      }
      try {
        const j = JSON.parse(stdout.trim().split("\n").pop()!);
        resolve({
          solver, status: "ok", timing: j.timing, coef: Float64Array.from(j.coef), intercept: j.intercept,
          nIter: j.nIter ?? undefined, converged: j.converged, detail: j.detail,
        });
      } catch (e) {
        resolve({ solver, status: "error", note: `unreadable output: ${String(e)} ${stdout.slice(0, 200)}` });
      }
    });
  });
}

/** The arguments every peer script takes after DIR MODEL. */
export function commonArgs(p: Problem, o: RunOptions, tolOrThresh: number): string[] {
  return [p.data.dir, p.model, String(p.l1), String(p.l2), String(tolOrThresh),
    String(o.samples), String(o.minSampleMs), String(o.maxTotalMs)];
}

/** Runs a peer script and returns the last line of its output parsed as JSON (the path cases). */
export function runScriptJson(cmd: string, args: string[], timeoutMs: number):
    Promise<{ status: "ok"; json: any } | { status: "error" | "timeout"; note: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        if (err.killed) resolve({ status: "timeout", note: `no answer within ${timeoutMs / 1000} s (killed)` });
        else resolve({ status: "error", note: (stderr || err.message).trim().split("\n").slice(-3).join(" | ") });
        return;
      }
      try {
        resolve({ status: "ok", json: JSON.parse(stdout.trim().split("\n").pop()!) });
      } catch (e) {
        resolve({ status: "error", note: `unreadable output: ${String(e)} ${stdout.slice(0, 200)}` });
      }
    });
  });
}
