import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod, ensureReal } from './core/errors.ts';
import { trueRange } from './atr.ts';

export type SuperTrendOutputs = { readonly supertrend: number; readonly direction: number };
export type SuperTrendColumns = { supertrend: Float64Array; direction: Float64Array };

/**
 * SuperTrend exactly as TradingView's ta.supertrend(factor, atrPeriod): bands hl2 +/- factor*ATR that only ratchet
 * toward price, flipping when the close crosses the active band. Its ATR is TradingView's ta.atr (bar 0's TR is
 * high-low, RMA seeded with the SMA of the first atrPeriod TRs), so values start at atrPeriod-1 — unlike this
 * library's TA-Lib-style ATR indicator, which starts at atrPeriod. direction: +1 up (line below price), -1 down.
 * NOTE: TradingView's second return value uses the opposite sign (-1 = up).
 */
class StState {
  private n = 0;
  private prevClose = NaN;
  private trSum = 0;
  private atr = NaN;
  private upper = NaN;
  private lower = NaN;
  private st = NaN;
  supertrend = NaN;
  direction = NaN;

  constructor(readonly period: number, readonly factor: number) {}

  step(h: number, l: number, c: number): void {
    const p = this.period;
    const tr = this.n === 0 ? h - l : trueRange(h, l, this.prevClose);
    const hadAtr = this.atr === this.atr;
    this.n++;
    if (!hadAtr) {
      this.trSum += tr;
      if (this.n === p) this.atr = this.trSum / p;
    } else {
      // Pine's ta.rma: alpha*x + (1-alpha)*prev with alpha = 1/p.
      this.atr = (1 / p) * tr + (1 - 1 / p) * this.atr;
    }
    const prevCloseForBands = this.prevClose;
    this.prevClose = c;
    if (this.atr !== this.atr) return;
    const src = (h + l) / 2;
    let upper = src + this.factor * this.atr;
    let lower = src - this.factor * this.atr;
    const prevLower = this.lower === this.lower ? this.lower : 0;
    const prevUpper = this.upper === this.upper ? this.upper : 0;
    lower = lower > prevLower || prevCloseForBands < prevLower ? lower : prevLower;
    upper = upper < prevUpper || prevCloseForBands > prevUpper ? upper : prevUpper;
    let dir: number;
    if (!hadAtr) dir = -1;
    else if (this.st === prevUpper) dir = c > upper ? 1 : -1;
    else dir = c < lower ? -1 : 1;
    this.st = dir === 1 ? lower : upper;
    this.upper = upper;
    this.lower = lower;
    this.supertrend = this.st;
    this.direction = dir;
  }
}

function check(atrPeriod: number, factor: number): void {
  ensurePeriod('supertrend', 'atrPeriod', atrPeriod);
  ensureReal('supertrend', 'factor', factor, 0.01, 100);
}

export function supertrend(high: Float64Array, low: Float64Array, close: Float64Array, atrPeriod = 10, factor = 3, out: SuperTrendColumns = { supertrend: outArray(close.length), direction: outArray(close.length) }): SuperTrendColumns {
  check(atrPeriod, factor);
  forEachSegment([high, low, close], [out.supertrend, out.direction], [atrPeriod - 1, atrPeriod - 1], ([h, l, c], [st, dir]) => {
    const s = new StState(atrPeriod, factor);
    for (let i = 0; i < c.length; i++) {
      s.step(h[i], l[i], c[i]);
      st[i] = s.supertrend;
      dir[i] = s.direction;
    }
  });
  return out;
}

export class SuperTrend implements StreamingIndicator<SuperTrendOutputs> {
  private s: StState;
  private v: SuperTrendOutputs | undefined = undefined;

  constructor(readonly atrPeriod = 10, readonly factor = 3) {
    check(atrPeriod, factor);
    this.s = new StState(atrPeriod, factor);
  }

  update(bar: BarLike): SuperTrendOutputs | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    this.s.step(high, low, close);
    const st = this.s.supertrend;
    this.v = st === st ? { supertrend: st, direction: this.s.direction } : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): SuperTrendOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.s = new StState(this.atrPeriod, this.factor);
    this.v = undefined;
  }
}
