// The printed report of a fit: a coefficient table (zeros marked as dropped) and key: value lines.

/** Six significant digits, plain notation where it stays short. */
export function num(v: number, digits = 6): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e9) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1).replace(/\.?0+e/, "e");
}

/** Right-aligns numbers on their decimal point. */
function alignDecimals(cells: string[]): string[] {
  const parts = cells.map((c) => {
    const i = c.search(/[.e]/);
    return i < 0 ? [c, ""] : [c.slice(0, i), c.slice(i)];
  });
  const left = Math.max(...parts.map((p) => p[0].length));
  const right = Math.max(...parts.map((p) => p[1].length));
  return parts.map(([l, r]) => l.padStart(left) + r.padEnd(right));
}

export function coefficientTable(features: string[], coef: ArrayLike<number>, intercept: number): string {
  const names = ["(intercept)", ...features];
  const values = [intercept, ...Array.from(coef)];
  const cells = alignDecimals(values.map((v) => num(v)));
  const nameWidth = Math.max(11, ...names.map((n) => n.length));
  const valueWidth = Math.max("coefficient".length, ...cells.map((c) => c.length));
  const rule = `${"─".repeat(nameWidth)}  ${"─".repeat(valueWidth)}`;
  const lines = [`${"feature".padEnd(nameWidth)}  ${"coefficient".padStart(valueWidth)}`, rule];
  names.forEach((n, k) => {
    const dropped = k > 0 && values[k] === 0 ? "  dropped" : "";
    lines.push(`${n.padEnd(nameWidth)}  ${cells[k].padStart(valueWidth)}${dropped}`.trimEnd());
  });
  lines.push(rule);
  return lines.join("\n") + "\n";
}

/** "key   value" lines with the keys padded to one width. */
export function keyValues(rows: [string, string][], width = 10): string {
  const w = Math.max(width, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}
