// The diabetes data shipped in data/diabetes (Efron et al. 2004): 442 rows, 10 features, as a
// Table with the target column "y", for `l1l2 fit` without a file.
import { existsSync, readFileSync } from "node:fs";
import { CliError } from "./errors.js";
import { Table } from "./table.js";

/** data/diabetes, found from this module both in src/cli and in dist/src/cli. */
function dataDir(): URL {
  for (const up of ["../../", "../../../"]) {
    const dir = new URL(`${up}data/diabetes/`, import.meta.url);
    if (existsSync(new URL("meta.json", dir))) return dir;
  }
  throw new CliError("the bundled diabetes data (data/diabetes) is missing from this installation");
}

export const BUNDLED_TARGET = "y";

export function readBundled(): Table {
  const dir = dataDir();
  const meta = JSON.parse(readFileSync(new URL("meta.json", dir), "utf8")) as { n: number; p: number; feature_names: string[] };
  const f64 = (file: string) => {
    const b = readFileSync(new URL(file, dir));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const X = f64("X.f64"), y = f64("y.f64");
  const { n, p } = meta;
  if (X.length !== n * p || y.length !== n) throw new CliError("the bundled diabetes data is damaged (sizes do not match meta.json)");
  const names = [...meta.feature_names, BUNDLED_TARGET];
  return {
    source: "diabetes (bundled)",
    names,
    rows: n,
    isText: () => false,
    numeric(name) {
      const j = names.indexOf(name);
      if (j < 0) throw new CliError(`no column "${name}" in the bundled data`);
      if (j === p) return y.slice();
      // X.f64 is row-major (n × p)
      return Float64Array.from({ length: n }, (_, i) => X[i * p + j]);
    },
  };
}
