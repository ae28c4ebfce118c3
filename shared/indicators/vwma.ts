import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { RollingSum, resumInterval } from './core/ring.ts';

/**
 * Volume-weighted moving average: sum(close*volume)/sum(volume) over `period` bars (TradingView ta.vwma).
 * NaN where the window's volume is zero. First value at period-1.
 */
export function vwma(close: Float64Array, volume: Float64Array, period: number, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('vwma', 'period', period);
  // Optimistic single pass: a NaN close or volume turns the running sums NaN on its own bar, so the kernel reports it
  // and only then is the series split at its NaN rows (saves a separate NaN scan of both columns).
  out.fill(NaN, 0, Math.min(period - 1, out.length));
  if (!vwmaKernel(close, volume, out, period)) return out;
  forEachSegment([close, volume], [out], [period - 1], ([c, v], [o]) => {
    vwmaKernel(c, v, o, period);
  });
  return out;
}

/** Writes VWMA from p-1 on; returns true when it met a NaN (then its output is not usable). */
function vwmaKernel(c: Float64Array, v: Float64Array, o: Float64Array, p: number): boolean {
  const n = c.length;
  if (n < p) return false;
  const nan = Number.NaN;
  let bad = false;
  let pv = 0;
  let vs = 0;
  for (let i = 0; i < p; i++) {
    pv += c[i] * v[i];
    vs += v[i];
  }
  if (pv !== pv || vs !== vs) bad = true;
  o[p - 1] = vs !== 0 ? pv / vs : nan;
  const every = resumInterval(p);
  let next = p - 1 + every;
  for (let i = p; i < n; i++) {
    pv += c[i] * v[i] - c[i - p] * v[i - p];
    vs += v[i] - v[i - p];
    if (pv !== pv || vs !== vs) bad = true;
    if (i === next) {
      next += every;
      pv = 0;
      vs = 0;
      for (let j = i - p + 1; j <= i; j++) {
        pv += c[j] * v[j];
        vs += v[j];
      }
    }
    // Divide first, then select: a `cond ? a / b : NaN` in this loop costs V8 ~60% more time.
    const q = pv / vs;
    o[i] = vs !== 0 ? q : nan;
  }
  return bad;
}

export class VWMA implements StreamingIndicator<number> {
  private readonly pv: RollingSum;
  private readonly vs: RollingSum;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('vwma', 'period', period);
    this.pv = new RollingSum(period);
    this.vs = new RollingSum(period);
  }

  update(bar: BarLike): number | undefined {
    const c = bar.close;
    const vol = bar.volume;
    if (c !== c || vol !== vol) {
      this.reset();
      return undefined;
    }
    const a = this.pv.push(c * vol);
    const b = this.vs.push(vol);
    this.v = this.pv.full ? (b !== 0 ? a / b : NaN) : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.pv.reset();
    this.vs.reset();
    this.v = undefined;
  }
}
