// A data table as the CLI sees it: named columns, read as numbers on demand (so that a bad cell
// is reported with its row and column only if that column is used), and the choice of the
// target and feature columns.
import { CliError } from "./errors.js";

export interface Table {
  /** How to name the data in messages: the path as given, or "diabetes (bundled)". */
  source: string;
  /** Column names in file order; "" for an unnamed column (e.g. a pandas index). */
  names: string[];
  rows: number;
  /** The column as numbers; throws a CliError naming the row and column of a non-numeric cell. */
  numeric(name: string): Float64Array;
  /** True when no cell of the column is a number (a text column such as a name or a label). */
  isText(name: string): boolean;
}

export interface Selected {
  /** X column-major, as the library's { data, rows, cols, order: "col" } input. */
  X: { data: Float64Array; rows: number; cols: number; order: "col" };
  y: Float64Array | null;
  features: string[];
  target: string | null;
  /** Columns left out of an automatic feature choice, with the reason (for a note). */
  skipped: string[];
}

function listColumns(t: Table): string {
  return t.names.map((n, j) => (n === "" ? `(unnamed column ${j + 1})` : n)).join(", ");
}

function requireColumn(t: Table, name: string, role: string): void {
  if (name === "" || !t.names.includes(name)) {
    throw new CliError(`${role} column "${name}" is not in ${t.source}; its columns are: ${listColumns(t)}`);
  }
}

/**
 * Picks the target and the features: `features` by name, or else every other named column
 * that holds numbers (text columns and unnamed columns are skipped and reported).
 */
export function selectColumns(t: Table, target: string | null, features: string[] | null): Selected {
  if (target !== null) requireColumn(t, target, "target");
  let chosen: string[];
  const skipped: string[] = [];
  if (features) {
    const seen = new Set<string>();
    for (const f of features) {
      requireColumn(t, f, "feature");
      if (f === target) throw new CliError(`column "${f}" is both the target and a feature`);
      if (seen.has(f)) throw new CliError(`feature "${f}" is listed twice in --features`);
      seen.add(f);
    }
    chosen = features;
  } else {
    chosen = [];
    t.names.forEach((name, j) => {
      if (name === target) return;
      if (name === "") skipped.push(`unnamed column ${j + 1} (an index?)`);
      else if (t.isText(name)) skipped.push(`"${name}" (not numeric)`);
      else chosen.push(name);
    });
    if (chosen.length === 0) {
      throw new CliError(`${t.source} has no numeric feature columns besides the target "${target}"; its columns are: ${listColumns(t)}`);
    }
  }
  const n = t.rows, p = chosen.length;
  const data = new Float64Array(n * p);
  chosen.forEach((name, j) => data.set(t.numeric(name), j * n));
  return {
    X: { data, rows: n, cols: p, order: "col" },
    y: target === null ? null : t.numeric(target),
    features: chosen.slice(),
    target,
    skipped,
  };
}
