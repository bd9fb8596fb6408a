// Reads a CSV file with a header row into a Table, with csv-parse (quoting, BOM, CRLF and
// multi-line fields handled there). Cells are checked as numbers only when a column is used.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { CliError, fsReason } from "./errors.js";
import { Table } from "./table.js";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (no hex, no Infinity/NaN, no empty cell), or null. */
export function parseNumber(cell: string): number | null {
  const s = cell.trim();
  return NUMBER.test(s) ? Number(s) : null;
}

export interface CsvOptions {
  delimiter?: string;
}

/** Reads `path` (shown as `display` in messages). */
export function readCsv(path: string, display: string, options: CsvOptions = {}): Table {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(fsReason(err, display));
  }
  return parseCsv(text, display, options);
}

export function parseCsv(text: string, display: string, options: CsvOptions = {}): Table {
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new CliError(`${display} is empty`);
  const delimiter = options.delimiter ?? (/\.tsv$/i.test(display) ? "\t" : ",");
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { bom: true, delimiter, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
  } catch (err) {
    throw new CliError(`${display}: ${(err as Error).message}`);
  }
  const [header, ...body] = parsed;
  const names = header.record;
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== "" && seen.has(name)) throw new CliError(`${display}: column name "${name}" appears twice in the header`);
    seen.add(name);
  }
  if (body.length === 0) {
    throw new CliError(`${display} has a header row but no data rows`);
  }
  if (names.length === 1 && delimiter === "," && /[;\t|]/.test(names[0])) {
    // one column whose name contains another separator: almost surely the wrong delimiter
    const guess = names[0].includes(";") ? ";" : names[0].includes("\t") ? "\\t" : "|";
    throw new CliError(`${display} has a single column "${names[0]}": is it separated by "${guess}"? Pass --delimiter "${guess}"`);
  }
  const index = new Map(names.map((n, j) => [n, j]));
  const col = (name: string): number => {
    const j = index.get(name);
    if (j === undefined) throw new CliError(`no column "${name}" in ${display}`);
    return j;
  };
  return {
    source: display,
    names,
    rows: body.length,
    isText(name) {
      const j = col(name);
      return body.every((r) => parseNumber(r.record[j]) === null);
    },
    numeric(name) {
      const j = col(name);
      const out = new Float64Array(body.length);
      body.forEach((r, i) => {
        const cell = r.record[j];
        const v = parseNumber(cell);
        if (v === null || !Number.isFinite(v)) {
          const what = cell === "" ? "is empty (l1l2 does not impute missing values)" : `has "${cell}", which is not a ${v === null ? "" : "finite "}number`;
          throw new CliError(`${display}, row ${i + 1} (line ${r.info.lines}), column "${name}" ${what}`);
        }
        out[i] = v;
      });
      return out;
    },
  };
}
