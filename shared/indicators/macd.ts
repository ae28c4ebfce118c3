import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod, IndicatorParamError } from './core/errors.ts';
import { emaKernel, SeededEMA } from './ema.ts';
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
  out: { macd: Float64Array; signal: Float64Array; histogram: Float64Array } = { macd: nanArray(src.length), signal: nanArray(src.length), histogram: nanArray(src.length) },
): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  check(fast, slow, signal);
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  const kg = 2 / (signal + 1);
  forEachSegment([src], [out.macd, out.signal, out.histogram], ([x], [m, s, h]) => {
    const n = x.length;
    if (n < slow) return;
    // The slow EMA goes into s (scratch), the fast EMA into h (scratch), both from `slow-1`.
    emaKernel(x, s, slow, ks, 0);
    emaKernel(x, h, fast, kf, slow - fast);
    for (let i = slow - 1; i < n; i++) m[i] = h[i] - s[i];
    s.fill(NaN);
    h.fill(NaN);
    emaKernel(m, s, signal, kg, slow - 1);
    for (let i = slow + signal - 2; i < n; i++) h[i] = m[i] - s[i];
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
      this.fastV = (x - this.fastV) * this.kf + this.fastV;
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
