import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod, ensureReal } from './core/errors.ts';
import { emaKernel, EMA } from './ema.ts';
import { atrKernel, ATR } from './atr.ts';
import type { BandColumns, BandOutputs } from './bbands.ts';

/**
 * Keltner channel: middle = EMA(close, period); upper/lower = middle +/- mult * ATR(atrPeriod) (TA-Lib-style EMA
 * and Wilder ATR, as in this library). TradingView's default (20, 2, ATR 10) is the default here. First value at
 * max(period-1, atrPeriod).
 */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 20,
  mult = 2,
  atrPeriod = 10,
  out: BandColumns = { upper: outArray(close.length), middle: outArray(close.length), lower: outArray(close.length) },
): BandColumns {
  check(period, mult, atrPeriod);
  forEachSegment([high, low, close], [out.upper, out.middle, out.lower], [Math.max(period - 1, atrPeriod), Math.max(period - 1, atrPeriod), Math.max(period - 1, atrPeriod)], ([h, l, c], [u, m, lo]) => {
    const n = c.length;
    emaKernel(c, m, period, 2 / (period + 1), 0);
    atrKernel(h, l, c, u, atrPeriod);
    const start = Math.max(period - 1, atrPeriod);
    for (let i = 0; i < Math.min(start, n); i++) {
      m[i] = NaN;
      u[i] = NaN;
    }
    for (let i = start; i < n; i++) {
      const d = mult * u[i];
      u[i] = m[i] + d;
      lo[i] = m[i] - d;
    }
  });
  return out;
}

function check(period: number, mult: number, atrPeriod: number): void {
  ensurePeriod('keltner', 'period', period);
  ensureReal('keltner', 'mult', mult, 0, 100);
  ensurePeriod('keltner', 'atrPeriod', atrPeriod);
}

export class KeltnerChannels implements StreamingIndicator<BandOutputs> {
  private readonly ema: EMA;
  private readonly atr: ATR;
  private v: BandOutputs | undefined = undefined;

  constructor(readonly period = 20, readonly mult = 2, readonly atrPeriod = 10) {
    check(period, mult, atrPeriod);
    this.ema = new EMA(period);
    this.atr = new ATR(atrPeriod);
  }

  update(bar: BarLike): BandOutputs | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const m = this.ema.push(close);
    const a = this.atr.update(bar);
    if (m === undefined || a === undefined) return (this.v = undefined);
    const d = this.mult * a;
    this.v = { upper: m + d, middle: m, lower: m - d };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): BandOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.v = undefined;
  }
}
