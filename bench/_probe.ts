import { createRequire } from "node:module";
import { loadDataset } from "./data.js";
const require = createRequire(import.meta.url);
const tf = require("@tensorflow/tfjs");
const sk = require("scikitjs/node");
sk.setBackend(tf);
for (const dir of ["../shared/datasets/diabetes", "bench/data/S3q", "bench/data/S1q"]) {
  const d = loadDataset(dir);
  const rows: number[][] = [];
  for (let i = 0; i < d.n; i++) rows.push(Array.from(d.X.subarray(i * d.p, (i + 1) * d.p)));
  const m = new sk.LassoRegression({ alpha: 0.1 });
  const t = performance.now();
  await m.fit(rows, Array.from(d.y));
  const ms = performance.now() - t;
  const coef = m.coef.arraySync();
  console.log(dir, ms.toFixed(0), "ms", coef.slice(0, 5), m.intercept, tf.getBackend());
}
