import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, RollingSum, resumInterval } from './core/ring.ts';

/**
 * Commodity channel index (TA-Lib CCI): tp = (h+l+c)/3; CCI = (tp - SMA(tp)) / (0.015 * mean |tp - SMA(tp)|) over
 * `period` bars; 0 when either is 0. The mean is a running sum (re-summed periodically); the mean deviation needs
 * the whole window, so each step is O(period) — the one indicator here whose update is not O(1).
 */
export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period = 20, out: Float64Array = nanArray(close.length)): Float64Array {
  ensurePeriod('cci', 'period', period, 2);
  const p = period;
  forEachSegment([high, low, close], [out], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < p) return;
    const tp = scratch(0, n);
    for (let i = 0; i < n; i++) tp[i] = (h[i] + l[i] + c[i]) / 3;
    let sum = 0;
    for (let i = 0; i < p - 1; i++) sum += tp[i];
    const every = resumInterval(p);
    let next = p - 1 + every;
    for (let i = p - 1; i < n; i++) {
      if (i === p - 1) sum += tp[i];
      else sum += tp[i] - tp[i - p];
      if (i === next) {
        next += every;
        sum = 0;
        for (let j = i - p + 1; j <= i; j++) sum += tp[j];
      }
      const avg = sum / p;
      let dev = 0;
      for (let j = i - p + 1; j <= i; j++) dev += Math.abs(tp[j] - avg);
      const diff = tp[i] - avg;
      o[i] = diff !== 0 && dev !== 0 ? diff / (0.015 * (dev / p)) : 0;
    }
  });
  return out;
}

export class CCI implements StreamingIndicator<number> {
  private readonly ring: Ring;
  private readonly sum: RollingSum;
  private v: number | undefined = undefined;

  constructor(readonly period = 20) {
    ensurePeriod('cci', 'period', period, 2);
    this.ring = new Ring(period);
    this.sum = new RollingSum(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const tp = (high + low + close) / 3;
    this.ring.push(tp);
    const s = this.sum.push(tp);
    if (!this.ring.full) return (this.v = undefined);
    const p = this.period;
    const avg = s / p;
    let dev = 0;
    for (let j = 0; j < p; j++) dev += Math.abs(this.ring.at(j) - avg);
    const diff = tp - avg;
    this.v = diff !== 0 && dev !== 0 ? diff / (0.015 * (dev / p)) : 0;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.ring.clear();
    this.sum.reset();
    this.v = undefined;
  }
}
