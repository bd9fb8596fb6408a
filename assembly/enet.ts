// Elastic-net coordinate descent on a design held in linear memory, in any storage layout
// (storage.ts: dense column-major or CSC), with the centring implicit.
//
// Problem, in the "sum" scale used by scikit-learn's cd_fast (n × the canonical objective):
//   P(β) = ½ Σᵢ wᵢ rᵢ² + Σⱼ αⱼ|βⱼ| + ½ Σⱼ κⱼ βⱼ²,   lo ≤ β ≤ hi,
//   r = ỹ − X̃β,   X̃ⱼ = Xⱼ − mⱼ (Xⱼ the stored column).
// Per-feature αⱼ, κⱼ carry λ, penalty factors and standardization, so one loop serves every
// model. Coordinates whose curvature (colsq + κ) is zero are left at zero.
//
// Results go to `out` (f64): [0] duality gap, [1] whether a naive round's first sweep
// settled (or, from naiveDualGap, a sweep from where the round ended would), [2] sweeps, [3] primal, [4] Σ wᵢ rᵢ², [5] Gram columns cached (covariance mode). In
// naive mode [0], [3] and [4] come from naiveDualGap, which the host calls between rounds of
// enetNaive.

import { dot, axpy, wxpy, sum, zero, wssd } from "./simd";
import { addWeights, Dense } from "./storage";
import { cholExtend, cholSolve, ridgeGramDense, ridgeGramSparse } from "./ridge";
import { xtwv, centredDots } from "./columns";
import { tile } from "./scratch";

const GAP = 0, SETTLED = 1, SWEEPS = 2, PRIMAL = 3, RSS = 4, USED = 5;

// Largest |Δβⱼ| and |βⱼ| of the last sweep (sklearn's d_w_max / w_max).
let dMax: f64 = 0;
let wMax: f64 = 0;
// Largest Δβⱼ²·‖X̃ⱼ‖²_w of the last sweep: how far it moved the fitted values.
let fitMove: f64 = 0;

/**
 * Moves of the fitted values below this, relative to ‖ỹ‖, are rounding: at λ_max the one
 * nonzero is ±1e-16 and every sweep moves it by as much, so dMax ≤ tol·wMax never holds.
 */
const FIT_NOISE = 1e-13;

/** Resets the sweep statistics (dMax, wMax, fitMove, flipped) for a sweep about to start. */
// @ts-ignore: decorator
@inline function startSweep(): void { dMax = 0; wMax = 0; fitMove = 0; flipped = false; }

/** Adds coordinate βⱼ: old → b (column spread² cj) to the sweep statistics. */
// @ts-ignore: decorator
@inline function record(old: f64, b: f64, cj: f64): void {
  if (b != old) {
    const d = b - old;
    dMax = max(dMax, abs(d));
    fitMove = max(fitMove, d * d * cj);
    flipped = flipped || signChanged(old, b);
  }
  wMax = max(wMax, abs(b));
}

/** The last sweep settled: small changes relative to max |β| (scikit-learn's test), or rounding. */
// @ts-ignore: decorator
@inline function settled(tol: f64, ytwy: f64): bool {
  return dMax <= tol * wMax || fitMove <= FIT_NOISE * FIT_NOISE * ytwy;
}
// Whether the last sweep changed the sign (or zero-ness) of any coefficient: a sweep of every
// feature that could move (a full one, or a naive round's candidates) that changed none has,
// most likely, found the support and its signs.
let flipped = false;
// Σᵢ ρᵢ of the naive residual, kept current so that X̃ⱼᵀρ = Xⱼᵀρ − mⱼ Σρ.
let rhoSum: f64 = 0;
// The naive residual ρ = w∘r is held as rho + shift·w: a move of βⱼ updates rho on the stored
// entries of Xⱼ only and adds its −mⱼ part to shift, so that a sparse column costs O(its
// nonzeros), not O(n). flush() folds shift into rho before anything reads rho whole.
let shift: f64 = 0;

