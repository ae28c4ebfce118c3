import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring } from './core/ring.ts';

/**
 * Commodity channel index (TA-Lib CCI): tp = (h+l+c)/3; CCI = (tp - SMA(tp)) / (0.015 * mean |tp - SMA(tp)|) over
 * `period` bars; 0 when either is 0. The mean deviation needs the whole window, so each step is O(period) — the one
 * indicator here whose update is not O(1). The window mean is re-summed each step as TA-Lib does (no drift).
 */
export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period = 20, out: Float64Array = nanArray(close.length)): Float64Array {
  ensurePeriod('cci', 'period', period, 2);
  forEachSegment([high, low, close], [out], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < period) return;
    const tp = new Float64Array(n);
    for (let i = 0; i < n; i++) tp[i] = (h[i] + l[i] + c[i]) / 3;
    for (let i = period - 1; i < n; i++) o[i] = cciAt(tp, i - period + 1, period);
  });
  return out;
}

function cciAt(tp: Float64Array | { at(i: number): number }, start: number, p: number): number {
  const get = tp instanceof Float64Array ? (j: number) => tp[start + j] : (j: number) => tp.at(j);
  let avg = 0;
  for (let j = 0; j < p; j++) avg += get(j);
  avg /= p;
  let dev = 0;
  for (let j = 0; j < p; j++) dev += Math.abs(get(j) - avg);
  const diff = get(p - 1) - avg;
  return diff !== 0 && dev !== 0 ? diff / (0.015 * (dev / p)) : 0;
}

export class CCI implements StreamingIndicator<number> {
  private readonly ring: Ring;
  private v: number | undefined = undefined;

  constructor(readonly period = 20) {
    ensurePeriod('cci', 'period', period, 2);
    this.ring = new Ring(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    this.ring.push((high + low + close) / 3);
    this.v = this.ring.full ? cciAt(this.ring, 0, this.period) : undefined;
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
    this.v = undefined;
  }
}
