import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, resumInterval } from './core/ring.ts';

// TA-Lib KAMA's fixed fast (2) and slow (30) constants.
const SLOW = 2 / (30 + 1);
const DIFF = 2 / (2 + 1) - SLOW;

/** TA-Lib's efficiency ratio, including its quirks: ratio 1 when the path length is ~0 or not above the net move. */
function smoothing(netMove: number, path: number): number {
  const er = path <= netMove || (path > -1e-8 && path < 1e-8) ? 1 : Math.abs(netMove / path);
  const sc = er * DIFF + SLOW;
  return sc * sc;
}

/**
 * Kaufman adaptive moving average (TA-Lib KAMA, fast 2 / slow 30). ER = |x[t]-x[t-p]| / sum |x[i]-x[i-1]| over p
 * steps; sc = (ER*(2/3-2/31)+2/31)^2; KAMA = prev + sc*(x - prev), started from prev = x[p-1]. First value at p.
 */
export function kama(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('kama', 'period', period);
  forEachSegment([src], [out], [period], ([x], [o]) => {
    const n = x.length;
    const p = period;
    if (n <= p) return;
    let path = 0;
    for (let i = 1; i <= p; i++) path += Math.abs(x[i] - x[i - 1]);
    let prev = x[p - 1];
    prev = (x[p] - prev) * smoothing(x[p] - x[0], path) + prev;
    o[p] = prev;
    const every = resumInterval(p);
    let next = p + every;
    for (let i = p + 1; i < n; i++) {
      path += Math.abs(x[i] - x[i - 1]) - Math.abs(x[i - p] - x[i - p - 1]);
      if (i === next) {
        next += every;
        path = 0;
        for (let j = i - p + 1; j <= i; j++) path += Math.abs(x[j] - x[j - 1]);
      }
      prev = (x[i] - prev) * smoothing(x[i] - x[i - p], path) + prev;
      o[i] = prev;
    }
  });
  return out;
}

export class KAMA implements SeriesIndicator {
  private readonly closes: Ring; // last p+1 values
  private path = 0;
  private steps = 0;
  private readonly every: number;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('kama', 'period', period);
    this.closes = new Ring(period + 1);
    this.every = resumInterval(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const r = this.closes;
    const p = this.period;
    const wasFull = r.full;
    if (wasFull) this.path += Math.abs(x - r.back(0)) - Math.abs(r.at(1) - r.at(0));
    else if (r.length > 0) this.path += Math.abs(x - r.back(0));
    r.push(x);
    if (!r.full) return undefined;
    if (wasFull && ++this.steps === this.every) {
      this.steps = 0;
      this.path = 0;
      for (let j = 1; j <= p; j++) this.path += Math.abs(r.at(j) - r.at(j - 1));
    }
    const prev = this.v === undefined ? r.at(p - 1) : this.v;
    this.v = (x - prev) * smoothing(x - r.at(0), this.path) + prev;
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
    this.closes.clear();
    this.path = 0;
    this.steps = 0;
    this.v = undefined;
  }
}
