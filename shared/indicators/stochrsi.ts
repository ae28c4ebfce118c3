import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { SlidingExtreme } from './core/extrema.ts';
import { resumInterval } from './core/ring.ts';
import { RSI } from './rsi.ts';
import { rawK, type StochColumns, type StochOutputs } from './stoch.ts';
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
    return stochRsiKernel(x, k, d, rsiPeriod, stochPeriod, kSmooth, dSmooth);
  });
  return out;
}

const CHUNK = 512; // bars per chunk of the steady loop (4 KB of RSI values: stays in L1)

/**
 * The whole of Stoch RSI in one pass with scalar state: Wilder RSI (rsiKernel's arithmetic), the rolling max/min of
 * the RSI (the value-rescan of rollingHighLow: rescan only when the extreme leaves the window), raw %K (rawK), and
 * the two SMAs (smaKernel's running sums, first sums and re-sum schedule) — the same operations in the same order
 * as the multi-pass form, so the same numbers (the up / down moves are (d + |d|)/2 and (|d| - d)/2: exactly
 * max(d, 0) and max(-d, 0), without the data-dependent branch V8 emits for a ternary on doubles), but each bar is loaded once and nothing is re-read from a column
 * except the RSI / raw / %K values leaving a window. r and raw are small rings.
 * Returns true when it met a NaN (rsiKernel's rule: a NaN difference is summed into chk).
 */
