// The CLI as a function: run(argv, io) → exit code. Errors in the user's input (CliError, and
// the library's L1L2Error) are one line on stderr and exit code 2; anything else is a bug:
// exit code 1 (with the stack when L1L2_DEBUG is set).
import { readFileSync } from "node:fs";
import { L1L2Error } from "../index.js";
import { parseCommand } from "./args.js";
import { CliError } from "./errors.js";
import { runFit } from "./fit.js";
import type { CliIO } from "./io.js";
import { runPredict } from "./predict.js";
import { FIT_USAGE, MAIN_USAGE, PREDICT_USAGE } from "./usage.js";

function version(): string {
  for (const up of ["../../", "../../../"]) {
    try {
      return (JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as { version: string }).version;
    } catch { /* try the next level */ }
  }
  return "unknown";
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const cmd = parseCommand(argv);
    switch (cmd.kind) {
      case "help":
        io.stdout(cmd.topic === "fit" ? FIT_USAGE : cmd.topic === "predict" ? PREDICT_USAGE : MAIN_USAGE);
        return 0;
      case "version":
        io.stdout(`l1l2 ${version()}\n`);
        return 0;
      case "fit":
        return await runFit(cmd.args, io);
      case "predict":
        return await runPredict(cmd.args, io);
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`l1l2: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof L1L2Error) {
      io.stderr(`l1l2: ${err.message} [${err.code}]\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr(`l1l2: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.L1L2_DEBUG) io.stderr(`${e?.stack ?? ""}\n`);
    return 1;
  }
}
