// The README's first command (`npm start`): fit the bundled diabetes data (Efron et al. 2004,
// 442 patients × 10 baseline variables) with each model and print the coefficients side by side.
import { readFileSync } from "node:fs";
import { initSync, Lasso, ElasticNet, Ridge, LinearRegression, l1l2 } from "../src/index.js";

const dir = new URL("../data/diabetes/", import.meta.url);
const meta = JSON.parse(readFileSync(new URL("meta.json", dir), "utf8"));
const f64 = (name: string) => new Float64Array(new Uint8Array(readFileSync(new URL(name, dir))).buffer);
const X = { data: f64("X.f64"), rows: meta.n as number, cols: meta.p as number };
const y = f64("y.f64");

initSync();
const models = {
  "OLS": new LinearRegression(),
  "Lasso α=0.1": new Lasso({ alpha: 0.1 }),
  "ENet α=0.01 ρ=.5": new ElasticNet({ alpha: 0.01, l1Ratio: 0.5 }),
  "Ridge α=1": new Ridge({ alpha: 1 }),
  "l1l2(.2,.001)": new LinearRegression({ penalty: l1l2({ l1: 0.2, l2: 0.001 }) }),
};
for (const m of Object.values(models)) m.fit(X, y);

const names = Object.keys(models);
const fitted = Object.values(models);
const w = 17;
const cell = (s: string) => s.padStart(w);
const num = (v: number) => cell(v === 0 ? "0 (dropped)" : v.toFixed(3));
console.log(`diabetes: n = ${meta.n}, p = ${meta.p}, target: ${meta.target_name}\n`);
console.log("feature".padEnd(10) + names.map(cell).join(""));
console.log("-".repeat(10 + w * names.length));
console.log("intercept".padEnd(10) + fitted.map((m) => num(m.intercept)).join(""));
meta.feature_names.forEach((f: string, j: number) =>
  console.log(f.padEnd(10) + fitted.map((m) => num(m.coef[j])).join("")));
console.log("-".repeat(10 + w * names.length));
console.log("R²".padEnd(10) + fitted.map((m) => cell(m.score(X, y).toFixed(4))).join(""));
console.log("nonzeros".padEnd(10) + fitted.map((m) => cell(String(m.coef.filter((v) => v !== 0).length))).join(""));
console.log("converged".padEnd(10) + fitted.map((m) => cell(`${m.converged} (${m.nIter})`)).join(""));
console.log("\nObjective: (1/2n)·Σ(yᵢ − xᵢβ − b)² + l1·‖β‖₁ + l2·‖β‖₂²; the sklearn-named models take sklearn's parameters.");
