import { describe, it, expect, beforeAll, vi } from "vitest";
import { rng } from "./helpers/kkt.js";
import { L1L2Error } from "../src/errors.js";
import {
  l1, l2, l1l2, none, isRegularizer, regularizerFromJSON, type Regularizer, type Vec,
} from "../src/regularizers.js";
import { initSync, memoryStats } from "../src/wasm.js";

// A switch that hides the WASM instance from regularizers.ts (forcing its JS path) and a counter
// of kernel look-ups, so the same large input can be run through both paths and compared.
const gate = vi.hoisted(() => ({ forceJS: false, kernelCalls: 0 }));
vi.mock("../src/wasm.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/wasm.js")>();
  return {
    ...real,
    isInitialized: () => !gate.forceJS && real.isInitialized(),
    kernels: () => { gate.kernelCalls++; return real.kernels(); },
  };
});

/** A seeded uniform generator (the tests' shared PRNG). */
const mulberry32 = (seed: number): (() => number) => rng(seed).uniform;

function thrown(fn: () => unknown): L1L2Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(L1L2Error);
    return e as L1L2Error;
  }
  throw new Error("expected an L1L2Error, nothing was thrown");
}

/** -1 when a and b hold the same numbers bit for bit (NaN = NaN, 0 ≠ -0), else the first index that differs. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Checks 0 ∈ v − w + step·∂P(v) componentwise, P = l1·Σf|v| + l2·Σf v², to tol·max(1, |w|). */
function expectProxOptimal(w: ArrayLike<number>, v: ArrayLike<number>, step: number,
  a: number, b: number, f: ArrayLike<number> | undefined, tol: number): void {
  let worst = 0, at = -1;
  for (let i = 0; i < w.length; i++) {
    const fi = f ? f[i] : 1, smooth = v[i] - w[i] + step * 2 * b * fi * v[i];
    // at v = 0 the subdifferential of |·| is [-1, 1]; elsewhere it is sign(v), which must be sign(w)
    const violation = v[i] === 0
      ? Math.max(0, Math.abs(smooth) - step * a * fi)
      : Math.sign(v[i]) !== Math.sign(w[i]) ? Infinity : Math.abs(smooth + step * a * fi * Math.sign(v[i]));
    const scaled = violation / Math.max(1, Math.abs(w[i]));
    if (scaled > worst) { worst = scaled; at = i; }
  }
  expect(worst, `worst violation at index ${at}: w=${w[at]}, v=${v[at]}`).toBeLessThanOrEqual(tol);
}

describe("constructors", () => {
  it("set l1, l2 and derive kind from which weights are positive", () => {
    const cases: [Regularizer, string, number, number][] = [
      [l1(0.5), "l1", 0.5, 0],
      [l2(0.25), "l2", 0, 0.25],
      [l1l2({ l1: 0.5, l2: 0.25 }), "l1l2", 0.5, 0.25],
      [l1l2({ l1: 0.5, l2: 0 }), "l1", 0.5, 0],
      [l1l2({ l1: 0, l2: 0.25 }), "l2", 0, 0.25],
      [l1l2({ l1: 0, l2: 0 }), "none", 0, 0],
      [l1(0), "none", 0, 0],
      [none(), "none", 0, 0],
    ];
    for (const [r, kind, a, b] of cases) {
      expect([r.kind, r.l1, r.l2, r.factors]).toEqual([kind, a, b, undefined]);
      expect(isRegularizer(r)).toBe(true);
    }
  });

  it("are frozen", () => {
    const r = l1l2({ l1: 1, l2: 2 });
    expect(Object.isFrozen(r)).toBe(true);
    expect(() => { (r as { l1: number }).l1 = 5; }).toThrow(TypeError);
    expect(r.l1).toBe(1);
  });

  it("copy factors in and hand out copies", () => {
    const src = [1, 0, 2];
    const r = l1(1, { factors: src });
    src[0] = 99;
    expect(r.factors).toBeInstanceOf(Float64Array);
    expect(Array.from(r.factors!)).toEqual([1, 0, 2]);
    r.factors![1] = 99;
    expect(Array.from(r.factors!)).toEqual([1, 0, 2]);
    expect(l2(1, { factors: new Float32Array([0.5, 3]) }).factors).toEqual(new Float64Array([0.5, 3]));
  });

  it("isRegularizer rejects look-alikes and JSON", () => {
    const fake = { ...l1(1), kind: "l1", l1: 1, l2: 0, value: () => 0, gradient: () => [], prox: () => [] };
    for (const x of [fake, l1(1).toJSON(), null, undefined, 1, "l1"]) expect(isRegularizer(x)).toBe(false);
  });
});

