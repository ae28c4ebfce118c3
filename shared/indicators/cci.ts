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

/**
 * CCI of the window buf[from .. from+p-1] (newest last; indexes masked for a ring, -1 for a plain array) from the
 * differences to the newest typical price, which are exact for nearby prices. Used where the window's spread is at
 * the level of float64 rounding (a flat market: every typical price equal): there the running sum's rounding error
 * (~1e-16 of the price) would be the whole deviation and turn 0/0 into +-66.67. A flat window gives 0, as TA-Lib's
 * definition says (TA-Lib itself re-sums each window and gives 0 or rounding noise depending on the period).
 */
function cciAnchored(buf: Float64Array, from: number, mask: number, p: number): number {
  const last = buf[(from + p - 1) & mask];
  let s = 0;
  for (let j = 0; j < p; j++) s += buf[(from + j) & mask] - last;
  const mean = s / p; // average - last
  let dev = 0;
  for (let j = 0; j < p; j++) dev += Math.abs(buf[(from + j) & mask] - last - mean);
  const diff = -mean;
  return diff !== 0 && dev !== 0 ? (diff * (p / 0.015)) / dev : 0;
}

/** A deviation sum this small relative to the price (1e-9 of it per bar) is float64 rounding, not market movement. */
const TINY = 1e-9;

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
    return cciKernel(h, l, c, o, p);
  });
  return out;
}

/**
 * Batch CCI. Typical prices go to a scratch column, read contiguously by the deviation loop; the running sum (and
 * its re-sum schedule) is the streaming class's. Bars are done in pairs (i, i+1): their windows share p-1 values,
 * so each shared value is loaded once and its |tp - avg| added to both bars' sums (two partial sums per bar) —
 * about half the loads and loop overhead of one window per bar. The deviation sums are the same terms in another
 * order than the streaming class's four interleaved partials: equal to ~1e-15 relative.
 */
function cciKernel(h: Float64Array, l: Float64Array, c: Float64Array, o: Float64Array, p: number): boolean {
  const n = c.length;
  const tp = scratch(0, n);
  let chk = 0; // a NaN typical price poisons this sum: NaN met
  let sum = 0;
  for (let i = 0; i < p - 1; i++) {
    const t = (h[i] + l[i] + c[i]) / 3;
    chk += t;
    tp[i] = t;
    sum += t;
  }
  const every = resumInterval(p);
  let next = p - 1 + every;
  const k = p / 0.015;
  // First bar (window 0..p-1), alone.
  {
    const i = p - 1;
    const t = (h[i] + l[i] + c[i]) / 3;
    chk += t;
    tp[i] = t;
    sum += t;
    const avg = sum / p;
    let d0 = 0;
    for (let j = 0; j <= i; j++) d0 += Math.abs(tp[j] - avg);
    const diff = t - avg;
    const q = (diff * k) / d0;
    o[i] = d0 <= Math.abs(avg) * p * TINY ? cciAnchored(tp, i - p + 1, -1, p) : diff !== 0 && d0 !== 0 ? q : 0;
  }
  let i = p;
  for (; i + 1 < n; i += 2) {
    const t0 = (h[i] + l[i] + c[i]) / 3;
    const t1 = (h[i + 1] + l[i + 1] + c[i + 1]) / 3;
    chk += t0 + t1;
    tp[i] = t0;
    tp[i + 1] = t1;
    sum += t0 - tp[i - p];
    if (i === next) {
      next += every;
      sum = 0;
      for (let j = i - p + 1; j <= i; j++) sum += tp[j];
    }
    const A = sum / p;
    sum += t1 - tp[i + 1 - p];
    if (i + 1 === next) {
      next += every;
      sum = 0;
      for (let j = i - p + 2; j <= i + 1; j++) sum += tp[j];
    }
    const B = sum / p;
    // Window of bar i: i-p+1..i; of bar i+1: i-p+2..i+1; shared: i-p+2..i.
    let a0 = Math.abs(tp[i - p + 1] - A);
    let a1 = 0;
    let b0 = Math.abs(t1 - B);
    let b1 = 0;
    let j = i - p + 2;
    for (; j < i; j += 2) {
      const v0 = tp[j];
      const v1 = tp[j + 1];
      a0 += Math.abs(v0 - A);
      b0 += Math.abs(v0 - B);
      a1 += Math.abs(v1 - A);
      b1 += Math.abs(v1 - B);
    }
    if (j === i) {
      a0 += Math.abs(t0 - A);
      b0 += Math.abs(t0 - B);
    }
    const devA = a0 + a1;
    const devB = b0 + b1;
    const diffA = t0 - A;
    const diffB = t1 - B;
    const qA = (diffA * k) / devA;
    const qB = (diffB * k) / devB;
    o[i] = diffA !== 0 && devA !== 0 ? qA : 0;
    o[i + 1] = diffB !== 0 && devB !== 0 ? qB : 0;
    if (devA <= Math.abs(A) * p * TINY) o[i] = cciAnchored(tp, i - p + 1, -1, p);
    if (devB <= Math.abs(B) * p * TINY) o[i + 1] = cciAnchored(tp, i - p + 2, -1, p);
  }
  if (i < n) {
    // Last bar when the count is odd, alone.
    const t = (h[i] + l[i] + c[i]) / 3;
    chk += t;
    tp[i] = t;
    sum += t - tp[i - p];
    if (i === next) {
      sum = 0;
      for (let j = i - p + 1; j <= i; j++) sum += tp[j];
    }
    const avg = sum / p;
    let d0 = 0;
    for (let j = i - p + 1; j <= i; j++) d0 += Math.abs(tp[j] - avg);
    const diff = t - avg;
    const q = (diff * k) / d0;
    o[i] = d0 <= Math.abs(avg) * p * TINY ? cciAnchored(tp, i - p + 1, -1, p) : diff !== 0 && d0 !== 0 ? q : 0;
  }
  return chk !== chk;
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
    this.v = dev <= Math.abs(avg) * p * TINY
      ? cciAnchored(this.buf, i - p + 1, this.mask, p)
      : diff !== 0 && dev !== 0 ? (diff * (p / 0.015)) / dev : 0;
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