// @ts-ignore: decorator
@inline function at(p: usize, j: i32): f64 { return load<f64>(p + (<usize>j << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, j: i32, v: f64): void { store<f64>(p + (<usize>j << 3), v); }

/** Soft-threshold, scale and clip: the exact minimiser over one coordinate. */
// @ts-ignore: decorator
@inline function coordinate(z: f64, a: f64, denom: f64, lo: f64, hi: f64): f64 {
  const v = z > a ? (z - a) / denom : z < -a ? (z + a) / denom : 0.0;
  return min(max(v, lo), hi);
}

/**
 * Whether a feature's ridge term is large enough for its conjugate (of size z²/2κ) to be used:
 * a vanishing κ would make that conjugate overflow, and the feature is treated as pure L1
 * (whose conjugate at a rescaled, feasible point is exactly 0 for any κ ≥ 0).
 */
// (src/ridge-certificate.ts applies the same rule)
// @ts-ignore: decorator
@inline function ridgeDual(k: f64, colsq: f64): bool { return k > 1e-12 * colsq && k > 0; }

/**
 * Whether an L1 weight is large enough to constrain the dual point. The rescaled dual point
 * moves by the rounding of gⱼ (~1e-16·‖x̃ⱼ‖·‖r‖) relative to αⱼ, so a weight far below that
 * scale would leave the gap stuck above tol though β is optimal; such a feature is measured by
 * its remaining coordinate-step decrease instead.
 */
// @ts-ignore: decorator
@inline function penalizedDual(a: f64, colsq: f64, rty: f64): bool { return a > 1e-4 * Math.sqrt(colsq * abs(rty)); }

/**
 * Duality gap at β from the gradient g = X̃ᵀ(w∘r), rty = rᵀWỹ and rss = ‖r‖²_W (or −1 to
 * derive it). The dual point is s·r, with s ≤ 1 the largest scale that keeps the pure-L1
 * features dual-feasible (scikit-learn's rescaling); features with a ridge term enter through
 * their exact Fenchel conjugate, which is finite everywhere, so they need no rescaling.
 * Unpenalized features (α = κ = 0, or α negligible, see penalizedDual) have no usable
 * conjugate, so the dual point is feasible only at their optimum (X̃ⱼᵀr = 0); each adds the
 * decrease that one exact coordinate step would still make, and callers stop on
 * |gap| ≤ tol: a clearly negative gap means that infeasibility, not convergence.
 * Only included features count (the caller checks the screened-out ones). Also stores the
 * primal value and ‖r‖²_W (the host computes the KKT violation in its own units).
 */
function dualGap(g: usize, p: i32, coef: usize, alpha: usize, kappa: usize, lo: usize, hi: usize,
                 colsq: usize, include: usize, rty: f64, rss: f64, out: usize): f64 {
  let pen = 0.0, bg = 0.0, scale = 1.0;
  for (let j = 0; j < p; j++) {
    const b = at(coef, j), a = at(alpha, j), k = at(kappa, j), gj = at(g, j);
    if (b != 0) pen += a * abs(b) + 0.5 * k * b * b; // (an infinite penalty times 0 is 0)
    bg += b * gj;
    if (load<u8>(include + <usize>j) == 0) continue;
    const lj = at(lo, j), hj = at(hi, j);
    if (!ridgeDual(k, at(colsq, j)) && penalizedDual(a, at(colsq, j), rty)) {
      // only the directions the box leaves open constrain the dual point
      const d = lj >= 0 ? max(gj, 0.0) : hj <= 0 ? max(-gj, 0.0) : abs(gj);
      if (d * scale > a) scale = a / d;
    }
  }
  // ‖r‖²_W from the residual itself when the caller has it: rᵀWỹ − βᵀg cancels badly when β
  // is large (p > n, small penalties)
  const r2 = rss >= 0 ? rss : max(rty - bg, 0.0);
  let rest = 0.0;
  for (let j = 0; j < p; j++) {
    if (load<u8>(include + <usize>j) == 0) continue;
    const a = at(alpha, j), k = at(kappa, j), lj = at(lo, j), hj = at(hi, j);
    if (ridgeDual(k, at(colsq, j))) {
      const z = scale * at(g, j);
      const bs = coordinate(z, a, k, lj, hj);
      if (bs != 0) rest += z * bs - a * abs(bs) - 0.5 * k * bs * bs;
    } else if (!penalizedDual(a, at(colsq, j), rty)) {
      // the decrease one exact coordinate step would still make (0 at the optimum)
      const c = at(colsq, j);
      if (c > 0) {
        const b = at(coef, j), gj = at(g, j);
        const bn = coordinate(gj + c * b, a, c, lj, hj), d = bn - b;
        rest += gj * d - 0.5 * c * d * d - a * (abs(bn) - abs(b));
      }
    }
  }
  const gap = 0.5 * r2 + pen - scale * rty + 0.5 * scale * scale * r2 + rest;
  put(out, PRIMAL, 0.5 * r2 + pen);
  put(out, RSS, r2);
  return gap;
}

// ---------------------------------------------------------------- naive (residual) updates

function sweepNaive<S>(X: S, n: i32, w: usize, m: usize, q: usize, rho: usize, coef: usize,
                    alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                    idx: usize, count: i32, few: bool): void {
  startSweep();
  // A sweep that moves few coordinates (a first one from a cold or warm start, a round's
  // candidates: most stay at zero) takes the dots of four columns at once, ρ read once for the
  // four (storage.ts columnDots); after a move ρ has changed, and the group's later columns
  // take theirs again from ρ as it is. The same steps in the same order as one at a time; long
  // dense columns only, where the shared reads pay (S1's first sweep read X at half the speed
  // of a gap check's pass).
  const blocked = few && X.sharesDots(n);
  let moved = false, k = 4;
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2));
    if (blocked && k == 4 && t + 4 <= count) {
      const l = idx + (<usize>t << 2);
      X.columnDots(n, j, load<i32>(l, 4), load<i32>(l, 8), load<i32>(l, 12), rho, tile);
      k = 0;
      moved = false;
    }
    const cj = at(colsq, j), denom = cj + at(kappa, j);
    if (denom <= 0) { if (k < 4) k++; continue; }
    const mj = at(m, j), old = at(coef, j);
    const raw = k < 4 && !moved ? at(tile, k) : X.dot(n, j, rho);
    if (k < 4) k++;
    const z = raw + shift * (at(q, j) + <f64>n * mj) - mj * rhoSum + cj * old;
    const b = coordinate(z, at(alpha, j), denom, at(lo, j), at(hi, j));
    if (b != old) {
      move<S>(X, n, j, b - old, mj, at(q, j), w, rho);
      put(coef, j, b);
      moved = true;
    }
    record(old, b, cj);
  }
}

// @ts-ignore: decorator
@inline function signChanged(a: f64, b: f64): bool { return (a > 0) != (b > 0) || (a < 0) != (b < 0); }

/** X̃ⱼᵀρ for the held residual ρ = rho + shift·w (Σᵢ wᵢxᵢⱼ = qⱼ + n·mⱼ). */
// @ts-ignore: decorator
@inline function gradient<S>(X: S, n: i32, j: i32, mj: f64, qj: f64, w: usize, rho: usize): f64 {
  return X.dot(n, j, rho) + shift * (qj + <f64>n * mj) - mj * rhoSum;
}

/** ρ −= d·w∘X̃ⱼ on the held residual: the stored entries now, the shift −mⱼ later (flush). */
// @ts-ignore: decorator
@inline function move<S>(X: S, n: i32, j: i32, d: f64, mj: f64, qj: f64, w: usize, rho: usize): void {
  X.wxpy(n, j, -d, w, 0.0, rho);
  shift += d * mj;
  rhoSum -= d * qj;
}

/** Folds the held shift into rho, which is then ρ itself. */
function flush(w: usize, rho: usize, n: i32): void {
  if (shift != 0) addWeights(shift, w, rho, n);
  shift = 0;
}

/**
 * ρ = w∘(ỹ − X̃β) into rho (n), with rhoSum: ỹ − Xβ four nonzeros at a time (ρ loaded and
 * stored once for four), then the shift Σβⱼmⱼ and the weights.
 */
function residual<S>(X: S, n: i32, p: i32, w: usize, m: usize, yc: usize, coef: usize, rho: usize): void {
  memory.copy(rho, yc, <usize>n << 3);
  let s = 0.0, pending = 0, j0 = 0, j1 = 0, j2 = 0;
  for (let j = 0; j < p; j++) {
    const b = at(coef, j);
    if (b == 0) continue;
    s += b * at(m, j);
    if (pending == 0) j0 = j; else if (pending == 1) j1 = j; else if (pending == 2) j2 = j;
    else {
      X.addColumns(n, j0, j1, j2, j, -at(coef, j0), -at(coef, j1), -at(coef, j2), -b, rho);
      pending = 0;
      continue;
    }
    pending++;
  }
  if (pending > 0) X.wxpy(n, j0, -at(coef, j0), 0, 0.0, rho);
  if (pending > 1) X.wxpy(n, j1, -at(coef, j1), 0, 0.0, rho);
  if (pending > 2) X.wxpy(n, j2, -at(coef, j2), 0, 0.0, rho);
  if (w == 0) addWeights(s, 0, rho, n);
  else for (let i = 0; i < n; i++) put(rho, i, at(w, i) * (at(rho, i) + s));
  shift = 0;
  rhoSum = sum<f64>(rho, n);
}

/** Gather the indices of the nonzero coefficients among `include` into idx; returns the count. */
function activeSet(coef: usize, p: i32, include: usize, idx: usize): i32 {
  let k = 0;
  for (let j = 0; j < p; j++) {
    if (load<u8>(include + <usize>j) != 0 && at(coef, j) != 0) {
      store<i32>(idx + (<usize>k << 2), j);
      k++;
    }
  }
  return k;
}

/** All included indices into idx; returns the count. */
function fullSet(p: i32, include: usize, idx: usize): i32 {
  let k = 0;
  for (let j = 0; j < p; j++) {
    if (load<u8>(include + <usize>j) != 0) { store<i32>(idx + (<usize>k << 2), j); k++; }
  }
  return k;
}

