import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, resumInterval } from './core/ring.ts';

// S2 (the x-weighted sum) absorbs S1's rounding error every step, like WMA's weighted sum: re-sum often.
const RESUM = 64;

/**
 * Least-squares slope of the last N values against time (TA-Lib LINEARREG_SLOPE), in price units per bar.
 * O(1) per step: sums S1 = sum(d) and S2 = sum(j*d) over the window (j = 0 oldest .. N-1 newest) of d = x - anchor,
 * the anchor reset at each periodic re-sum so the sums stay small. slope = (N*S2 - Sx*S1) / (N*Sxx - Sx^2).
 */
export function linregSlope(src: Float64Array, period = 14, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('linregslope', 'period', period, 2);
  const p = period;
  const sx = (p * (p - 1)) / 2;
  const div = p * ((p * (p - 1) * (2 * p - 1)) / 6) - sx * sx;
  forEachSegment([src], [out], [p - 1], ([x], [o]) => {
    const n = x.length;
    if (n < p) return;
    let anchor = x[0];
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < p; j++) {
      const d = x[j] - anchor;
      s1 += d;
      s2 += j * d;
    }
    o[p - 1] = (p * s2 - sx * s1) / div;
    const every = resumInterval(p, RESUM);
    let next = p - 1 + every;
    for (let i = p; i < n; i++) {
      const dOld = x[i - p] - anchor;
      const dNew = x[i] - anchor;
      s2 += (p - 1) * dNew - (s1 - dOld);
      s1 += dNew - dOld;
      if (i === next) {
        next += every;
        anchor = x[i];
        s1 = 0;
        s2 = 0;
        for (let j = 0; j < p; j++) {
          const d = x[i - p + 1 + j] - anchor;
          s1 += d;
          s2 += j * d;
        }
      }
      o[i] = (p * s2 - sx * s1) / div;
    }
  });
  return out;
}

export class LinRegSlope implements SeriesIndicator {
  private readonly ring: Ring;
  private anchor = NaN;
  private s1 = 0;
  private s2 = 0;
  private steps = 0;
  private readonly every: number;
  private readonly sx: number;
  private readonly div: number;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('linregslope', 'period', period, 2);
    const p = period;
    this.ring = new Ring(p);
    this.every = resumInterval(p, RESUM);
    this.sx = (p * (p - 1)) / 2;
    this.div = p * ((p * (p - 1) * (2 * p - 1)) / 6) - this.sx * this.sx;
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const p = this.period;
    if (this.anchor !== this.anchor) this.anchor = x;
    if (!this.ring.full) {
      const d = x - this.anchor;
      this.s2 += this.ring.length * d;
      this.s1 += d;
      this.ring.push(x);
      if (!this.ring.full) return undefined;
    } else {
      const dOld = this.ring.push(x) - this.anchor;
      const dNew = x - this.anchor;
      this.s2 += (p - 1) * dNew - (this.s1 - dOld);
      this.s1 += dNew - dOld;
      if (++this.steps === this.every) {
        this.steps = 0;
        this.anchor = x;
        this.s1 = 0;
        this.s2 = 0;
        for (let j = 0; j < p; j++) {
          const d = this.ring.at(j) - x;
          this.s1 += d;
          this.s2 += j * d;
        }
      }
    }
    this.v = (p * this.s2 - this.sx * this.s1) / this.div;
    return this.v;
  }

  update(bar: BarLike): number | undefined {
    return this.push(bar.close);
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.ring.clear();
    this.anchor = NaN;
    this.s1 = 0;
    this.s2 = 0;
    this.steps = 0;
    this.v = undefined;
  }
}