describe("value", () => {
  const w = [1, -2, 0, 3];

  it("is l1·Σ|w| + l2·Σw² (no ½ on the l2 term)", () => {
    expect(l1l2({ l1: 0.5, l2: 0.25 }).value(w)).toBe(0.5 * 6 + 0.25 * 14); // 6.5
    expect(l1(2).value([1, -3])).toBe(8);
    expect(l2(2).value([1, -3])).toBe(20);
    expect(none().value(w)).toBe(0);
    expect(l1(1).value([])).toBe(0);
  });

  it("weights each term by its factor", () => {
    // Σf|w| = 1 + 0 + 0 + 3 = 4, Σfw² = 1 + 0 + 0 + 9 = 10
    expect(l1l2({ l1: 0.5, l2: 0.25, factors: [1, 0, 2, 1] }).value(w)).toBe(4.5);
  });

  it("gives the same number for every array type", () => {
    const r = l1l2({ l1: 0.5, l2: 0.25 });
    expect(r.value(new Float64Array(w))).toBe(6.5);
    expect(r.value(new Float32Array(w))).toBe(6.5);
    expect(l1(1).value(new Float32Array([0.1]))).toBe(Math.fround(0.1)); // widened, not re-rounded
  });
});

describe("gradient", () => {
  it("is l1·f·sign(w) + 2·l2·f·w with sign(0) = 0", () => {
    const w = [1, -2, 0, 3];
    expect(l1l2({ l1: 0.5, l2: 0.25 }).gradient(w)).toEqual([1, -1.5, 0, 2]);
    expect(l1l2({ l1: 0.5, l2: 0.25, factors: [1, 0, 2, 1] }).gradient(w)).toEqual([1, 0, 0, 2]);
    expect(Array.from(l1(3).gradient(new Float64Array([0, -0, 2])))).toEqual([0, 0, 3]);
    expect(Object.is(l1(3).gradient([-0])[0], 0)).toBe(true);
    expect(none().gradient([1, -2])).toEqual([0, 0]);
  });

  it("matches central differences of value away from 0", () => {
    const rnd = mulberry32(11);
    const w = Float64Array.from({ length: 30 }, () => (rnd() - 0.5) * 4);
    const f = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? 0 : rnd() * 2));
    const r = l1l2({ l1: 0.7, l2: 0.3, factors: f });
    const g = r.gradient(w), h = 1e-6;
    for (let i = 0; i < w.length; i++) {
      if (Math.abs(w[i]) < 1e-3) continue;
      const up = w.slice(), down = w.slice();
      up[i] += h; down[i] -= h;
      expect(g[i]).toBeCloseTo((r.value(up) - r.value(down)) / (2 * h), 6);
    }
  });

  it("returns w's array type, or writes into out", () => {
    const r = l2(0.5);
    expect(r.gradient(new Float32Array([1, 2]))).toEqual(new Float32Array([1, 2]));
    expect(r.gradient(new Float64Array([1, 2]))).toEqual(new Float64Array([1, 2]));
    expect(Array.isArray(r.gradient([1, 2]))).toBe(true);
    const out = new Float32Array(2);
    expect(r.gradient([3, 4], out)).toBe(out);
    expect(out).toEqual(new Float32Array([3, 4]));
    const w = new Float64Array([3, -4]);
    expect(l1l2({ l1: 1, l2: 0.5 }).gradient(w, w)).toBe(w);
    expect(w).toEqual(new Float64Array([4, -5]));
  });
});