/**
 * enetNaive's `start` to resume after a gap check that failed, with g = X̃ᵀρ at coef over the
 * included features (any other value: a first round, from coef). src/gaussian.ts passes the numbers.
 */
const RESUME = 1;

/**
 * The included features that the check's gradient g would move: the nonzeros, and the zeros
 * whose coordinate step from g is not zero (the KKT violators), into idx; returns the count.
 */
function candidates(p: i32, include: usize, coef: usize, g: usize, alpha: usize, kappa: usize,
                    lo: usize, hi: usize, colsq: usize, idx: usize): i32 {
  let k = 0;
  for (let j = 0; j < p; j++) {
    if (load<u8>(include + <usize>j) == 0) continue;
    const denom = at(colsq, j) + at(kappa, j);
    if (at(coef, j) != 0 || (denom > 0 && coordinate(at(g, j), at(alpha, j), denom, at(lo, j), at(hi, j)) != 0)) {
      store<i32>(idx + (<usize>k << 2), j);
      k++;
    }
  }
  return k;
}

/**
 * Naive coordinate descent, run by the host in rounds, each ended by a duality-gap check: the
 * host computes the gradient X̃ᵀρ into g (columns.ts gradientOf: a pass over X that splits
 * between threads, and costs less than a sweep) and the gap (naiveDualGap). A first round
 * computes the residual of the starting coef and sweeps every included feature; a resumed one
 * sweeps only the features that the check's g would move (candidates) — the working set, as
 * in glmnet's KKT check and celer, rather than a sweep over all: a check already read every
 * column. Whether that sweep settled goes to out[SETTLED]: the host stops on a small gap after
 * a settled sweep only (scikit-learn's rule, which keeps the answers as close to the optimum as
 * its). The sweep is followed by a cycle over the nonzeros until they settle (unless a first
 * sweep settled: the host checks at once); every AA_K + 1 sweeps of it, an Anderson
 * extrapolation of the last iterates; once the cycle has cost about as much as an
 * exact solve on the support (its blocked Gram measured ~|A|/9 sweeps of a dense 2000 × 425
 * support; as |A|²/2 sparse dots, up to |A|/4), that solve, and at once when the sweep changed
 * no sign (a warm start near its optimum, as the later Newton steps of logistic regression
 * are); after a failed try, wait twice as long. A round returns with rho (n) flushed to w∘r
 * and the sweeps so far in out[SWEEPS]. idx (2p i32) is workspace; include (p u8) marks the
 * features to optimise (others stay put); sw and fac hold the exact step's system and the
 * support's factor kept from earlier steps (supportOrder).
 */
export function enetNaive<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize,
                          yc: usize, rho: usize, coef: usize,
                          alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                          include: usize, g: usize, idx: usize, work: usize, sw: usize, fac: usize, cap: i32,
                          tol: f64, maxIter: i32, start: i32, out: usize): void {
  const resumed = start == RESUME;
  let sweeps = 0;
  if (resumed) sweeps = <i32>at(out, SWEEPS);
  else residual<S>(X, n, p, w, m, yc, coef, rho);
  const set = idx, active = idx + (<usize>p << 2);
  const nSet = resumed ? candidates(p, include, coef, g, alpha, kappa, lo, hi, colsq, set) : fullSet(p, include, set);
  const ytwy = wssd<f64>(w, yc, 0, n);
  let quiet = false;
  if (sweeps < maxIter) {
    sweepNaive<S>(X, n, w, m, q, rho, coef, alpha, kappa, lo, hi, colsq, set, nSet, true);
    sweeps++;
    quiet = wMax == 0 || settled(tol, ytwy);
    if (wMax != 0 && (resumed || !quiet)) {
      const nActive = activeSet(coef, p, include, active);
      let budget = max(2, nActive >> 3);
      let kept = 0, spent = 0, tryAt = flipped ? budget : 1;
      while (nActive > 0 && sweeps < maxIter) {
        sweepNaive<S>(X, n, w, m, q, rho, coef, alpha, kappa, lo, hi, colsq, active, nActive, false);
        sweeps++;
        if (settled(tol, ytwy)) break;
        if (++spent == tryAt && nActive <= cap) {
          if (naiveSupportStep<S>(X, n, w, m, q, rho, coef, alpha, kappa, lo, hi, g, include, active, nActive, sw, fac, cap)) break;
          tryAt += budget;
          budget <<= 1;
        }
        keepIterate(work, p, kept, coef, active, nActive);
        if (++kept == AA_K + 1) {
          extrapolate<S>(X, n, p, w, m, q, rho, coef, alpha, kappa, lo, hi, active, nActive, work);
          kept = 0;
        }
      }
    }
  }
  flush(w, rho, n);
  rhoSum = sum<f64>(rho, n);
  put(out, SETTLED, quiet ? 1 : 0);
  put(out, SWEEPS, <f64>sweeps);
}

/**
 * The duality gap of the naive fit (into out[GAP], with the primal and ‖r‖²_W) from rho = w∘r
 * and g = X̃ᵀρ over the included features and the nonzeros (0 or any finite value elsewhere).
 */
export function naiveDualGap(n: i32, p: i32, w: usize, yc: usize, rho: usize, coef: usize, alpha: usize,
                             kappa: usize, lo: usize, hi: usize, colsq: usize, include: usize, g: usize,
                             tol: f64, out: usize): void {
  put(out, GAP, dualGap(g, p, coef, alpha, kappa, lo, hi, colsq, include, dot<f64>(rho, yc, n),
    2 * halfWeightedRss(rho, w, n), out));
  if (stepsSettled(g, p, coef, alpha, kappa, lo, hi, colsq, include, tol, wssd<f64>(w, yc, 0, n))) put(out, SETTLED, 1);
}

/**
 * The features of order[0 … counted − 1] whose gradient a gap check must compute, into list
 * (returns their count): the nonzeros, and the zeros whose bound |gRefⱼ| + √colsqⱼ·drift on
 * |X̃ⱼᵀρ| (the gradient at a reference residual, and ‖ρ − ρ_ref‖_W: Cauchy–Schwarz) could reach
 * αⱼ, or whose αⱼ does not constrain the dual point (penalizedDual), or whose box leaves out 0.
 * The others, into cleared (counted − the count of them), can neither move nor constrain the
 * dual point: gⱼ = 0, which does neither, for dualGap, stepsSettled and candidates.
 */
export function checkList(counted: i32, order: usize, n: i32, yc: usize, rho: usize, coef: usize, alpha: usize,
                          lo: usize, hi: usize, colsq: usize, gRef: usize, drift: f64, g: usize, list: usize,
                          cleared: usize): i32 {
  const rty = dot<f64>(rho, yc, n);
  let k = 0, c = 0;
  for (let t = 0; t < counted; t++) {
    const j = load<i32>(order + (<usize>t << 2)), a = at(alpha, j), cj = at(colsq, j);
    if (at(coef, j) != 0 || !(a > 0) || !penalizedDual(a, cj, rty) || at(lo, j) > 0 || at(hi, j) < 0
      || abs(at(gRef, j)) + Math.sqrt(cj) * drift >= a) {
      store<i32>(list + (<usize>k << 2), j);
      k++;
    } else {
      put(g, j, 0);
      store<i32>(cleared + (<usize>(c++) << 2), j);
    }
  }
  return k;
}

