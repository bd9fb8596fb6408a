// The timer every fit uses, in JS here and mirrored in peers/sklearn_bench.py and
// peers/glmnet_bench.R so that all solvers report the same statistic: one untimed warm-up
// call, a calibration run (as many calls as fill minSampleMs), then `loops` = that many calls
// per sample (so a sample lasts ≥ minSampleMs, which keeps
// microsecond fits above timer resolution), `samples` samples (fewer if maxTotalMs runs out,
// never fewer than 3 unless one call alone exceeds the budget), and the median per call.
// A fit slower than half the budget is timed once (its warm-up call is the sample).

export interface TimingOptions {
  samples: number;
  minSampleMs: number;
  maxTotalMs: number;
}

export interface Timing {
  /** Median wall time of one call, ms. */
  medianMs: number;
  minMs: number;
  samples: number;
  loops: number;
  /** The warm-up call, ms (includes JIT / WASM tier-up for the JS solvers). */
  firstMs: number;
}

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Times fn (synchronous); returns the timing and the last call's result. */
export function timeIt<T>(fn: () => T, o: TimingOptions): { timing: Timing; result: T } {
  let t = now();
  let result = fn();
  const firstMs = now() - t;
  if (firstMs > o.maxTotalMs / 2) {
    // a slow fit: the warm-up call is the one sample (JIT is noise at this scale)
    return { timing: { medianMs: firstMs, minMs: firstMs, samples: 1, loops: 1, firstMs }, result };
  }
  const start = now();
  // calibrate: as many calls as fill one sample of ≥ minSampleMs
  let loops = 0;
  t = now();
  do { result = fn(); loops++; } while (now() - t < o.minSampleMs);
  const one = (now() - t) / loops;
  const per: number[] = [];
  while (per.length < o.samples) {
    t = now();
    for (let k = 0; k < loops; k++) result = fn();
    per.push((now() - t) / loops);
    if (now() - start > o.maxTotalMs && (per.length >= 3 || one * loops * 3 > o.maxTotalMs)) break;
  }
  const med = median(per);
  return { timing: { medianMs: med, minMs: Math.min(...per), samples: per.length, loops, firstMs }, result };
}
