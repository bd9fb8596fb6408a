// What the CLI touches of the outside world, injected so that tests can run it in-process.
import { resolve } from "node:path";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  stderrIsTTY: boolean;
  /** Terminal width for the progress bar (default 80). */
  columns?: number;
  /** Relative paths are resolved against this (default process.cwd()). */
  cwd?: string;
  /** The progress bar appears only once a job has run this long (default 250 ms). */
  progressDelayMs?: number;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
  };
}

export function resolvePath(io: CliIO, path: string): string {
  return resolve(io.cwd ?? process.cwd(), path);
}