/**
 * Whether a sweep from β would settle, judged by the coordinate steps that g = X̃ᵀρ gives every
 * included feature at β itself (each from the same β: a sweep's later steps see the earlier
 * ones, so this is the Jacobi form of settled(), which the host pairs with a small gap): a
 * round that ended on the exact step, at the optimum over its support, is then done, where its
 * first sweep (from the point before) had not settled and another round (a pass over X for its
 * check) would only confirm it.
 */
function stepsSettled(g: usize, p: i32, coef: usize, alpha: usize, kappa: usize, lo: usize, hi: usize,
                      colsq: usize, include: usize, tol: f64, ytwy: f64): bool {
  startSweep();
  for (let j = 0; j < p; j++) {
    if (load<u8>(include + <usize>j) == 0) continue;
    const cj = at(colsq, j), denom = cj + at(kappa, j);
    if (denom <= 0) continue;
    const old = at(coef, j);
    record(old, coordinate(at(g, j) + cj * old, at(alpha, j), denom, at(lo, j), at(hi, j)), cj);
  }
  return settled(tol, ytwy);
}

function naiveGap<S>(X: S, n: i32, p: i32, w: usize, m: usize, yc: usize, rho: usize, coef: usize,
                  alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize, include: usize, g: usize, out: usize): f64 {
  flush(w, rho, n);
  rhoSum = sum<f64>(rho, n);
  centredDots<S>(X, n, m, rho, rhoSum, 0, p, g);
  return dualGap(g, p, coef, alpha, kappa, lo, hi, colsq, include, dot<f64>(rho, yc, n), 2 * halfWeightedRss(rho, w, n), out);
}


// ------------------------------------------------------------- Anderson acceleration
//
// Coordinate descent on ill-conditioned problems (p > n, small λ) converges linearly and
// slowly; extrapolating its iterates (Anderson acceleration, as in skglm, Bertrand & Massias
// 2021) often gains an order of magnitude. An extrapolated point is kept only when it lowers
// the objective, so convergence is never worse. Workspace `work` (f64):
// (AA_K+1)·p iterates of the active coordinates, then n for a residual copy, then AA_K² + AA_K.

export const AA_K = 5;

function keepIterate(work: usize, p: i32, slot: i32, coef: usize, idx: usize, count: i32): void {
  const h = work + ((<usize>slot * <usize>p) << 3);
  for (let t = 0; t < count; t++) put(h, t, at(coef, load<i32>(idx + (<usize>t << 2))));
}

/** ½ Σ wᵢ rᵢ² from ρ = w∘r. */
function halfWeightedRss(rho: usize, w: usize, n: i32): f64 {
  if (w == 0) return 0.5 * dot<f64>(rho, rho, n);
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const wi = at(w, i);
    if (wi > 0) { const r = at(rho, i); s += r * r / wi; }
  }
  return 0.5 * s;
}

/** The objective up to the terms of the coordinates outside idx (which do not change). */
function partialPrimal(rho: usize, w: usize, n: i32, coef: usize, alpha: usize, kappa: usize,
                       idx: usize, count: i32): f64 {
  let s = halfWeightedRss(rho, w, n);
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), b = at(coef, j);
    s += at(alpha, j) * abs(b) + 0.5 * at(kappa, j) * b * b;
  }
  return s;
}

function extrapolate<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize, rho: usize, coef: usize,
                     alpha: usize, kappa: usize, lo: usize, hi: usize, idx: usize, count: i32,
                     work: usize): void {
  const K = AA_K;
  const saved = work + ((<usize>(K + 1) * <usize>p) << 3);
  const C = saved + (<usize>n << 3), z = C + (<usize>(K * K) << 3);
  // C = UᵀU with U's columns the successive differences of the kept iterates
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const a0 = work + ((<usize>k * <usize>p) << 3), a1 = a0 + (<usize>p << 3);
      const b0 = work + ((<usize>l * <usize>p) << 3), b1 = b0 + (<usize>p << 3);
      let s = 0.0;
      for (let t = 0; t < count; t++) s += (at(a1, t) - at(a0, t)) * (at(b1, t) - at(b0, t));
      put(C, k * K + l, s); put(C, l * K + k, s);
    }
    put(z, k, 1.0);
  }
  if (!solveSmall(C, z, K)) return;
  let sz = 0.0;
  for (let k = 0; k < K; k++) sz += at(z, k);
  if (!(abs(sz) > 0) || !isFinite(sz)) return;
  flush(w, rho, n);
  const before = partialPrimal(rho, w, n, coef, alpha, kappa, idx, count);
  memory.copy(saved, rho, <usize>n << 3);
  const sumBefore = rhoSum;
  const last = work + ((<usize>K * <usize>p) << 3);
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2));
    let e = 0.0;
    for (let k = 0; k < K; k++) e += at(z, k) / sz * at(work + ((<usize>(k + 1) * <usize>p) << 3), t);
    e = min(max(e, at(lo, j)), at(hi, j));
    const d = e - at(coef, j);
    if (d != 0) {
      move<S>(X, n, j, d, at(m, j), at(q, j), w, rho);
      put(coef, j, e);
    }
  }
  flush(w, rho, n);
  if (partialPrimal(rho, w, n, coef, alpha, kappa, idx, count) < before) return;
  // not better: back to the last iterate
  for (let t = 0; t < count; t++) put(coef, load<i32>(idx + (<usize>t << 2)), at(last, t));
  memory.copy(rho, saved, <usize>n << 3);
  rhoSum = sumBefore;
}

/** Solves the K×K system A x = b in place (b becomes x) by Gaussian elimination with pivoting. */
function solveSmall(A: usize, b: usize, K: i32): bool {
  let scale = 0.0;
  for (let k = 0; k < K; k++) scale = max(scale, at(A, k * K + k));
  if (!(scale > 0)) return false;
  for (let k = 0; k < K; k++) put(A, k * K + k, at(A, k * K + k) + 1e-12 * scale); // tiny ridge
  for (let c = 0; c < K; c++) {
    let piv = c;
    for (let r = c + 1; r < K; r++) if (abs(at(A, r * K + c)) > abs(at(A, piv * K + c))) piv = r;
    const d = at(A, piv * K + c);
    if (d == 0) return false;
    if (piv != c) {
      for (let t = 0; t < K; t++) { const u = at(A, c * K + t); put(A, c * K + t, at(A, piv * K + t)); put(A, piv * K + t, u); }
      const u = at(b, c); put(b, c, at(b, piv)); put(b, piv, u);
    }
    for (let r = c + 1; r < K; r++) {
      const f = at(A, r * K + c) / d;
      if (f == 0) continue;
      for (let t = c; t < K; t++) put(A, r * K + t, at(A, r * K + t) - f * at(A, c * K + t));
      put(b, r, at(b, r) - f * at(b, c));
    }
  }
  for (let r = K - 1; r >= 0; r--) {
    let s = at(b, r);
    for (let t = r + 1; t < K; t++) s -= at(A, r * K + t) * at(b, t);
    put(b, r, s / at(A, r * K + r));
  }
  return true;
}

