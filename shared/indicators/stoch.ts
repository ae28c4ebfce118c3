import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingHighLow, SlidingExtreme } from './core/extrema.ts';
import { smaKernel, SMA } from './sma.ts';

export type StochOutputs = { readonly k: number; readonly d: number };
export type StochColumns = { k: Float64Array; d: Float64Array };

/**
 * Raw %K: 100 * (close - LL) / (HH - LL), 0 when HH == LL (TA-Lib's rule). TA-Lib divides twice,
 * (close - LL) / ((HH - LL)/100); one division is as exact (values agree to ~1e-14) and twice as fast.
 */
export function rawK(close: number, hh: number, ll: number): number {
  const range = hh - ll;
  return range !== 0 ? ((close - ll) / range) * 100 : 0;
}

/**
 * Stochastic oscillator (TA-Lib STOCH with SMA smoothing): raw %K over `kPeriod` bars, %K = SMA(raw, kSmooth),
 * %D = SMA(%K, dPeriod). kSmooth = 1 gives the fast stochastic (TA-Lib STOCHF). %K starts at kPeriod+kSmooth-2,
 * %D at kPeriod+kSmooth+dPeriod-3 (TA-Lib outputs both from the latter).
 */
export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod = 14,
  kSmooth = 3,
  dPeriod = 3,
  out: StochColumns = { k: outArray(close.length), d: outArray(close.length) },
): StochColumns {
  checkStoch(kPeriod, kSmooth, dPeriod);
  optimistic([high, low, close], [out.k, out.d], [kPeriod + kSmooth - 2, kPeriod + kSmooth + dPeriod - 3], ([h, l, c], [k, d]) => {
    const n = c.length;
    if (n < kPeriod) return anyColumnNaN([h, l, c]);
    const hh = scratch(0, n);
    const ll = scratch(1, n);
    let bad = rollingHighLow(h, l, kPeriod, hh, ll);
    let chk = 0;
    for (let i = 0; i < kPeriod - 1; i++) chk += c[i];
    // hh becomes the raw %K (see rawK).
    for (let i = kPeriod - 1; i < n; i++) {
      const lo = ll[i];
      const ci = c[i];
      chk += ci;
      const range = hh[i] - lo;
      hh[i] = range !== 0 ? ((ci - lo) / range) * 100 : 0;
    }
    if (chk !== chk) bad = true;
    smoothKD(hh, k, d, kPeriod - 1, kSmooth, dPeriod);
    return bad;
  });
  return out;
}

/** %K = SMA(raw, kSmooth) from `from`, %D = SMA(%K, dPeriod). Shared with Stoch RSI. */
export function smoothKD(raw: Float64Array, k: Float64Array, d: Float64Array, from: number, kSmooth: number, dPeriod: number): void {
  const n = raw.length;
  if (kSmooth === 1) k.set(raw.subarray(from), from);
  else smaKernel(raw.subarray(from), k.subarray(from), kSmooth);
  const kFrom = from + kSmooth - 1;
  if (kFrom < n) smaKernel(k.subarray(kFrom), d.subarray(kFrom), dPeriod);
}

function checkStoch(kPeriod: number, kSmooth: number, dPeriod: number): void {
  ensurePeriod('stoch', 'kPeriod', kPeriod);
  ensurePeriod('stoch', 'kSmooth', kSmooth);
  ensurePeriod('stoch', 'dPeriod', dPeriod);
}

export class Stochastic implements StreamingIndicator<StochOutputs> {
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private readonly ks: SMA | null;
  private readonly ds: SMA;
  private v: StochOutputs | undefined = undefined;

  constructor(readonly kPeriod = 14, readonly kSmooth = 3, readonly dPeriod = 3) {
    checkStoch(kPeriod, kSmooth, dPeriod);
    this.hh = new SlidingExtreme(kPeriod, true);
    this.ll = new SlidingExtreme(kPeriod, false);
    this.ks = kSmooth === 1 ? null : new SMA(kSmooth);
    this.ds = new SMA(dPeriod);
  }

  update(bar: BarLike): StochOutputs | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const hh = this.hh.push(high);
    const ll = this.ll.push(low);
    if (this.hh.count < this.kPeriod) return undefined;
    const raw = rawK(close, hh, ll);
    const k = this.ks === null ? raw : this.ks.push(raw);
    if (k === undefined) return undefined;
    const d = this.ds.push(k);
    this.v = d === undefined ? undefined : { k, d };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): StochOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.ks?.reset();
    this.ds.reset();
    this.v = undefined;
  }
}