function stochRsiKernel(x: Float64Array, k: Float64Array, d: Float64Array, p: number, sp: number, ks: number, ds: number): boolean {
  const n = x.length;
  // Rings (power-of-two sizes, masked indices) for the RSI window and the raw %K window: they stay in L1, where
  // full-length scratch columns would be 16 MB more memory traffic per million bars.
  let rc = 2;
  while (rc < sp + 1) rc <<= 1;
  const RM = rc - 1;
  const r = new Float64Array(rc);
  let kc = 2;
  while (kc < ks + 1) kc <<= 1;
  const KM = kc - 1;
  const raw = new Float64Array(kc);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= p; i++) {
    const dd = x[i] - x[i - 1];
    if (dd < 0) loss -= dd;
    else gain += dd;
  }
  gain /= p;
  loss /= p;
  const a = (p - 1) / p;
  const b = 1 / p;
  let chk = 0;
  const from = p + sp - 1; // first raw %K
  const kFrom = from + ks - 1; // first %K
  const dFrom = kFrom + ds - 1; // first %D
  const everyK = resumInterval(ks);
  const everyD = resumInterval(ds);
  let nextK = kFrom + everyK;
  let nextD = dFrom + everyD;
  let mx = -Infinity;
  let mn = Infinity;
  let ksum = 0;
  let dsum = 0;
  const t0 = gain + loss;
  let ri = t0 > -1e-8 && t0 < 1e-8 ? 0 : 100 * (gain / t0);
  // Warm-up of the window: RSI values p..from-1 (no raw %K yet).
  const wEnd = from < n ? from : n;
  for (let i = p; i < wEnd; i++) {
    if (i > p) {
      const dd = x[i] - x[i - 1];
      chk += dd;
      const ad = Math.abs(dd);
      gain = gain * a + (dd + ad) * 0.5 * b;
      loss = loss * a + (ad - dd) * 0.5 * b;
      const t = gain + loss;
      ri = t > -1e-8 && t < 1e-8 ? 0 : 100 * (gain / t);
    }
    r[i & RM] = ri;
    mx = ri > mx ? ri : mx;
    mn = ri < mn ? ri : mn;
  }
  // Ramp-up (bars until the first %D), with the phase checks; then the steady loop without them.
  const m0 = (dFrom > p ? dFrom : p) + 1;
  const gEnd = m0 < n ? m0 : n;
  for (let i = from; i < gEnd; i++) {
    if (i > p) {
      const dd = x[i] - x[i - 1];
      chk += dd;
      const ad = Math.abs(dd);
      gain = gain * a + (dd + ad) * 0.5 * b;
      loss = loss * a + (ad - dd) * 0.5 * b;
      const t = gain + loss;
      ri = t > -1e-8 && t < 1e-8 ? 0 : 100 * (gain / t);
    }
    r[i & RM] = ri;
    // Rolling max / min of r over [i-sp+1, i] (rollingHighLow's rule).
    if (i > from) {
      const old = r[(i - sp) & RM];
      if (old === mx) {
        mx = ri;
        for (let j = i - sp + 1; j < i; j++) {
          const w = r[j & RM];
          mx = w > mx ? w : mx;
        }
      } else mx = ri > mx ? ri : mx;
      if (old === mn) {
        mn = ri;
        for (let j = i - sp + 1; j < i; j++) {
          const w = r[j & RM];
          mn = w < mn ? w : mn;
        }
      } else mn = ri < mn ? ri : mn;
    } else {
      mx = ri > mx ? ri : mx;
      mn = ri < mn ? ri : mn;
    }
    const range = mx - mn;
    const rw = range !== 0 ? ((ri - mn) / range) * 100 : 0;
    raw[i & KM] = rw;
    // %K = SMA(raw, ks) (smaKernel over raw[from..]).
    if (i <= kFrom) ksum += rw;
    else ksum += rw - raw[(i - ks) & KM];
    if (i < kFrom) continue;
    if (i === nextK) {
      nextK += everyK;
      ksum = 0;
      for (let j = i - ks + 1; j <= i; j++) ksum += raw[j & KM];
    }
    const kv = ks === 1 ? rw : ksum / ks;
    k[i] = kv;
    // %D = SMA(%K, ds) (smaKernel over k[kFrom..]).
    if (i <= dFrom) dsum += kv;
    else dsum += kv - k[i - ds];
    if (i < dFrom) continue;
    if (i === nextD) {
      nextD += everyD;
      dsum = 0;
      for (let j = i - ds + 1; j <= i; j++) dsum += k[j];
    }
    d[i] = dsum / ds;
  }
  // Steady state in chunks: the RSI recursion alone first (a tight loop, into rb), then the window, raw %K and
  // SMAs over the chunk — two short loops schedule better than one long one (~5%).
  const rb = new Float64Array(CHUNK);
  for (let c0 = m0; c0 < n; c0 += CHUNK) {
    const c1 = c0 + CHUNK < n ? c0 + CHUNK : n;
    for (let i = c0; i < c1; i++) {
      const dd = x[i] - x[i - 1];
      chk += dd;
      const ad = Math.abs(dd);
      gain = gain * a + (dd + ad) * 0.5 * b;
      loss = loss * a + (ad - dd) * 0.5 * b;
      const t = gain + loss;
      rb[i - c0] = t > -1e-8 && t < 1e-8 ? 0 : 100 * (gain / t);
    }
    for (let i = c0; i < c1; i++) {
      const ri = rb[i - c0];
      r[i & RM] = ri;
      const old = r[(i - sp) & RM];
      if (old === mx) {
        mx = ri;
        for (let j = i - sp + 1; j < i; j++) {
          const w = r[j & RM];
          mx = w > mx ? w : mx;
        }
      } else {
        // max / min as 0/1 blends (exact: one term is 0): a ternary on doubles is a branch in V8, mispredicted
        // whenever the RSI makes a new window extreme.
        const cx = +(ri > mx);
        mx = ri * cx + mx * (1 - cx);
      }
      if (old === mn) {
        mn = ri;
        for (let j = i - sp + 1; j < i; j++) {
          const w = r[j & RM];
          mn = w < mn ? w : mn;
        }
      } else {
        const cn = +(ri < mn);
        mn = ri * cn + mn * (1 - cn);
      }
      const range = mx - mn;
      const rw = range !== 0 ? ((ri - mn) / range) * 100 : 0;
      raw[i & KM] = rw;
      ksum += rw - raw[(i - ks) & KM];
      if (i === nextK) {
        nextK += everyK;
        ksum = 0;
        for (let j = i - ks + 1; j <= i; j++) ksum += raw[j & KM];
      }
      const kv = ks === 1 ? rw : ksum / ks;
      k[i] = kv;
      dsum += kv - k[i - ds];
      if (i === nextD) {
        nextD += everyD;
        dsum = 0;
        for (let j = i - ds + 1; j <= i; j++) dsum += k[j];
      }
      d[i] = dsum / ds;
    }
  }
  return chk !== chk || gain !== gain || loss !== loss;
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
