import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingHighLow, SlidingExtreme } from './core/extrema.ts';
import { rsiKernel, RSI } from './rsi.ts';
import { rawK, smoothKD, type StochColumns, type StochOutputs } from './stoch.ts';
import { SMA } from './sma.ts';

/**
 * Stochastic RSI in TradingView's form: r = RSI(rsiPeriod); raw = 100*(r - min r)/(max r - min r) over stochPeriod
 * (0 when flat, TA-Lib's rule); %K = SMA(raw, kSmooth); %D = SMA(%K, dSmooth). With kSmooth = 1 this is TA-Lib
 * STOCHRSI (fastk = raw, fastd = SMA(raw, dSmooth)).
 */
export function stochrsi(src: Float64Array, rsiPeriod = 14, stochPeriod = 14, kSmooth = 3, dSmooth = 3, out: StochColumns = { k: outArray(src.length), d: outArray(src.length) }): StochColumns {
  check(rsiPeriod, stochPeriod, kSmooth, dSmooth);
  optimistic([src], [out.k, out.d], [rsiPeriod + stochPeriod + kSmooth - 2, rsiPeriod + stochPeriod + kSmooth + dSmooth - 3], ([x], [k, d]) => {
    const n = x.length;
    if (n <= rsiPeriod) return anyColumnNaN([x]);
    const r = scratch(0, n);
    const bad = rsiKernel(x, r, rsiPeriod);
    const rs = r.subarray(rsiPeriod);
    const hh = scratch(1, rs.length);
    const ll = scratch(2, rs.length);
    rollingHighLow(rs, rs, stochPeriod, hh, ll);
    const raw = scratch(3, n);
    for (let i = stochPeriod - 1; i < rs.length; i++) raw[rsiPeriod + i] = rawK(rs[i], hh[i], ll[i]);
    smoothKD(raw, k, d, rsiPeriod + stochPeriod - 1, kSmooth, dSmooth);
    return bad;
  });
  return out;
}

function check(rsiPeriod: number, stochPeriod: number, kSmooth: number, dSmooth: number): void {
  ensurePeriod('stochrsi', 'rsiPeriod', rsiPeriod, 2);
  ensurePeriod('stochrsi', 'stochPeriod', stochPeriod);
  ensurePeriod('stochrsi', 'kSmooth', kSmooth);
  ensurePeriod('stochrsi', 'dSmooth', dSmooth);
}

export class StochRSI implements StreamingIndicator<StochOutputs> {
  private readonly r: RSI;
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private readonly ks: SMA | null;
  private readonly ds: SMA;
  private v: StochOutputs | undefined = undefined;

  constructor(readonly rsiPeriod = 14, readonly stochPeriod = 14, readonly kSmooth = 3, readonly dSmooth = 3) {
    check(rsiPeriod, stochPeriod, kSmooth, dSmooth);
    this.r = new RSI(rsiPeriod);
    this.hh = new SlidingExtreme(stochPeriod, true);
    this.ll = new SlidingExtreme(stochPeriod, false);
    this.ks = kSmooth === 1 ? null : new SMA(kSmooth);
    this.ds = new SMA(dSmooth);
  }

  update(bar: BarLike): StochOutputs | undefined {
    return this.push(bar.close);
  }

  push(x: number): StochOutputs | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const r = this.r.push(x);
    if (r === undefined) return undefined;
    const hh = this.hh.push(r);
    const ll = this.ll.push(r);
    if (this.hh.count < this.stochPeriod) return undefined;
    const raw = rawK(r, hh, ll);
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
    this.r.reset();
    this.hh.reset();
    this.ll.reset();
    this.ks?.reset();
    this.ds.reset();
    this.v = undefined;
  }
}
