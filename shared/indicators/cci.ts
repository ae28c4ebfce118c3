import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { RollingSum, resumInterval } from './core/ring.ts';
import { scratch } from './core/scratch.ts';

/**
 * Commodity channel index (TA-Lib CCI): tp = (h+l+c)/3; CCI = (tp - SMA(tp)) / (0.015 * mean |tp - SMA(tp)|) over
 * `period` bars; 0 when either is 0. Computed as diff*(p/0.015)/sum|dev| (one division; TA-Lib's value to ~1e-13). The mean is a running sum (re-summed periodically); the mean deviation needs
 * the whole window, so each step is O(period) — the one indicator here whose update is not O(1).
 */
/**
 * Sum of |v[j] - avg| over j = 0..p-1 of a window read through `at`, in four interleaved partial sums (j mod 4)
 * added at the end: four independent add chains instead of one, ~3x faster, and the same order on both paths.
 */
function meanDevSum(buf: Float64Array, start: number, mask: number, p: number, avg: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let j = 0;
  for (; j + 3 < p; j += 4) {
    d0 += Math.abs(buf[(start + j) & mask] - avg);
    d1 += Math.abs(buf[(start + j + 1) & mask] - avg);
    d2 += Math.abs(buf[(start + j + 2) & mask] - avg);
    d3 += Math.abs(buf[(start + j + 3) & mask] - avg);
  }
  for (; j < p; j++) d0 += Math.abs(buf[(start + j) & mask] - avg);
  return d0 + d1 + d2 + d3;
}

function pow2(n: number): number {
  let c = 1;
  while (c < n) c <<= 1;
  return c;
}

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period = 20, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('cci', 'period', period, 2);
  const p = period;
  optimistic([high, low, close], [out], [p - 1], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < p) return anyColumnNaN([h, l, c]);
    let bad = false;
    // Typical prices in a scratch column, read contiguously by the deviation loop (same sums, same order as the
    // streaming class's ring).
    const tp = scratch(0, n);
    let sum = 0;
    for (let i = 0; i < p - 1; i++) {
      const t = (h[i] + l[i] + c[i]) / 3;
      if (t !== t) bad = true;
      tp[i] = t;
      sum += t;
    }
    const every = resumInterval(p);
    let next = p - 1 + every;
    const k = p / 0.015;
    for (let i = p - 1; i < n; i++) {
      const t = (h[i] + l[i] + c[i]) / 3;
      if (t !== t) bad = true;
      if (i === p - 1) sum += t;
      else sum += t - tp[i - p];
      tp[i] = t;
      if (i === next) {
        next += every;
        sum = 0;
        for (let j = i - p + 1; j <= i; j++) sum += tp[j];
      }
      const avg = sum / p;
      const s0 = i - p + 1;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let j = 0;
      for (; j + 3 < p; j += 4) {
        d0 += Math.abs(tp[s0 + j] - avg);
        d1 += Math.abs(tp[s0 + j + 1] - avg);
        d2 += Math.abs(tp[s0 + j + 2] - avg);
        d3 += Math.abs(tp[s0 + j + 3] - avg);
      }
      for (; j < p; j++) d0 += Math.abs(tp[s0 + j] - avg);
      const dev = d0 + d1 + d2 + d3;
      const diff = t - avg;
      const q = (diff * k) / dev;
      o[i] = diff !== 0 && dev !== 0 ? q : 0;
    }
    return bad;
  });
  return out;
}

export class CCI implements StreamingIndicator<number> {
  private readonly buf: Float64Array;
  private readonly mask: number;
  private count = 0; // values pushed since reset
  private readonly sum: RollingSum;
  private v: number | undefined = undefined;

  constructor(readonly period = 20) {
    ensurePeriod('cci', 'period', period, 2);
    this.mask = pow2(period) - 1;
    this.buf = new Float64Array(this.mask + 1);
    this.sum = new RollingSum(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const tp = (high + low + close) / 3;
    const i = this.count++;
    this.buf[i & this.mask] = tp;
    const s = this.sum.push(tp);
    const p = this.period;
    if (i < p - 1) return (this.v = undefined);
    const avg = s / p;
    const dev = meanDevSum(this.buf, i - p + 1, this.mask, p, avg);
    const diff = tp - avg;
    this.v = diff !== 0 && dev !== 0 ? (diff * (p / 0.015)) / dev : 0;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.count = 0;
    this.sum.reset();
    this.v = undefined;
  }
}
