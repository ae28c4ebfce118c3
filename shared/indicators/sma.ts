import type { BarLike, SeriesIndicator } from './types.ts';
import { optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { RollingSum, resumInterval } from './core/ring.ts';

/** Simple moving average: mean of the last `period` values. First value at index period-1 (TA-Lib SMA). */
export function sma(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('sma', 'period', period);
  // A NaN input turns the running sum NaN on its own bar (a later re-sum could hide it, so every bar is checked).
  optimistic([src], [out], [period - 1], ([x], [o]) => smaKernelChecked(x, o, period));
  return out;
}

/** The SMA core over a NaN-free run; also used by other batch indicators. */
export function smaKernel(x: Float64Array, o: Float64Array, p: number): void {
  const n = x.length;
  if (n < p) return;
  let sum = 0;
  for (let i = 0; i < p; i++) sum += x[i];
  o[p - 1] = sum / p;
  const every = resumInterval(p);
  let next = p - 1 + every;
  for (let i = p; i < n; i++) {
    sum += x[i] - x[i - p];
    if (i === next) {
      next += every;
      sum = 0;
      for (let j = i - p + 1; j <= i; j++) sum += x[j];
    }
    o[i] = sum / p;
  }
}

/** smaKernel with a NaN check per bar; returns true when it met a NaN (its output is then not usable). */
function smaKernelChecked(x: Float64Array, o: Float64Array, p: number): boolean {
  const n = x.length;
  let sum = 0;
  if (n < p) {
    for (let i = 0; i < n; i++) sum += x[i];
    return sum !== sum;
  }
  for (let i = 0; i < p; i++) sum += x[i];
  let bad = sum !== sum;
  o[p - 1] = sum / p;
  const every = resumInterval(p);
  let next = p - 1 + every;
  for (let i = p; i < n; i++) {
    sum += x[i] - x[i - p];
    if (sum !== sum) bad = true;
    if (i === next) {
      next += every;
      sum = 0;
      for (let j = i - p + 1; j <= i; j++) sum += x[j];
    }
    o[i] = sum / p;
  }
  return bad;
}

export class SMA implements SeriesIndicator {
  private readonly win: RollingSum;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('sma', 'period', period);
    this.win = new RollingSum(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const s = this.win.push(x);
    this.v = this.win.full ? s / this.period : undefined;
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
    this.win.reset();
    this.v = undefined;
  }
}
