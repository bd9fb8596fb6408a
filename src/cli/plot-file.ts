// --plot: the coefficient-path plot, written by src/plot.ts's plotPath(fit) when that module is
// part of the build. It is imported dynamically (through a variable, so that this file compiles
// with or without it), and only when --plot is given.
import { writeFileSync } from "node:fs";
import type { GlmnetFit } from "../index.js";
import { CliError, fsReason } from "./errors.js";

type PlotModule = { plotPath?: (fit: GlmnetFit, options?: Record<string, unknown>) => unknown };

async function loadPlot(): Promise<PlotModule["plotPath"]> {
  const specifier = "../plot.js";
  try {
    const mod = (await import(specifier)) as PlotModule;
    return typeof mod.plotPath === "function" ? mod.plotPath : undefined;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || /Cannot find module|Failed to load url/.test(String(err))) return undefined;
    throw err;
  }
}

/** Throws a CliError (before any fitting) if plotting is not available in this build. */
export async function requirePlot(): Promise<NonNullable<PlotModule["plotPath"]>> {
  const plot = await loadPlot();
  if (!plot) throw new CliError("--plot is not available in this build of l1l2 (no plotPath in src/plot.ts)");
  return plot;
}

export function writePlot(plot: NonNullable<PlotModule["plotPath"]>, fit: GlmnetFit, labels: string[], title: string,
                          path: string, display: string): void {
  const svg = plot(fit, { labels, title });
  const text = typeof svg === "string" ? svg : (svg as { svg?: unknown })?.svg;
  if (typeof text !== "string") throw new CliError("plotPath did not return an SVG string");
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(`cannot write the plot: ${fsReason(err, display)}`);
  }
}