// ---------------------------------------------------------- covariance (Gram) updates

/**
 * Column j of the weighted centred Gram, X̃ᵀ W X̃ⱼ, into dst (p): by symmetry from the columns
 * computed before (as fillGram does), the rest by a dot each with v = w∘X̃ⱼ, or with the
 * stored column itself where the storage offers it (storage.ts rawColumn; no copy):
 * X̃ᵢᵀX̃ⱼ = XᵢᵀXⱼ − mⱼ·ΣXᵢ − mᵢ·qⱼ, where ΣXᵢ = qᵢ + n·mᵢ. v (n) is workspace.
 */
function gramColumn<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize,
                       j: i32, v: usize, G: usize, slot: usize, dst: usize): void {
  const raw = X.rawColumn(n, j, w);
  const qj = at(q, j), mj = raw != 0 ? at(m, j) : 0.0;
  if (raw != 0) v = raw;
  else {
    zero(v, n);
    X.wxpy(n, j, 1.0, w, at(m, j), v);
  }
  // the rows not known by symmetry, four at a time (sharing the loads of v)
  let pending = 0, i0 = 0, i1 = 0, i2 = 0;
  for (let i = 0; i < p; i++) {
    const s = slotOf(slot, i);
    if (s >= 0) { put(dst, i, at(G + ((<usize>s * <usize>p) << 3), j)); continue; }
    if (pending == 0) i0 = i; else if (pending == 1) i1 = i; else if (pending == 2) i2 = i;
    else {
      X.columnDots(n, i0, i1, i2, i, v, tile);
      put(dst, i0, centredDot(at(tile, 0), n, m, q, i0, mj, qj));
      put(dst, i1, centredDot(at(tile, 1), n, m, q, i1, mj, qj));
      put(dst, i2, centredDot(at(tile, 2), n, m, q, i2, mj, qj));
      put(dst, i, centredDot(at(tile, 3), n, m, q, i, mj, qj));
      pending = 0;
      continue;
    }
    pending++;
  }
  if (pending > 0) put(dst, i0, centredDot(X.dot(n, i0, v), n, m, q, i0, mj, qj));
  if (pending > 1) put(dst, i1, centredDot(X.dot(n, i1, v), n, m, q, i1, mj, qj));
  if (pending > 2) put(dst, i2, centredDot(X.dot(n, i2, v), n, m, q, i2, mj, qj));
}

/** X̃ᵢᵀWX̃ⱼ from d = Xᵢᵀv: v = w∘X̃ⱼ (mj = 0), or v = Xⱼ (raw, mj = mⱼ). */
// @ts-ignore: decorator
@inline function centredDot(d: f64, n: i32, m: usize, q: usize, i: i32, mj: f64, qj: f64): f64 {
  const mi = at(m, i);
  return mj == 0 ? d - mi * qj : d - mj * (at(q, i) + <f64>n * mi) - mi * qj;
}

/**
 * Covariance-update coordinate descent (glmnet's "covariance" mode, for n ≫ p): the gradient
 * g = c − Gβ is kept in p numbers and each move costs O(p); Gram columns are computed when a
 * feature first becomes nonzero and kept across calls (a path computes each column once).
 * G (p·p) holds those columns, slot (p i32) maps feature to column (−1 = none yet) and `used`
 * columns are filled; c (p) holds X̃ᵀWỹ (computed here unless haveC), v (n) is workspace,
 * ytwy = ỹᵀWỹ. sw (the exact step's system, and fillGram's workspace) keeps the support's
 * factor between calls, described by fac (supportOrder; 0: none kept).
 */
export function enetCov<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize,
                        yc: usize, ytwy: f64, coef: usize,
                        alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                        include: usize, g: usize, c: usize, G: usize, slot: usize, v: usize, idx: usize,
                        used: i32, haveC: bool, sw: usize, fac: usize, cap: i32,
                        tol: f64, gapTol: f64, maxIter: i32, out: usize): void {
  if (!haveC) xtwv<S>(X, n, p, w, m, yc, v, c);
  memory.copy(g, c, <usize>p << 3);
  for (let j = 0; j < p; j++) {
    const b = at(coef, j);
    if (b != 0) {
      used = ensureColumn<S>(X, n, p, w, m, q, j, v, G, slot, used);
      axpy<f64>(-b, gcol(G, p, slot, j), g, p);
    }
  }
  const full = idx, active = idx + (<usize>p << 2);
  const nFull = fullSet(p, include, full);
  let sweeps = 0, gap = Infinity;
  while (sweeps < maxIter) {
    if (haveC && used < p) {
      used = fillGram<S>(X, n, p, w, m, G, slot, used, sw, cap);
      if (used == p && fac != 0) put(fac, FAC_ROWS, 0); // (its workspace was the factor's)
    }
    used = sweepCov<S>(X, n, p, w, m, q, coef, alpha, kappa, lo, hi, colsq, g, G, slot, v, used, full, nFull);
    sweeps++;
    if (wMax == 0 || settled(tol, ytwy) || sweeps >= maxIter) {
      gap = covGap(p, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, out);
      if (abs(gap) <= gapTol) {
        // confirm with g = c − Gβ recomputed, which clears the drift of the sweeps' updates, or
        // on the exact residual (two passes over X) where the Gram's rounding could reach tol
        gap = gramGap(p, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, gapTol, out);
        if (isNaN(gap)) gap = exactGap<S>(X, n, p, w, m, q, yc, v, coef, alpha, kappa, lo, hi, colsq, include, g, out);
        if (abs(gap) <= gapTol) break;
      }
    }
    // as in enetNaive: after about the cost of a solve on the support, try it (at once when
    // the full sweep flipped no sign), and after each failed try wait twice as long. The
    // Cholesky of G_AA (|A|³/3 flops, blocked) runs several times faster per flop than the
    // sweeps' axpys, which stream G's columns from memory: a budget of |A|²/(6p) sweeps (the
    // flop count alone) left the S3 path (1000 × 500, 100 λ) 26,000 sweeps and 1.95 s, and
    // the S1 path (10000 × 1000) 11,200 sweeps and 5.6 s; |A|²/(48p): 970 sweeps and 0.44 s,
    // 2,300 and 3.7 s (smaller budgets gained nothing more there)
    const nActive = activeSet(coef, p, include, active);
    let budget = max(2, <i32>(<f64>nActive * <f64>nActive / (48.0 * <f64>p)));
    let spent = 0, tryAt = flipped ? budget : 1;
    while (nActive > 0 && sweeps < maxIter) {
      used = sweepCov<S>(X, n, p, w, m, q, coef, alpha, kappa, lo, hi, colsq, g, G, slot, v, used, active, nActive);
      sweeps++;
      if (settled(tol, ytwy)) break;
      if (++spent == tryAt && nActive <= cap) {
        if (covSupportStep(p, coef, alpha, kappa, lo, hi, g, G, slot, include, active, nActive, sw, fac, cap)) break;
        tryAt += budget;
        budget <<= 1;
      }
    }
  }
  if (gap == Infinity) gap = covGap(p, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, out);
  put(out, GAP, gap);
  put(out, SWEEPS, <f64>sweeps);
  put(out, USED, <f64>used);
}

