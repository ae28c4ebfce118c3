import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingMax, rollingMin, SlidingExtreme } from './core/extrema.ts';
import { Ring } from './core/ring.ts';

export type IchimokuOutputs = {
  readonly tenkan: number;
  readonly kijun: number;
  readonly spanA: number;
  readonly spanB: number;
  readonly leadA: number;
  readonly leadB: number;
};
export type IchimokuColumns = { [K in keyof IchimokuOutputs]: Float64Array };

/**
 * Ichimoku Kinko Hyo, causal form. tenkan = midpoint of the high/low over `tenkan` bars, kijun over `kijun` bars;
 * leadA = (tenkan + kijun)/2 and leadB = midpoint over `senkouB` bars are computed now and drawn displacement-1
 * bars ahead (TradingView's offset); spanA/spanB are the cloud AT this bar, i.e. leadA/leadB from displacement-1
 * bars ago — what a rule like "close above the cloud" must read. The lagging span (chikou) is the close drawn
 * displacement-1 bars back; it is not an output because it would need future bars.
 */
export function ichimoku(high: Float64Array, low: Float64Array, tenkan = 9, kijun = 26, senkouB = 52, displacement = 26, out?: IchimokuColumns): IchimokuColumns {
  check(tenkan, kijun, senkouB, displacement);
  const n = high.length;
  const o = out ?? { tenkan: outArray(n), kijun: outArray(n), spanA: outArray(n), spanB: outArray(n), leadA: outArray(n), leadB: outArray(n) };
  forEachSegment([high, low], [o.tenkan, o.kijun, o.spanA, o.spanB, o.leadA, o.leadB], [tenkan - 1, kijun - 1, Math.max(tenkan, kijun) + displacement - 2, senkouB + displacement - 2, Math.max(tenkan, kijun) - 1, senkouB - 1], ([h, l], [t, k, sa, sb, la, lb]) => {
    const len = h.length;
    const lo = scratch(0, len);
    const mid = (p: number, dst: Float64Array) => {
      rollingMax(h, p, dst);
      rollingMin(l, p, lo);
      for (let i = p - 1; i < len; i++) dst[i] = (dst[i] + lo[i]) / 2;
    };
    mid(tenkan, t);
    mid(kijun, k);
    mid(senkouB, lb);
    const lag = displacement - 1;
    for (let i = Math.max(tenkan, kijun) - 1; i < len; i++) la[i] = (t[i] + k[i]) / 2;
    for (let i = lag; i < len; i++) {
      sa[i] = la[i - lag];
      sb[i] = lb[i - lag];
    }
  });
  return o;
}

function check(tenkan: number, kijun: number, senkouB: number, displacement: number): void {
  ensurePeriod('ichimoku', 'tenkan', tenkan);
  ensurePeriod('ichimoku', 'kijun', kijun);
  ensurePeriod('ichimoku', 'senkouB', senkouB);
  ensurePeriod('ichimoku', 'displacement', displacement);
}

export class Ichimoku implements StreamingIndicator<IchimokuOutputs> {
  private readonly th: SlidingExtreme;
  private readonly tl: SlidingExtreme;
  private readonly kh: SlidingExtreme;
  private readonly kl: SlidingExtreme;
  private readonly bh: SlidingExtreme;
  private readonly bl: SlidingExtreme;
  private readonly pastA: Ring;
  private readonly pastB: Ring;
  private v: IchimokuOutputs | undefined = undefined;

  constructor(readonly tenkan = 9, readonly kijun = 26, readonly senkouB = 52, readonly displacement = 26) {
    check(tenkan, kijun, senkouB, displacement);
    this.th = new SlidingExtreme(tenkan, true);
    this.tl = new SlidingExtreme(tenkan, false);
    this.kh = new SlidingExtreme(kijun, true);
    this.kl = new SlidingExtreme(kijun, false);
    this.bh = new SlidingExtreme(senkouB, true);
    this.bl = new SlidingExtreme(senkouB, false);
    this.pastA = new Ring(displacement);
    this.pastB = new Ring(displacement);
  }

  update(bar: BarLike): IchimokuOutputs | undefined {
    const { high, low } = bar;
    if (high !== high || low !== low) {
      this.reset();
      return undefined;
    }
    const t = (this.th.push(high) + this.tl.push(low)) / 2;
    const k = (this.kh.push(high) + this.kl.push(low)) / 2;
    const b = (this.bh.push(high) + this.bl.push(low)) / 2;
    const count = this.th.count;
    const tv = count >= this.tenkan ? t : NaN;
    const kv = count >= this.kijun ? k : NaN;
    const la = (tv + kv) / 2;
    const lb = count >= this.senkouB ? b : NaN;
    // The ring holds the last `displacement` lead values; its oldest is the one from displacement-1 bars ago.
    this.pastA.push(la);
    this.pastB.push(lb);
    const sa = this.pastA.full ? this.pastA.at(0) : NaN;
    const sb = this.pastB.full ? this.pastB.at(0) : NaN;
    const ready = tv === tv && kv === kv && lb === lb && sa === sa && sb === sb;
    this.v = ready ? { tenkan: tv, kijun: kv, spanA: sa, spanB: sb, leadA: la, leadB: lb } : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): IchimokuOutputs | undefined {
    return this.v;
  }

  reset(): void {
    for (const e of [this.th, this.tl, this.kh, this.kl, this.bh, this.bl]) e.reset();
    this.pastA.clear();
    this.pastB.clear();
    this.v = undefined;
  }
}