describe("prox", () => {
  it("is the closed form sign(w)·max(|w| − step·l1, 0)/(1 + 2·step·l2)", () => {
    // t = step·l1 = 0.2, 1 + 2·step·l2 = 1.5
    const v = l1l2({ l1: 0.4, l2: 0.5 }).prox([1, -2, 0.1, 3, -0.3], 0.5);
    const expected = [0.8 / 1.5, -1.2, 0, 2.8 / 1.5, -0.1 / 1.5];
    for (let i = 0; i < v.length; i++) expect(v[i]).toBeCloseTo(expected[i], 14);
  });

  it("soft-thresholds for l1 and shrinks for l2", () => {
    expect(l1(0.5).prox([1, -2, 0.25, 3], 1)).toEqual([0.5, -1.5, 0, 2.5]);
    expect(l2(1).prox([2, -4, 0], 0.5)).toEqual([1, -2, 0]);
    expect(none().prox([2, -4], 10)).toEqual([2, -4]);
    expect(l1l2({ l1: 3, l2: 3 }).prox([2, -4], 0)).toEqual([2, -4]);
  });

  it("gives exact zeros when |w| ≤ step·l1·f, boundary included", () => {
    const r = l1l2({ l1: 0.5, l2: 2, factors: [1, 1, 1, 2, 2, 0] });
    const v = r.prox(new Float64Array([0.25, -0.25, 0.1, 0.5, -0.49, 1e-300]), 0.5);
    expect(Array.from(v.subarray(0, 5)).every((x) => x === 0)).toBe(true);
    expect(v[5]).toBe(1e-300); // factor 0: untouched
    const z = l1(1).prox(new Float32Array([0.3, -1, 1e-30]), 1);
    expect(Array.from(z).every((x) => x === 0)).toBe(true);
  });

  it("leaves unpenalized (factor 0) weights alone and scales the rest", () => {
    // t·f = [0, 0.25, 0.5], 1 + 2·s·f = [1, 2, 3]
    const v = l1l2({ l1: 0.25, l2: 0.5, factors: [0, 1, 2] }).prox([0.75, 0.75, -0.75], 1);
    expect(v).toEqual([0.75, 0.25, -0.25 / 3]);
    expect(l1(100, { factors: [0, 1] }).prox([-7.5, 7.5], 1)).toEqual([-7.5, 0]);
  });

  it("satisfies 0 ∈ v − w + step·∂P(v) on random problems", () => {
    const rnd = mulberry32(2024);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rnd() * 40);
      const w = Float64Array.from({ length: n }, () => (rnd() - 0.5) * 10 ** (rnd() * 4 - 2));
      const a = rnd() < 0.2 ? 0 : rnd() * 3, b = rnd() < 0.2 ? 0 : rnd() * 3, step = rnd() * 2;
      const f = rnd() < 0.5 ? undefined : Array.from({ length: n }, () => (rnd() < 0.3 ? 0 : rnd() * 3));
      const v = l1l2({ l1: a, l2: b, factors: f }).prox(w, step);
      expectProxOptimal(w, v, step, a, b, f, 1e-12);
    }
  });

  it("keeps Float32Array in and out, rounding the float64 answer", () => {
    const r = l1l2({ l1: 0.3, l2: 0.2 });
    const w32 = new Float32Array([1.7, -0.1, -2.9, 0.31, 5]);
    const v32 = r.prox(w32, 0.5);
    expect(v32).toBeInstanceOf(Float32Array);
    const v64 = r.prox(Float64Array.from(w32), 0.5);
    for (let i = 0; i < v32.length; i++) expect(v32[i]).toBeCloseTo(v64[i], 5);
    expect(v32[1] === 0).toBe(true); // -0: the kernels keep the sign bit
    // f32 weights into a float64 out: the same float32 numbers, no extra precision invented
    const out = new Float64Array(5);
    expect(r.prox(w32, 0.5, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(v32));
    // f64 weights into a float32 out: the float64 answer rounded once
    const o32 = r.prox(Float64Array.from(w32), 0.5, new Float32Array(5));
    expect(Array.from(o32)).toEqual(Array.from(v64, Math.fround));
  });

  it("works in place (out === w) for every array type, and never touches w otherwise", () => {
    const r = l1l2({ l1: 0.3, l2: 0.2, factors: [1, 2, 0, 1] });
    for (const make of [(x: number[]) => new Float64Array(x), (x: number[]) => new Float32Array(x), (x: number[]) => x.slice()]) {
      const w = make([1, -0.5, 2, -3]) as Vec;
      const copy = Array.from(w);
      const fresh = r.prox(w, 0.7);
      expect(Array.from(w)).toEqual(copy);
      expect(fresh).not.toBe(w);
      expect(fresh.constructor).toBe(w.constructor);
      expect(r.prox(w, 0.7, w)).toBe(w);
      expect(Array.from(w)).toEqual(Array.from(fresh));
    }
  });
});