// @ts-ignore: decorator
@inline function gcol(G: usize, p: i32, slot: usize, j: i32): usize {
  return G + ((<usize>load<i32>(slot + (<usize>j << 2)) * <usize>p) << 3);
}

/** Column slot of feature j (−1: not computed yet). */
// @ts-ignore: decorator
@inline function slotOf(slot: usize, j: i32): i32 { return load<i32>(slot + (<usize>j << 2)); }

/**
 * Fills every Gram column not computed yet, once an eighth of them have been computed one by
 * one: each of those is a pass over X (memory-bound), while the blocked Gram of the rest
 * (ridge.ts, compute-bound) costs about as much as p/8 of them, so the columns a long path goes
 * on to need come at half price or better. Only on a problem solved before (a path, CV folds):
 * a single fit needs its support's columns alone (T1 on 2000 × 200, 25 nonzeros: 9.8 ms with
 * the fill, 5.0 without). Dense X only, in sw (the support step's workspace, free between
 * steps, sized for cap columns). Returns the columns now filled.
 */
function fillGram<S>(X: S, n: i32, p: i32, w: usize, m: usize, G: usize, slot: usize, used: i32,
                     sw: usize, cap: i32): i32 {
  const left = p - used;
  if (left == 0 || used * 8 < p || left > cap || sw == 0) return used;
  if (!(X instanceof Dense<f64>) && !(X instanceof Dense<f32>)) return used;
  // the left × left Gram of the missing columns, their list, then ridgeGramDense's workspace
  const A = sw, list = A + ((<usize>left * <usize>left) << 3);
  const work = list + ((((<usize>left) << 2) + 7) & ~7);
  let t = 0;
  for (let j = 0; j < p; j++) if (slotOf(slot, j) < 0) store<i32>(list + (<usize>(t++) << 2), j);
  if (X instanceof Dense<f64>) ridgeGramDense<f64>(changetype<Dense<f64>>(X), n, left, list, w, m, 0, work, A);
  else ridgeGramDense<f32>(changetype<Dense<f32>>(X), n, left, list, w, m, 0, work, A);
  for (let t = 0; t < left; t++) {
    const j = load<i32>(list + (<usize>t << 2)), dst = G + ((<usize>(used + t) * <usize>p) << 3);
    // rows of the columns computed before, by symmetry; then the new block's, from A
    for (let i = 0; i < p; i++) {
      const s = slotOf(slot, i);
      if (s >= 0) put(dst, i, at(G + ((<usize>s * <usize>p) << 3), j));
    }
    for (let u = 0; u < left; u++) {
      const a = u >= t ? at(A, t * left + u) : at(A, u * left + t);
      put(dst, load<i32>(list + (<usize>u << 2)), a);
    }
  }
  for (let t = 0; t < left; t++) store<i32>(slot + (<usize>load<i32>(list + (<usize>t << 2)) << 2), used + t);
  return p;
}

function ensureColumn<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize, j: i32,
                      v: usize, G: usize, slot: usize, used: i32): i32 {
  if (load<i32>(slot + (<usize>j << 2)) >= 0) return used;
  gramColumn<S>(X, n, p, w, m, q, j, v, G, slot, G + ((<usize>used * <usize>p) << 3));
  store<i32>(slot + (<usize>j << 2), used);
  return used + 1;
}

function sweepCov<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize, coef: usize,
                  alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                  g: usize, G: usize, slot: usize, v: usize, used: i32, idx: usize, count: i32): i32 {
  startSweep();
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2));
    const cj = at(colsq, j), denom = cj + at(kappa, j);
    if (denom <= 0) continue;
    const old = at(coef, j);
    const b = coordinate(at(g, j) + cj * old, at(alpha, j), denom, at(lo, j), at(hi, j));
    if (b != old) {
      used = ensureColumn<S>(X, n, p, w, m, q, j, v, G, slot, used);
      axpy<f64>(old - b, gcol(G, p, slot, j), g, p);
      put(coef, j, b);
    }
    record(old, b, cj);
  }
  return used;
}

/** The gap from the residual ρ = w∘(ỹ − X̃β), rebuilt in rho (n) from scratch; g is refreshed. */
function exactGap<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize, yc: usize, rho: usize, coef: usize,
                  alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize, include: usize, g: usize, out: usize): f64 {
  residual<S>(X, n, p, w, m, yc, coef, rho);
  return naiveGap<S>(X, n, p, w, m, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, out);
}

/**
 * The gap with g = c − Gβ computed afresh from the Gram columns of the nonzeros (p·|A| values
 * read, where the exact residual and its gradient read X twice), or NaN when the rounding of
 * ‖r‖²_W = ỹᵀWỹ − 2βᵀc + βᵀGβ could reach an eighth of gapTol: bounded by 2(|A| + 2)·ε times
 * ỹᵀWỹ + 2|β|ᵀ|c| + (Σ|βⱼ|·‖X̃ⱼ‖_W)² (|Gⱼₖ| ≤ ‖X̃ⱼ‖_W‖X̃ₖ‖_W), which cancels badly only when
 * large coefficients nearly cancel in X̃β (scikit-learn's Gram solver takes this gap always).
 */
function gramGap(p: i32, ytwy: f64, coef: usize, alpha: usize, kappa: usize, lo: usize, hi: usize,
                 colsq: usize, include: usize, g: usize, c: usize, G: usize, slot: usize, gapTol: f64,
                 out: usize): f64 {
  memory.copy(g, c, <usize>p << 3);
  let count = 0, bc = 0.0, spread = 0.0;
  for (let j = 0; j < p; j++) {
    const b = at(coef, j);
    if (b == 0) continue;
    axpy<f64>(-b, gcol(G, p, slot, j), g, p);
    count++;
    bc += abs(b * at(c, j));
    spread += abs(b) * Math.sqrt(at(colsq, j));
  }
  if (<f64>(2 * count + 4) * f64.EPSILON * (ytwy + 2 * bc + spread * spread) > 0.125 * gapTol) return NaN;
  return covGap(p, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, out);
}

function covGap(p: i32, ytwy: f64, coef: usize, alpha: usize, kappa: usize, lo: usize, hi: usize,
                colsq: usize, include: usize, g: usize, c: usize, out: usize): f64 {
  // rᵀWỹ = ỹᵀWỹ − βᵀX̃ᵀWỹ
  return dualGap(g, p, coef, alpha, kappa, lo, hi, colsq, include, ytwy - dot<f64>(coef, c, p), -1.0, out);
}

