// --plot: the coefficient-path plot (src/plot.ts's plotPath, R's plot.glmnet) written as SVG,
// with the feature names as curve labels.
import { writeFileSync } from "node:fs";
import { plotPath } from "../index.js";
import type { GlmnetFit } from "../index.js";
import { CliError, fsReason } from "./errors.js";

export function writePlot(fit: GlmnetFit, labels: string[], title: string, path: string, display: string): void {
  const svg = plotPath(fit, { labels, title });
  try {
    writeFileSync(path, svg);
  } catch (err) {
    throw new CliError(`cannot write the plot: ${fsReason(err, display)}`);
  }
}