describe("validation", () => {
  it("rejects λ that is negative, NaN, infinite or not a number", () => {
    for (const bad of [-1, -1e-300, NaN, Infinity, -Infinity, "1", null, undefined, {}]) {
      for (const make of [(x: unknown) => l1(x as number), (x: unknown) => l2(x as number),
        (x: unknown) => l1l2({ l1: x as number, l2: 0 }), (x: unknown) => l1l2({ l1: 0, l2: x as number })]) {
        const e = thrown(() => make(bad));
        expect(e.code).toBe("INVALID_PARAMETER");
        expect(e.message).toMatch(/l[12].*must be a finite number ≥ 0/);
      }
    }
    expect(thrown(() => l1l2({ l1: 0.1 } as never)).message).toMatch(/^l2 must be/);
    expect(thrown(() => l1l2(null as never)).code).toBe("INVALID_PARAMETER");
    expect(thrown(() => l1(1, 5 as never)).code).toBe("INVALID_PARAMETER");
  });

  it("rejects bad factors, naming the offending entry", () => {
    for (const [bad, where] of [[[1, -1], /factors\[1\]/], [[NaN], /factors\[0\]/], [[1, 1, Infinity], /factors\[2\]/],
      [[1, "2"], /factors\[1\]/], ["12", /factors must be an array/], [5, /factors must be an array/],
      [null, /factors must be an array/], [{ length: 1.5 }, /factors must be an array/]] as const) {
      const e = thrown(() => l1(1, { factors: bad as never }));
      expect(e.code).toBe("INVALID_PARAMETER");
      expect(e.message).toMatch(where);
    }
  });

  it("rejects lengths that disagree with the factors or with out", () => {
    const r = l1l2({ l1: 1, l2: 1, factors: [1, 1, 1] });
    const w = [1, 2, 3, 4];
    for (const fn of [() => r.value(w), () => r.gradient(w), () => r.prox(w, 1)]) {
      const e = thrown(fn);
      expect(e.code).toBe("SHAPE_MISMATCH");
      expect(e.message).toMatch(/length 4.*3 penalty factors/);
    }
    for (const fn of [() => l1(1).prox(w, 1, new Float64Array(3)), () => l1(1).gradient(w, [0])]) {
      const e = thrown(fn);
      expect(e.code).toBe("SHAPE_MISMATCH");
      expect(e.message).toMatch(/out has length/);
    }
  });

  it("rejects weights that are not a Vec, and bad steps or scales", () => {
    for (const w of ["abc", new Int32Array(3), { length: 2, 0: 1, 1: 2 }, null, 3]) {
      expect(thrown(() => l1(1).value(w as never)).code).toBe("INVALID_INPUT");
      expect(thrown(() => l1(1).prox(w as never, 1)).code).toBe("INVALID_INPUT");
    }
    expect(thrown(() => l1(1).prox([1], 1, "out" as never)).code).toBe("INVALID_INPUT");
    for (const step of [-0.1, NaN, Infinity, "1"]) {
      const e = thrown(() => l1(1).prox([1], step as never));
      expect([e.code, e.message]).toEqual(["INVALID_PARAMETER", `step must be a finite number ≥ 0, got ${typeof step === "string" ? '"1"' : step}`]);
    }
    for (const s of [-1, NaN, Infinity]) expect(thrown(() => l1(1).scaled(s)).code).toBe("INVALID_PARAMETER");
    expect(thrown(() => l1(1e300).scaled(1e300)).message).toMatch(/l1 × scale factor must be a finite number/);
  });
});

describe("scaled", () => {
  it("multiplies both weights, keeps the factors, and leaves the original alone", () => {
    const r = l1l2({ l1: 1, l2: 2, factors: [1, 0] });
    const s = r.scaled(0.5);
    expect([s.kind, s.l1, s.l2, Array.from(s.factors!)]).toEqual(["l1l2", 0.5, 1, [1, 0]]);
    expect(s.value([2, 2])).toBe(r.value([2, 2]) / 2);
    expect([r.l1, r.l2]).toEqual([1, 2]);
    expect(r.scaled(0).kind).toBe("none");
    expect(isRegularizer(s)).toBe(true);
  });
});