// ------------------------------------------------------------- exact steps on the support
//
// On ill-conditioned problems (the IRLS weights of a logistic Newton step span 1e-9…0.25)
// cyclic coordinate descent can take thousands of sweeps after it has found the support and
// the signs. With those held, the objective on the support A is a quadratic whose minimiser
// solves (X̃_AᵀWX̃_A + diag κ_A)Δ = g_A − κ_A∘β_A − α_A∘sign(β_A): one Cholesky solve. The step
// is cut where a coordinate first reaches zero (so the whole segment stays in one orthant,
// where the objective is that convex quadratic) and that coordinate lands exactly on zero; it
// is kept only if it lowers the objective, so rounding in a near-singular system can delay
// convergence but never spoil it. Supports of more than `cap` features are left to coordinate
// descent, and so is a support touching a bound. Workspace `sw` (f64): cap² + 3·cap, and
// ridgeWorkspace(n, cap) more for enetNaive.

/** Vector k (count long) of the workspace, after the count × count system. */
// @ts-ignore: decorator
@inline function swVec(sw: usize, count: i32, k: i32): usize {
  return sw + ((<usize>count * <usize>count + <usize>k * <usize>count) << 3);
}

/** supportTarget's outcomes. */
const TARGET = 0, NO_TARGET = 1, SINGULAR = 2;

/**
 * Relative shift of the diagonal for a support whose system is singular: a support of n or
 * more features (p > n, transiently, before coordinate descent drops the extra ones), or
 * collinear ones. The shifted (Levenberg–Marquardt) step is Newton's off the flat directions
 * and a long move along them, cut where the first coordinate reaches zero: which drops it.
 */
const SINGULAR_SHIFT = 1e-9;

/**
 * The target of the step on the support idx (count), from the lower triangle of
 * X̃_AᵀWX̃_A + diag κ_A in H (count × count, column-major; overwritten by its factor, its
 * diagonal first scaled by 1 + shift; its leading keep columns may hold their factor already,
 * cholExtend) and g at the current β: writes the new values into b and
 * the old into old (swVec 0 and 1). NO_TARGET when the step is not finite, SINGULAR when the
 * system is not clearly positive definite.
 */
function supportTarget(H: usize, b: usize, old: usize, count: i32, idx: usize, coef: usize,
                       alpha: usize, kappa: usize, lo: usize, hi: usize, g: usize, shift: f64, keep: i32): i32 {
  // (every βⱼ is within its bounds: withinBounds, before the factor was touched)
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), bj = at(coef, j), k = at(kappa, j);
    put(old, t, bj);
    put(b, t, at(g, j) - k * bj - (bj > 0 ? at(alpha, j) : -at(alpha, j)));
  }
  if (shift > 0) for (let t = 0; t < count; t++) put(H, t * count + t, at(H, t * count + t) * (1 + shift));
  if (cholExtend(H, count, keep) != 0) return SINGULAR;
  cholSolve(H, count, b);
  // the longest step ≤ 1 along Δ that keeps every penalized coordinate in its orthant
  let step = 1.0;
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), bj = at(old, t), d = at(b, t);
    if (!isFinite(d)) return NO_TARGET;
    if (at(alpha, j) > 0 && (bj > 0 ? bj + d < 0 : bj + d > 0)) step = min(step, -bj / d);
  }
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), bj = at(old, t), d = at(b, t);
    const blocked = at(alpha, j) > 0 && (bj > 0 ? bj + d < 0 : bj + d > 0) && -bj / d <= step;
    put(b, t, blocked ? 0.0 : min(max(bj + step * d, at(lo, j)), at(hi, j)));
  }
  return TARGET;
}

/**
 * The change of the objective from old to b on the support, given g at both points (gOld
 * saved, g current): the quadratic's exact difference −½(β' − β)ᵀ(g + g') plus the penalty's.
 */
function supportChange(b: usize, old: usize, gOld: usize, count: i32, idx: usize, g: usize,
                       alpha: usize, kappa: usize): f64 {
  let s = 0.0;
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), nb = at(b, t), ob = at(old, t);
    s += -0.5 * (nb - ob) * (at(gOld, t) + at(g, j))
      + at(alpha, j) * (abs(nb) - abs(ob)) + 0.5 * at(kappa, j) * (nb * nb - ob * ob);
  }
  return s;
}

/**
 * The support's system X̃_AᵀWX̃_A + diag κ_A into H (lower triangle), its rows from `keep` on
 * (the ones above hold their factor: supportOrder); v is workspace.
 */
function naiveSupportSystem<S>(X: S, n: i32, w: usize, m: usize, q: usize, kappa: usize,
                               idx: usize, count: i32, keep: i32, v: usize, H: usize): void {
  // dense columns: the blocked Gram (ridge.ts), several times faster than |A|²/2 dot
  // products, each of which streams two vectors; a sparse dot costs O(its nonzeros) already
  if (X instanceof Dense<f64>) ridgeGramDense<f64>(changetype<Dense<f64>>(X), n, count, idx, w, m, kappa, v, H, keep);
  else if (X instanceof Dense<f32>) ridgeGramDense<f32>(changetype<Dense<f32>>(X), n, count, idx, w, m, kappa, v, H, keep);
  else ridgeGramSparse<S>(X, n, count, idx, w, m, q, kappa, v, H, keep);
}

function naiveSupportStep<S>(X: S, n: i32, w: usize, m: usize, q: usize, rho: usize, coef: usize,
                             alpha: usize, kappa: usize, lo: usize, hi: usize, g: usize, include: usize,
                             active: usize, count: i32, sw: usize, fac: usize, cap: i32): bool {
  if (!withinBounds(coef, lo, hi, active, count)) return false;
  // the factor kept from earlier steps (as covSupportStep): only the rows of the features new
  // to it are computed from X, (count − keep)·count·n rather than count²·n/2, and factored
  const keep = supportOrder(coef, kappa, include, active, count, sw, fac, cap), idx = facOrder(fac, cap);
  put(fac, FAC_ROWS, 0); // (until this step's factor is whole)
  const b = swVec(sw, count, 0), old = swVec(sw, count, 1), gOld = swVec(sw, count, 2), v = swVec(sw, count, 3);
  naiveSupportSystem<S>(X, n, w, m, q, kappa, idx, count, keep, v, sw);
  for (let s = 0; s < count; s++) {
    const j = load<i32>(idx + (<usize>s << 2));
    const gj = gradient<S>(X, n, j, at(m, j), at(q, j), w, rho);
    put(g, j, gj);
    put(gOld, s, gj);
  }
  let r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, lo, hi, g, 0, keep);
  if (r == SINGULAR) {
    naiveSupportSystem<S>(X, n, w, m, q, kappa, idx, count, 0, v, sw);
    r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, lo, hi, g, SINGULAR_SHIFT, 0);
  } else factored(kappa, idx, count, keep, fac);
  if (r != TARGET) return false;
  naiveMoveTo<S>(X, n, w, m, q, rho, coef, idx, count, b);
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2));
    put(g, j, gradient<S>(X, n, j, at(m, j), at(q, j), w, rho));
  }
  if (supportChange(b, old, gOld, count, idx, g, alpha, kappa) <= 0) return true;
  naiveMoveTo<S>(X, n, w, m, q, rho, coef, idx, count, old);
  return false;
}

