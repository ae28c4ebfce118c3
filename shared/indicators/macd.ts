import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod, IndicatorParamError } from './core/errors.ts';
import { SeededEMA } from './ema.ts';
import { Ring } from './core/ring.ts';

export type MacdOutputs = {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
};

function check(fast: number, slow: number, signal: number): void {
  ensurePeriod('macd', 'fast', fast);
  ensurePeriod('macd', 'slow', slow, 2);
  ensurePeriod('macd', 'signal', signal);
  if (fast >= slow) throw new IndicatorParamError(`macd: fast (${fast}) must be shorter than slow (${slow})`);
}

/**
 * MACD as TA-Lib computes it: both EMAs start on the same bar, slow-1: the slow EMA is seeded with the SMA of the
 * first `slow` closes and the fast EMA with the SMA of the `fast` closes ending on that bar (TradingView instead
 * starts the fast EMA at fast-1; the two converge — see docs). Signal = EMA(macd, signal) seeded with the SMA of its
 * first `signal` values. The macd line starts at slow-1; signal and histogram at slow+signal-2 (TA-Lib outputs all
 * three from there).
 */
export function macd(
  src: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
  out: { macd: Float64Array; signal: Float64Array; histogram: Float64Array } = { macd: outArray(src.length), signal: outArray(src.length), histogram: outArray(src.length) },
): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  check(fast, slow, signal);
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  const kg = 2 / (signal + 1);
  const af = 1 - kf;
  const as = 1 - ks;
  const ag = 1 - kg;
  // One pass: the operations of three EMA kernels (slow from 0, fast from slow-fast, signal over the MACD line).
  forEachSegment([src], [out.macd, out.signal, out.histogram], [slow - 1, slow + signal - 2, slow + signal - 2], ([x], [m, s, h]) => {
    const n = x.length;
    if (n < slow) return;
    let sumS = 0;
    for (let i = 0; i < slow; i++) sumS += x[i];
    let sumF = 0;
    for (let i = slow - fast; i < slow; i++) sumF += x[i];
    let es = sumS / slow;
    let ef = sumF / fast;
    let line = ef - es;
    m[slow - 1] = line;
    const sigStart = slow + signal - 2;
    let sumG = 0 + line;
    for (let i = slow; i < n && i <= sigStart; i++) {
      es = es * as + x[i] * ks;
      ef = ef * af + x[i] * kf;
      line = ef - es;
      m[i] = line;
      sumG += line;
    }
    if (n <= sigStart) return;
    let g = sumG / signal;
    s[sigStart] = g;
    h[sigStart] = line - g;
    for (let i = sigStart + 1; i < n; i++) {
      es = es * as + x[i] * ks;
      ef = ef * af + x[i] * kf;
      line = ef - es;
      g = g * ag + line * kg;
      m[i] = line;
      s[i] = g;
      h[i] = line - g;
    }
  });
  return out;
}

export class MACD implements StreamingIndicator<MacdOutputs> {
  private readonly slowEma: SeededEMA;
  private readonly recent: Ring; // the last `fast` closes, to seed the fast EMA on bar slow-1
  private fastV: number | undefined = undefined;
  private readonly sig: SeededEMA;
  private readonly kf: number;
  private v: MacdOutputs | undefined = undefined;
  /** The MACD line alone, available from bar slow-1 (before the signal line is ready). */
  line: number | undefined = undefined;

  constructor(readonly fast = 12, readonly slow = 26, readonly signal = 9) {
    check(fast, slow, signal);
    this.slowEma = new SeededEMA(slow, 2 / (slow + 1));
    this.sig = new SeededEMA(signal, 2 / (signal + 1));
    this.recent = new Ring(fast);
    this.kf = 2 / (fast + 1);
  }

  update(bar: BarLike): MacdOutputs | undefined {
    return this.push(bar.close);
  }

  push(x: number): MacdOutputs | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const s = this.slowEma.push(x);
    if (this.fastV !== undefined) {
      this.fastV = this.fastV * (1 - this.kf) + x * this.kf;
    } else {
      this.recent.push(x);
      if (s !== undefined) this.fastV = this.recent.sum() / this.fast;
    }
    if (s === undefined || this.fastV === undefined) return undefined;
    const m = this.fastV - s;
    this.line = m;
    const g = this.sig.push(m);
    this.v = g === undefined ? undefined : { macd: m, signal: g, histogram: m - g };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): MacdOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.slowEma.reset();
    this.sig.reset();
    this.recent.clear();
    this.fastV = undefined;
    this.line = undefined;
    this.v = undefined;
  }
}
