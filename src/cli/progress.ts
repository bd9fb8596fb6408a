// A one-line progress bar on stderr for paths and cross-validation, drawn only when stderr is a
// terminal; it erases itself when done. Fed by the library's onProgress({ done, total, lambda })
// callbacks. The fits are synchronous (no timer can fire during them), so a quick job is kept
// quiet by drawing only once it has run for a moment, and a job known to be big (`eager`) shows
// its empty bar at once, before the first fit reports.
import type { Progress } from "../index.js";
import type { CliIO } from "./io.js";

export interface ProgressBar {
  update(p: Progress): void;
  /** Erases the bar (if it was drawn). */
  finish(): void;
}

export interface BarOptions {
  /** Total steps, for the eager first draw. */
  total: number;
  /** Show the last λ (a path); otherwise "fits" (cross-validation). */
  lambda: boolean;
  /** Draw the empty bar at once. */
  eager?: boolean;
  now?: () => number;
}

const NOOP: ProgressBar = { update() {}, finish() {} };

export function progressBar(io: CliIO, label: string, o: BarOptions): ProgressBar {
  if (!io.stderrIsTTY) return NOOP;
  const now = o.now ?? (() => performance.now());
  const start = now();
  const delay = io.progressDelayMs ?? 250;
  const width = Math.max(10, Math.min(40, (io.columns || 80) - label.length - 30));
  let drawn = false, last = -Infinity;
  const draw = ({ done, total, lambda }: Progress) => {
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const fill = Math.round(frac * width);
    const tail = o.lambda ? `λ = ${lambda.toPrecision(3)}` : "fits";
    io.stderr(`\r\x1b[2K${label} ${"█".repeat(fill)}${"░".repeat(width - fill)} ${done}/${total} ${tail}`);
    drawn = true;
    last = now();
  };
  if (o.eager) draw({ done: 0, total: o.total, lambda: NaN });
  return {
    update(p) {
      const t = now();
      if (!drawn && t - start < delay) return;
      if (drawn && p.done < p.total && t - last < 50) return; // at most 20 redraws a second
      draw(p);
    },
    finish() {
      if (drawn) io.stderr("\r\x1b[2K");
      drawn = false;
    },
  };
}