describe("JSON", () => {
  it("round-trips through JSON.stringify / JSON.parse", () => {
    for (const r of [none(), l1(0.5), l2(3), l1l2({ l1: 0.1, l2: 1e-7 }), l1l2({ l1: 1, l2: 2, factors: [0, 1.5, 2] })]) {
      const json = JSON.parse(JSON.stringify(r));
      expect(json).toEqual(r.toJSON());
      expect(json.type).toBe("l1l2");
      const back = regularizerFromJSON(json);
      expect(isRegularizer(back)).toBe(true);
      expect([back.kind, back.l1, back.l2, back.factors]).toEqual([r.kind, r.l1, r.l2, r.factors]);
      expect(back.prox([3, -0.2, 1], 0.3)).toEqual(r.prox([3, -0.2, 1], 0.3));
    }
    expect("factors" in l1(1).toJSON()).toBe(false);
    expect(l1(1, { factors: [2] }).toJSON()).toEqual({ type: "l1l2", l1: 1, l2: 0, factors: [2] });
    expect(regularizerFromJSON(Object.assign(Object.create(null), { type: "l1l2", l1: 1, l2: 0 })).l1).toBe(1);
  });

  it("rejects anything that is not exactly a saved regularizer", () => {
    const getter = { type: "l1l2", l2: 0, get l1() { return 1; } };
    const inherited = Object.assign(Object.create({ type: "l1l2" }), { l1: 1, l2: 0 });
    const bad: [unknown, RegExp][] = [
      [null, /expected an object/], [undefined, /expected an object/], [42, /expected an object/],
      ['{"type":"l1l2","l1":1,"l2":0}', /JSON\.parse/], [[1, 2], /expected an object/],
      [{}, /type must be "l1l2"/], [{ type: "l1", l1: 1, l2: 0 }, /type must be "l1l2"/],
      [{ type: "l1l2", l2: 0 }, /missing field "l1"/], [{ type: "l1l2", l1: 1 }, /missing field "l2"/],
      [{ type: "l1l2", l1: -1, l2: 0 }, /l1 must be a finite number ≥ 0, got -1/],
      [{ type: "l1l2", l1: "0.1", l2: 0 }, /l1 must be .* got "0.1"/],
      [{ type: "l1l2", l1: 0, l2: NaN }, /l2 must be/], [{ type: "l1l2", l1: 0, l2: null }, /l2 must be/],
      [{ type: "l1l2", l1: 1, l2: 0, factors: [1, -1] }, /factors\[1\]/],
      [{ type: "l1l2", l1: 1, l2: 0, factors: [1, "2"] }, /factors\[1\]/],
      [{ type: "l1l2", l1: 1, l2: 0, factors: { 0: 1, length: 1 } }, /factors must be an array/],
      [{ type: "l1l2", l1: 1, l2: 0, factors: "1,2" }, /factors must be an array/],
      [{ type: "l1l2", l1: 1, l2: 0, kind: "l1" }, /unexpected field "kind"/],
      [JSON.parse('{"type":"l1l2","l1":1,"l2":0,"__proto__":{"polluted":true}}'), /unexpected field "__proto__"/],
      [JSON.parse('{"type":"l1l2","l1":1,"l2":0,"constructor":{"prototype":{"polluted":true}}}'), /unexpected field "constructor"/],
      [{ type: "l1l2", l1: 1, l2: 0, [Symbol("x")]: 1 }, /unexpected field/],
      [getter, /accessor/], [inherited, /plain object/], [new (class { type = "l1l2"; l1 = 1; l2 = 0; })(), /plain object/],
    ];
    for (const [json, message] of bad) {
      const e = thrown(() => regularizerFromJSON(json));
      expect(e.code).toBe("INVALID_JSON");
      expect(e.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("WASM path", () => {
  beforeAll(() => initSync());

  /** Runs fn on the JS path, then on the WASM path; returns both results and whether WASM ran. */
  function bothPaths<R>(fn: () => R): { js: R; wasm: R; usedWasm: boolean } {
    gate.forceJS = true;
    const before = gate.kernelCalls;
    let js: R;
    try { js = fn(); } finally { gate.forceJS = false; }
    expect(gate.kernelCalls).toBe(before); // the JS run really stayed in JS
    const wasm = fn();
    return { js, wasm, usedWasm: gate.kernelCalls > before };
  }

  function weights(n: number, seed: number, t: number, huge = true): number[] {
    const rnd = mulberry32(seed);
    // mostly random, plus the awkward values: ±0, exactly ±t, just past t, tiny and large
    const special = [0, -0, t, -t, t * (1 + 2 ** -52), -t * (1 - 2 ** -52), 1e-310, -1e-310, huge ? 1e300 : 7, -3e5];
    return Array.from({ length: n }, (_, i) => (i % 97 < special.length ? special[i % 97] : (rnd() - 0.5) * 4));
  }

  const regs = (n: number, seed: number) => {
    const rnd = mulberry32(seed);
    const f = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : rnd() * 2));
    return [l1(0.3), l2(0.7), l1l2({ l1: 0.3, l2: 0.7 }), l1l2({ l1: 0.3, l2: 0.7, factors: f }), l1(0.9, { factors: f })];
  };

  it("leaves short arrays in JS and sends long ones to WASM", () => {
    const r = l1(0.3), before = gate.kernelCalls;
    r.prox(new Float64Array(4095), 1);
    r.value(new Float64Array(4095));
    expect(gate.kernelCalls).toBe(before);
    r.prox(new Float64Array(4096), 1);
    expect(gate.kernelCalls).toBe(before + 1);
    r.value(new Float64Array(100_000));
    expect(gate.kernelCalls).toBe(before + 2);
  });

  it("gives bit-identical prox results to JS, for f64, f32 and number[] and odd lengths", () => {
    const baseline = memoryStats().inUse;
    for (const n of [4096, 65_537, 100_003]) {
      const step = 0.5, raw = weights(n, n, 0.3 * step);
      for (const [name, make] of [["f64", (x: number[]) => Float64Array.from(x)],
        ["f32", (x: number[]) => Float32Array.from(x)], ["number[]", (x: number[]) => x.slice()]] as const) {
        for (const r of regs(n, 5)) {
          const w = make(raw) as Vec;
          const { js, wasm, usedWasm } = bothPaths(() => r.prox(w, step));
          expect(usedWasm).toBe(true);
          expect(wasm.constructor).toBe(w.constructor);
          expect(firstDifference(wasm, js), `${name} n=${n} ${JSON.stringify(r.toJSON()).slice(0, 40)}`).toBe(-1);
        }
      }
    }
    expect(memoryStats().inUse).toBe(baseline); // every temporary buffer freed
  });

  it("gives bit-identical results in place and into an out of another type", () => {
    const n = 70_001;
    for (const r of regs(n, 9)) {
      const raw = weights(n, 3, 0.3);
      const inPlace = bothPaths(() => { const w = Float32Array.from(raw); r.prox(w, 1, w); return w; });
      expect(firstDifference(inPlace.wasm, inPlace.js)).toBe(-1);
      const w64 = Float64Array.from(raw);
      const cross = bothPaths(() => r.prox(w64, 1, new Float32Array(n)));
      expect(cross.usedWasm).toBe(true);
      expect(firstDifference(cross.wasm, cross.js)).toBe(-1);
      expect(Array.from(w64)).toEqual(raw); // w untouched
    }
  });

  it("gives bit-identical values to JS", () => {
    for (const n of [4097, 100_003]) {
      // nothing huge, or every summation order would round to the same sum
      const w = Float64Array.from(weights(n, 21, 0.5, false));
      for (const r of regs(n, 4)) {
        const { js, wasm } = bothPaths(() => r.value(w));
        expect(Object.is(js, wasm)).toBe(true);
        expect(Object.is(r.value(Array.from(w)), js)).toBe(true); // number[] sums like float64
      }
      const { usedWasm } = bothPaths(() => l1l2({ l1: 1, l2: 1 }).value(w));
      expect(usedWasm).toBe(true);
    }
  });

  it("satisfies the prox optimality condition on large arrays", () => {
    const rnd = mulberry32(77), n = 50_001;
    const w = Float64Array.from({ length: n }, () => (rnd() - 0.5) * 6);
    const f = Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : rnd() * 2));
    for (const [a, b, factors] of [[0.4, 0.3, undefined], [0.4, 0.3, f], [1.1, 0, undefined], [0, 2, f]] as const) {
      const v = l1l2({ l1: a, l2: b, factors }).prox(w, 0.8);
      expectProxOptimal(w, v, 0.8, a, b, factors, 1e-12);
    }
  });
});
