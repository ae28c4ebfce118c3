import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { wmaKernel, WMA } from './wma.ts';

/**
 * Hull moving average: WMA(2*WMA(x, floor(p/2)) - WMA(x, p), floor(sqrt(p))). First value at p-1 + floor(sqrt(p))-1.
 * Same definition as TradingView's ta.hma. Needs period >= 2.
 */
export function hma(src: Float64Array, period: number, out: Float64Array = nanArray(src.length)): Float64Array {
  ensurePeriod('hma', 'period', period, 2);
  const half = Math.floor(period / 2);
  const sq = Math.floor(Math.sqrt(period));
  const n = src.length;
  const a = scratch(0, n);
  const b = scratch(1, n);
  forEachSegment([src], [out, a, b], ([x], [o, wh, wf]) => {
    const len = x.length;
    if (len < period) return;
    wmaKernel(x, wh, half);
    wmaKernel(x, wf, period);
    // Reuse wh as the raw series from index period-1 on.
    for (let i = period - 1; i < len; i++) wh[i] = 2 * wh[i] - wf[i];
    wmaKernel(wh.subarray(period - 1), o.subarray(period - 1), sq);
  });
  return out;
}

export class HMA implements SeriesIndicator {
  private readonly half: WMA;
  private readonly full: WMA;
  private readonly smooth: WMA;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('hma', 'period', period, 2);
    this.half = new WMA(Math.floor(period / 2));
    this.full = new WMA(period);
    this.smooth = new WMA(Math.floor(Math.sqrt(period)));
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const h = this.half.push(x);
    const f = this.full.push(x);
    if (h === undefined || f === undefined) return undefined;
    this.v = this.smooth.push(2 * h - f);
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
    this.half.reset();
    this.full.reset();
    this.smooth.reset();
    this.v = undefined;
  }
}
