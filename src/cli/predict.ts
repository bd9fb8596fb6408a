// `l1l2 predict model.json new.csv`: one prediction per data row, from the columns named as the
// model's features.
import { writeFileSync } from "node:fs";
import { initSync } from "../index.js";
import type { PredictArgs } from "./args.js";
import { readCsv } from "./csv.js";
import { CliError, fsReason } from "./errors.js";
import { CliIO, resolvePath } from "./io.js";
import { loadModel } from "./model-file.js";
import { selectColumns } from "./table.js";

export async function runPredict(a: PredictArgs, io: CliIO): Promise<number> {
  initSync();
  const { model, features, target } = loadModel(resolvePath(io, a.model), a.model);
  const table = readCsv(resolvePath(io, a.file), a.file, { delimiter: a.delimiter });
  const p = model.coef.length;
  let names = features;
  if (names === null) {
    // a bare toJSON() model has no names: the file's columns are its features, in order
    names = table.names;
    if (names.length !== p) {
      throw new CliError(`${a.model} has no feature names (a bare toJSON() model), so ${a.file} must have exactly its ${p} feature columns, in order; it has ${names.length}`);
    }
  }
  const sel = selectColumns(table, null, names);
  const yhat = model.predict(sel.X);
  const csv = "prediction\n" + Array.from(yhat, (v) => String(v)).join("\n") + "\n";
  if (a.out !== null) {
    try {
      writeFileSync(resolvePath(io, a.out), csv);
    } catch (err) {
      throw new CliError(`cannot write the predictions: ${fsReason(err, a.out)}`);
    }
    io.stderr(`l1l2: wrote ${yhat.length} predictions to ${a.out}\n`);
  } else {
    io.stdout(csv);
  }
  if (target !== null && table.names.includes(target) && !table.isText(target)) {
    let y: Float64Array | null = null;
    try { y = table.numeric(target); } catch { /* a target with gaps: no score */ }
    if (y) io.stderr(`l1l2: R² = ${model.score(sel.X, y).toFixed(4)} against the column "${target}" of ${a.file}\n`);
  }
  return 0;
}
