// A regularizer outside the linear models: the first layer of a small MLP trained by proximal
// minibatch SGD. Only 4 of the 20 inputs carry signal. After each gradient step on the data
// loss, `reg.prox(W1, lr, W1)` applies the penalty exactly, in place. L1's prox sets weights to
// exactly zero — every weight of the useless inputs, i.e. feature selection inside the network,
// and whole hidden units it does not need; L2's prox only scales weights down, never to zero.
//
// A weight stays at zero under proximal SGD while its minibatch gradient is below λ, so the
// batch grows during training (Smith et al., "Don't decay the learning rate, increase the
// batch size"): late steps are quiet enough for the zeros to settle.
//
//   npx tsx examples/neural-net.ts
import { l1l2, l2, none, type Regularizer } from "../src/regularizers.js";
import { initSync } from "../src/wasm.js";

// Not needed for 320 weights (short arrays stay in JS), but a wide layer would use the kernels.
initSync();

const INPUTS = 20, SIGNAL = 4, HIDDEN = 16;
const N_TRAIN = 2000, N_TEST = 2000, EPOCHS = 100, LR = 0.1;
const batchSize = (epoch: number) => Math.min(N_TRAIN, 32 << Math.floor(epoch / 15));

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gaussian = (rnd: () => number) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

/** Inputs x ~ N(0, I₂₀); y depends on x₀…x₃ only, plus noise. Rows are stored flat. */
function makeData(n: number, rnd: () => number): { X: Float64Array; y: Float64Array } {
  const X = new Float64Array(n * INPUTS), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = X.subarray(i * INPUTS, (i + 1) * INPUTS);
    for (let j = 0; j < INPUTS; j++) x[j] = gaussian(rnd);
    y[i] = 2 * Math.tanh(x[0] - x[1]) + Math.tanh(x[2] + 0.5 * x[3]) + 0.1 * gaussian(rnd);
  }
  return { X, y };
}

interface Net { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: number }

function forward(net: Net, x: Float64Array, h: Float64Array): number {
  let out = net.b2;
  for (let k = 0; k < HIDDEN; k++) {
    let z = net.b1[k];
    for (let j = 0; j < INPUTS; j++) z += net.W1[k * INPUTS + j] * x[j];
    h[k] = Math.tanh(z);
    out += net.W2[k] * h[k];
  }
  return out;
}

function mse(net: Net, X: Float64Array, y: Float64Array): number {
  const h = new Float64Array(HIDDEN);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (forward(net, X.subarray(i * INPUTS, (i + 1) * INPUTS), h) - y[i]) ** 2;
  return s / y.length;
}

/** Proximal SGD: gradient step on the mean squared error, then the prox of the penalty on W1. */
function train(reg: Regularizer, X: Float64Array, y: Float64Array): Net {
  const rnd = mulberry32(7); // same initial weights and batch order for every penalty
  const net: Net = {
    W1: Float64Array.from({ length: HIDDEN * INPUTS }, () => gaussian(rnd) / Math.sqrt(INPUTS)),
    b1: new Float64Array(HIDDEN),
    W2: Float64Array.from({ length: HIDDEN }, () => gaussian(rnd) / Math.sqrt(HIDDEN)),
    b2: 0,
  };
  const gW1 = new Float64Array(HIDDEN * INPUTS), gb1 = new Float64Array(HIDDEN), gW2 = new Float64Array(HIDDEN);
  const h = new Float64Array(HIDDEN), order = Array.from(y, (_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const size = batchSize(epoch);
    for (let start = 0; start < order.length; start += size) {
      const batch = order.slice(start, start + size);
      gW1.fill(0); gb1.fill(0); gW2.fill(0);
      let gb2 = 0;
      for (const i of batch) {
        const x = X.subarray(i * INPUTS, (i + 1) * INPUTS);
        const e = (2 / batch.length) * (forward(net, x, h) - y[i]); // d(mean squared error)/d(output)
        gb2 += e;
        for (let k = 0; k < HIDDEN; k++) {
          gW2[k] += e * h[k];
          const dz = e * net.W2[k] * (1 - h[k] * h[k]);
          gb1[k] += dz;
          for (let j = 0; j < INPUTS; j++) gW1[k * INPUTS + j] += dz * x[j];
        }
      }
      for (let k = 0; k < net.W1.length; k++) net.W1[k] -= LR * gW1[k];
      for (let k = 0; k < HIDDEN; k++) { net.b1[k] -= LR * gb1[k]; net.W2[k] -= LR * gW2[k]; }
      net.b2 -= LR * gb2;
      // The penalty enters here, and only here: an exact step on it, not a subgradient.
      reg.prox(net.W1, LR, net.W1);
    }
  }
  return net;
}

const data = mulberry32(2024);
const trainSet = makeData(N_TRAIN, data), testSet = makeData(N_TEST, data);
const variance = testSet.y.reduce((s, v) => s + v * v, 0) / N_TEST - (testSet.y.reduce((s, v) => s + v, 0) / N_TEST) ** 2;

const runs: [string, Regularizer][] = [
  ["none()", none()],
  ["l1l2({ l1: 0.01, l2: 0 })", l1l2({ l1: 0.01, l2: 0 })],
  ["l2(0.01)", l2(0.01)],
];
const NOISE = INPUTS - SIGNAL;
const col = (x: string | number, width: number) => String(x).padStart(width);
console.log(`${INPUTS} inputs (${SIGNAL} informative), ${HIDDEN} tanh units; test variance of y ${variance.toFixed(3)}\n`);
console.log("penalty on W1               W1 = 0  noise-input W1 = 0  inputs cut (noise, signal)  units used  ‖W1‖₁  ‖W1‖₂  test MSE");
for (const [name, reg] of runs) {
  const net = train(reg, trainSet.X, trainSet.y), W1 = net.W1;
  const w = (k: number, j: number) => W1[k * INPUTS + j];
  const hidden = [...Array(HIDDEN).keys()], inputs = [...Array(INPUTS).keys()];
  const cut = inputs.filter((j) => hidden.every((k) => w(k, j) === 0)); // input disconnected
  const noiseZeros = hidden.reduce((s, k) => s + inputs.filter((j) => j >= SIGNAL && w(k, j) === 0).length, 0);
  const used = hidden.filter((k) => inputs.some((j) => w(k, j) !== 0)).length;
  const zeros = W1.filter((v) => v === 0).length;
  const n1 = W1.reduce((s, v) => s + Math.abs(v), 0), n2 = Math.sqrt(W1.reduce((s, v) => s + v * v, 0));
  console.log(name.padEnd(26) + col(`${(100 * zeros / W1.length).toFixed(0)}%`, 7) +
    col(`${(100 * noiseZeros / (HIDDEN * NOISE)).toFixed(0)}%`, 20) +
    col(`${cut.filter((j) => j >= SIGNAL).length}/${NOISE}, ${cut.filter((j) => j < SIGNAL).length}/${SIGNAL}`, 28) +
    col(`${used}/${HIDDEN}`, 12) + col(n1.toFixed(2), 7) + col(n2.toFixed(2), 7) + col(mse(net, testSet.X, testSet.y).toFixed(4), 10));
}
