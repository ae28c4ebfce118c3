import type { BarLike, StreamingIndicator } from './types.ts';
import { optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';

/**
 * True range max(high - low, |high - prevClose|, |low - prevClose|) = max(high, prevClose) - min(low, prevClose),
 * computed without branches as ((h + pc + |h - pc|) - (l + pc - |l - pc|)) / 2: which of the three ranges wins is
 * data-dependent, and the mispredicted branches cost 3x the ATR loop's time. The result may differ from TA-Lib's
 * TRANGE in the last bit or two (~1e-13 on prices in the thousands); 0 stays exactly 0 on a flat series.
 * Undefined for the first bar (TA-Lib TRANGE starts at 1).
 */
export function trueRange(high: number, low: number, prevClose: number): number {
  return (high + prevClose + Math.abs(high - prevClose) - (low + prevClose - Math.abs(low - prevClose))) * 0.5;
}

/**
 * Average true range with Wilder smoothing (TA-Lib ATR): the first value, at index `period`, is the mean of TR over
 * bars 1..period; then atr = (atr*(p-1) + tr)/p. TradingView's ta.atr also counts bar 0's high-low, so its early
 * values differ (see docs/indicators.md); they converge.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('atr', 'period', period);
  optimistic([high, low, close], [out], [period], ([h, l, c], [o]) => {
    atrKernel(h, l, c, o, period);
    return atrPoisoned(h, l, c, c.length > 0 ? o[c.length - 1] : 0, period);
  });
  return out;
}

/**
 * Whether the ATR recursion met a NaN: every TR from bar 1 on enters the running average, where a NaN stays for good
 * (the last output is NaN); bar 0's high/low and the last close are not read by it, so they are checked directly.
 * Short series (n <= p) are scanned.
 */
function atrPoisoned(h: Float64Array, l: Float64Array, c: Float64Array, lastAtr: number, p: number): boolean {
  const n = c.length;
  if (n === 0) return false;
  if (n <= p) {
    let s = 0;
    for (let i = 0; i < n; i++) s += h[i] + l[i] + c[i];
    return s !== s;
  }
  return lastAtr !== lastAtr || h[0] !== h[0] || l[0] !== l[0] || c[n - 1] !== c[n - 1];
}

export function atrKernel(h: Float64Array, l: Float64Array, c: Float64Array, o: Float64Array, p: number): void {
  const n = c.length;
  if (n <= p) return;
  let sum = 0;
  for (let i = 1; i <= p; i++) sum += trueRange(h[i], l[i], c[i - 1]);
  let prev = sum / p;
  o[p] = prev;
  // Wilder's (prev*(p-1) + tr)/p as prev*a + tr*b: no division on the dependency chain (values agree with TA-Lib
  // to ~1 ulp; the recursion is contractive).
  const a = (p - 1) / p;
  const b = 1 / p;
  for (let i = p + 1; i < n; i++) {
    prev = prev * a + trueRange(h[i], l[i], c[i - 1]) * b;
    o[i] = prev;
  }
}

/** Normalised ATR (TA-Lib NATR): 100 * ATR / close; 0 where close is 0. */
export function natr(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('natr', 'period', period);
  optimistic([high, low, close], [out], [period], ([h, l, c], [o]) => {
    return atrPoisoned(h, l, c, natrKernel(h, l, c, o, period), period);
  });
  return out;
}

/**
 * ATR's loop writing 100*ATR/close directly (one pass; the division is off the ATR's dependency chain). Returns the
 * last ATR (NaN once a NaN was met), not the last output, which is 0 on a zero close.
 */
function natrKernel(h: Float64Array, l: Float64Array, c: Float64Array, o: Float64Array, p: number): number {
  const n = c.length;
  if (n <= p) return 0;
  let sum = 0;
  for (let i = 1; i <= p; i++) sum += trueRange(h[i], l[i], c[i - 1]);
  let prev = sum / p;
  o[p] = c[p] !== 0 ? (prev / c[p]) * 100 : 0;
  const a = (p - 1) / p;
  const b = 1 / p;
  for (let i = p + 1; i < n; i++) {
    prev = prev * a + trueRange(h[i], l[i], c[i - 1]) * b;
    const ci = c[i];
    const q = (prev / ci) * 100;
    o[i] = ci !== 0 ? q : 0;
  }
  return prev;
}

export class ATR implements StreamingIndicator<number> {
  private prevClose = NaN;
  private n = 0;
  private sum = 0;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('atr', 'period', period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) return undefined;
    const tr = trueRange(high, low, pc);
    const p = this.period;
    if (this.v !== undefined) {
      this.v = this.v * ((p - 1) / p) + tr * (1 / p);
    } else {
      this.sum += tr;
      if (++this.n === p) this.v = this.sum / p;
    }
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.prevClose = NaN;
    this.n = 0;
    this.sum = 0;
    this.v = undefined;
  }
}

export class NATR implements StreamingIndicator<number> {
  private readonly inner: ATR;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('natr', 'period', period);
    this.inner = new ATR(period);
  }

  update(bar: BarLike): number | undefined {
    const a = this.inner.update(bar);
    this.v = a === undefined ? undefined : bar.close !== 0 ? (a / bar.close) * 100 : 0;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.inner.reset();
    this.v = undefined;
  }
}