function naiveMoveTo<S>(X: S, n: i32, w: usize, m: usize, q: usize, rho: usize, coef: usize,
                        idx: usize, count: i32, to: usize): void {
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), d = at(to, t) - at(coef, j);
    if (d != 0) { move<S>(X, n, j, d, at(m, j), at(q, j), w, rho); put(coef, j, at(to, t)); }
  }
}

/**
 * The support's system G_AA + diag κ_A into H (lower triangle), from the cached Gram columns;
 * of its first keep columns only the rows from keep on (the block above holds their factor).
 */
function covSupportSystem(p: i32, kappa: usize, G: usize, slot: usize, idx: usize, count: i32, keep: i32, H: usize): void {
  for (let s = 0; s < count; s++) {
    const j = load<i32>(idx + (<usize>s << 2)), col = gcol(G, p, slot, j);
    for (let t = s < keep ? keep : s; t < count; t++) put(H, s * count + t, at(col, load<i32>(idx + (<usize>t << 2))));
    if (s >= keep) put(H, s * count + s, at(H, s * count + s) + at(kappa, j));
  }
}

// The support's factor, kept between exact steps and solves (both modes: covariance mode takes
// its rows from the Gram columns, naive mode computes them from X). Along a path the support
// grows by a few features per λ, and a step factored its system from scratch, |A|³/3 (a third
// of the S1 path's time, 10000 × 1000, 923 nonzeros at its end). The factor
// stays in sw with its features' order: the ones still in the support (with the same κ) that
// lead that order keep their rows, as a leading block's factor depends on that block alone;
// the rest and the new ones come after, by cholExtend, at (rows added)·|A|². `fac` holds
// [0] the rows factored (0: none), [1] their leading dimension, then κ of each (cap f64),
// the order (cap i32) and a mark per feature (p u8), supportFactorWords(p, cap) f64 in all.

const FAC_ROWS = 0, FAC_LD = 1;

// @ts-ignore: decorator
@inline function facKappa(fac: usize): usize { return fac + 16; }
// @ts-ignore: decorator
@inline function facOrder(fac: usize, cap: i32): usize { return fac + 16 + (<usize>cap << 3); }
// @ts-ignore: decorator
@inline function facMarks(fac: usize, cap: i32): usize { return facOrder(fac, cap) + (<usize>cap << 2); }

/** f64 words of a support factor's state for p features and supports of at most cap. */
export function supportFactorWords(p: i32, cap: i32): i32 {
  return 2 + cap + ((4 * cap + p + 7) >> 3);
}

/**
 * The support idx (count) in the factor's order: its factored features still in it with the
 * same κ, as far as they lead that order, then the others (ascending). Writes the order into
 * fac and moves those rows' factor (lower triangle) to leading dimension count; returns their number.
 */
function supportOrder(coef: usize, kappa: usize, include: usize, idx: usize, count: i32, sw: usize, fac: usize, cap: i32): i32 {
  const order = facOrder(fac, cap), marks = facMarks(fac, cap), kap = facKappa(fac);
  const rows = <i32>at(fac, FAC_ROWS), ld = <i32>at(fac, FAC_LD);
  let keep = 0;
  for (; keep < rows; keep++) {
    const j = load<i32>(order + (<usize>keep << 2));
    if (at(coef, j) == 0 || load<u8>(include + <usize>j) == 0 || at(kap, keep) != at(kappa, j)) break;
    store<u8>(marks + <usize>j, 1);
  }
  for (let s = 0, t = keep; s < count; s++) {
    const j = load<i32>(idx + (<usize>s << 2));
    if (load<u8>(marks + <usize>j) != 0) store<u8>(marks + <usize>j, 0);
    else store<i32>(order + (<usize>(t++) << 2), j);
  }
  // column c's rows c … keep − 1, from ld to count: last column first when moving up (no
  // column's target reaches the sources of the ones before it, as ld ≥ keep), else first
  if (count > ld) {
    for (let c = keep - 1; c >= 0; c--) moveColumn(sw, ld, count, c, keep);
  } else if (count < ld) {
    for (let c = 0; c < keep; c++) moveColumn(sw, ld, count, c, keep);
  }
  return keep;
}

// @ts-ignore: decorator
@inline function moveColumn(A: usize, from: i32, to: i32, c: i32, rows: i32): void {
  memory.copy(A + ((<usize>c * <usize>to + <usize>c) << 3), A + ((<usize>c * <usize>from + <usize>c) << 3), <usize>(rows - c) << 3);
}

/** supportTarget's test, made before the factor is touched: every βⱼ of the support within its bounds. */
function withinBounds(coef: usize, lo: usize, hi: usize, active: usize, count: i32): bool {
  for (let s = 0; s < count; s++) {
    const j = load<i32>(active + (<usize>s << 2)), bj = at(coef, j);
    if (!(bj > at(lo, j) && bj < at(hi, j))) return false;
  }
  return true;
}

/** Marks the factor in sw whole: count rows (leading dimension count), κ of the ones from keep on. */
function factored(kappa: usize, idx: usize, count: i32, keep: i32, fac: usize): void {
  put(fac, FAC_ROWS, <f64>count);
  put(fac, FAC_LD, <f64>count);
  for (let t = keep; t < count; t++) put(facKappa(fac), t, at(kappa, load<i32>(idx + (<usize>t << 2))));
}

function covSupportStep(p: i32, coef: usize, alpha: usize, kappa: usize, lo: usize, hi: usize, g: usize,
                        G: usize, slot: usize, include: usize, active: usize, count: i32, sw: usize, fac: usize, cap: i32): bool {
  if (!withinBounds(coef, lo, hi, active, count)) return false;
  const keep = supportOrder(coef, kappa, include, active, count, sw, fac, cap), idx = facOrder(fac, cap);
  put(fac, FAC_ROWS, 0); // (until this step's factor is whole)
  const b = swVec(sw, count, 0), old = swVec(sw, count, 1), gOld = swVec(sw, count, 2);
  covSupportSystem(p, kappa, G, slot, idx, count, keep, sw);
  for (let s = 0; s < count; s++) put(gOld, s, at(g, load<i32>(idx + (<usize>s << 2))));
  let r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, lo, hi, g, 0, keep);
  if (r == SINGULAR) {
    covSupportSystem(p, kappa, G, slot, idx, count, 0, sw);
    r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, lo, hi, g, SINGULAR_SHIFT, 0);
  } else factored(kappa, idx, count, keep, fac);
  if (r != TARGET) return false;
  covMoveTo(p, coef, g, G, slot, idx, count, b);
  if (supportChange(b, old, gOld, count, idx, g, alpha, kappa) <= 0) return true;
  covMoveTo(p, coef, g, G, slot, idx, count, old);
  return false;
}

function covMoveTo(p: i32, coef: usize, g: usize, G: usize, slot: usize, idx: usize, count: i32, to: usize): void {
  for (let t = 0; t < count; t++) {
    const j = load<i32>(idx + (<usize>t << 2)), d = at(to, t) - at(coef, j);
    if (d != 0) { axpy<f64>(-d, gcol(G, p, slot, j), g, p); put(coef, j, at(to, t)); }
  }
}
