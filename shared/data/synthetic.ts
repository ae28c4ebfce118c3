/**
 * SYNTHETIC market data: a seeded generator of 1-minute bars, quote ticks and trade ticks for instruments that have
 * no real intraday sample in the repository (see docs/synthetic-data.md). Nothing here is a market record; every
 * instrument built from it carries `synthetic: true`.
 *
 * Model, from slow to fast:
 * 1. Daily anchors. A GARCH(1,1) variance per trading day (volatility clustering across days) drives a geometric
 *    Brownian motion: an overnight/weekend gap (a share `gapShare` of the day's variance) then an in-session return.
 *    Anchors are computed sequentially from `originMs`, once, and cached: cheap (one step per day).
 * 2. The in-session path of one day: per-minute variance = intraday activity profile x a log-AR(1) stochastic
 *    volatility (clustering within the day); the minute path is a Brownian bridge in variance time from the day's
 *    open anchor to its close anchor, so any day can be generated alone (lazily, by range) and still joins its
 *    neighbours exactly. Minute highs/lows are drawn from the exact law of a Brownian bridge's maximum/minimum.
 *    Volume follows the activity profile and the volatility state, with log-normal noise.
 * 3. Ticks of one minute, generated only on demand from that minute's bar and a seed of its own: the first trade is
 *    at the open, the last at the close, one at the high and one at the low, the rest between; trade sizes split
 *    the bar's volume exactly; every trade hits the bid or the ask of the quote just before it.
 * So bars are the exact aggregation of the ticks (same path), yet a year of 1-minute bars never materialises ticks.
 *
 * Determinism: a day depends only on (seed, day); a minute's ticks only on (seed, minute, its bar). The same spec
 * gives the same numbers on every host and for every requested range. Time is epoch ms UTC throughout.
 */
import { SeededRandom } from '../util/random.ts';
import { DAY_MS, MINUTE_MS, HOUR_MS, dayOfWeek, sessionOfDay, type SessionKind } from './synthetic-sessions.ts';

export { newYorkOffsetMinutes, sessionOfDay, fxTradingDayStart, dayOfWeek, type SessionKind } from './synthetic-sessions.ts';

export interface SyntheticSpec {
  /** Instrument id, e.g. 'BTCUSDT.SIM'. */
  id: string;
  session: SessionKind;
  seed: number;
  /** 00:00 UTC of the first generated day; the path starts there at `startPrice`. */
  originMs: number;
  startPrice: number;
  /** Long-run annualised volatility of log returns (0.6 = 60 %). */
  annualVol: number;
  /** Annual drift of log price. */
  annualDrift: number;
  /** Price increment; must be a power of ten (0.01, 0.00001). */
  tickSize: number;
  /** Quantity increment; a power of ten. */
  lotSize: number;
  /** Mean volume of an open minute, in lots. */
  meanMinuteLots: number;
  /** Mean trade size, in lots (sets how many trades a minute has). */
  meanTradeLots: number;
  /** Typical quoted spread, in ticks (at least 1). */
  spreadTicks: number;
  /** Share of a day's variance that arrives while the market is closed (overnight / weekend gap). */
  gapShare: number;
}

/** 1-minute bars as columns; `time` is the minute's open time (epoch ms UTC); volume in units (lots x lotSize). */
export interface SyntheticBars {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export interface SyntheticQuoteTick {
  ts: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

export interface SyntheticTradeTick {
  ts: number;
  price: number;
  size: number;
  /** Side of the aggressor: 'buy' lifted the ask, 'sell' hit the bid. */
  aggressor: 'buy' | 'sell';
  tradeId: string;
}

export interface SyntheticTicks {
  quotes: SyntheticQuoteTick[];
  trades: SyntheticTradeTick[];
}

interface DayPath {
  start: number; // open time of the first minute
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  lots: Float64Array;
}

const TRADING_DAYS_PER_YEAR: Record<SessionKind, number> = { 'crypto-24x7': 365, 'fx-24x5': 260, nyse: 252 };
const GARCH_ALPHA = 0.07;
const GARCH_BETA = 0.91;
const SV_PHI = 0.97; // per-minute persistence of the intraday log-volatility state
const SV_ETA = 0.06; // its innovation scale
const MAX_TRADES_PER_MINUTE = 60;
const DAY_CACHE_SIZE = 64;

/** Mixes integers into a 32-bit seed (murmur3 finaliser), so nearby days get unrelated streams. */
function mix(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(p / 4294967296), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function powerOfTenInverse(step: number, what: string): number {
  const inv = Math.round(1 / step);
  if (!(step > 0) || Math.abs(inv * step - 1) > 1e-9 || !/^10*$/.test(String(inv))) {
    throw new Error(`synthetic: ${what} ${step} must be a power of ten (e.g. 0.01)`);
  }
  return inv;
}

/** Relative trading activity of the minute starting at `t` (mean about 1); also scales the minute's variance. */
function activity(kind: SessionKind, t: number, sessionOpen: number, sessionClose: number): number {
  const hourUtc = (t % DAY_MS) / HOUR_MS;
  switch (kind) {
    case 'nyse': {
      // U shape: heavy open, quiet lunch, busy close (the classic equity intraday profile).
      const x = (t - sessionOpen) / (sessionClose - sessionOpen);
      return 0.55 + 1.8 * Math.exp(-x / 0.06) + 0.9 * Math.exp(-(1 - x) / 0.04);
    }
    case 'fx-24x5':
      // Asia quiet; London and New York sessions, busiest where they overlap.
      return 0.35 + 0.8 * Math.exp(-(((hourUtc - 9.5) / 3) ** 2)) + 0.9 * Math.exp(-(((hourUtc - 14.5) / 2.5) ** 2));
    case 'crypto-24x7': {
      const dow = dayOfWeek(Math.floor(t / DAY_MS));
      const weekend = dow === 0 || dow === 6 ? 0.65 : 1;
      return weekend * (0.75 + 0.45 * Math.exp(-(((hourUtc - 15) / 4) ** 2)));
    }
  }
}

/** The Brownian-bridge extreme: max (sign 1) or min (sign -1) of a path from 0 to r with variance v. */
function bridgeExtreme(r: number, v: number, u: number, sign: 1 | -1): number {
  const x = sign * r;
  return (sign * (x + Math.sqrt(x * x - 2 * v * Math.log(1 - u)))) / 2;
}

export class SyntheticMarket {
  readonly spec: SyntheticSpec;
  private readonly priceInv: number;
  private readonly lotInv: number;
  private readonly originDay: number;
  // Daily anchors, index = day - originDay. NaN open = closed that day.
  private readonly anchorOpen: number[] = [];
  private readonly anchorClose: number[] = [];
  private readonly anchorVar: number[] = []; // in-session variance of log price
  private readonly anchorRng: SeededRandom;
  private garchH: number;
  private lastClose: number;
  private readonly days = new Map<number, DayPath | null>();

  constructor(spec: SyntheticSpec) {
    if (spec.originMs % DAY_MS !== 0) throw new Error(`synthetic: originMs of ${spec.id} must be 00:00 UTC`);
    this.spec = spec;
    this.priceInv = powerOfTenInverse(spec.tickSize, 'tickSize');
    this.lotInv = powerOfTenInverse(spec.lotSize, 'lotSize');
    this.originDay = spec.originMs / DAY_MS;
    this.anchorRng = new SeededRandom(mix(spec.seed, 0xa11c));
    this.garchH = spec.annualVol ** 2 / TRADING_DAYS_PER_YEAR[spec.session];
    this.lastClose = spec.startPrice;
  }

  /** Rounds a price to the tick; k / inv is the double nearest the decimal, so prices print cleanly. */
  roundPrice(x: number): number {
    return Math.round(x * this.priceInv) / this.priceInv;
  }

  private extendAnchors(k: number): void {
    const s = this.spec;
    const perYear = TRADING_DAYS_PER_YEAR[s.session];
    const hBar = s.annualVol ** 2 / perYear;
    const omega = hBar * (1 - GARCH_ALPHA - GARCH_BETA);
    const mu = s.annualDrift / perYear;
    while (this.anchorOpen.length <= k) {
      const i = this.anchorOpen.length;
      const zGap = this.anchorRng.normal();
      const zDay = this.anchorRng.normal();
      const sess = sessionOfDay(s.session, this.originDay + i);
      if (!sess) {
        this.anchorOpen.push(NaN);
        this.anchorClose.push(this.lastClose);
        this.anchorVar.push(0);
        continue;
      }
      const h = Math.min(this.garchH, 25 * hBar);
      // A gap only where the market was closed since the previous session (overnight, weekend); 24h days abut.
      const prev = sessionOfDay(s.session, this.originDay + i - 1);
      const gapShare = i === 0 || (prev && prev[1] === sess[0]) ? 0 : s.gapShare;
      const gapVar = h * gapShare;
      const gap = Math.sqrt(gapVar) * zGap - gapVar / 2;
      const open = i === 0 ? s.startPrice : this.lastClose * Math.exp(gap);
      const inVar = h * (1 - gapShare);
      const shock = Math.sqrt(inVar) * zDay;
      const close = open * Math.exp(mu - inVar / 2 + shock);
      this.anchorOpen.push(open);
      this.anchorClose.push(close);
      this.anchorVar.push(inVar);
      this.garchH = omega + GARCH_ALPHA * (gap * gap + shock * shock) + GARCH_BETA * h;
      this.lastClose = close;
    }
  }

  /** The minute path of UTC day `day`, or null when the session is closed; small LRU cache. */
  private dayPath(day: number): DayPath | null {
    const cached = this.days.get(day);
    if (cached !== undefined) {
      this.days.delete(day);
      this.days.set(day, cached);
      return cached;
    }
    const path = this.buildDay(day);
    this.days.set(day, path);
    if (this.days.size > DAY_CACHE_SIZE) this.days.delete(this.days.keys().next().value as number);
    return path;
  }

  private buildDay(day: number): DayPath | null {
    const s = this.spec;
    const k = day - this.originDay;
    if (k < 0) return null;
    const sess = sessionOfDay(s.session, day);
    if (!sess) return null;
    this.extendAnchors(k);
    const open = this.anchorOpen[k];
    const close = this.anchorClose[k];
    const inVar = this.anchorVar[k];
    const [t0, t1] = sess;
    const n = (t1 - t0) / MINUTE_MS;
    const rng = new SeededRandom(mix(s.seed, day, 0xd4));

    const act = new Float64Array(n);
    let actSum = 0;
    for (let i = 0; i < n; i++) actSum += act[i] = activity(s.session, t0 + i * MINUTE_MS, t0, t1);
    const actMean = actSum / n;

    // Minute variances (activity x stochastic vol) and the unscaled Brownian path in variance time.
    const w = new Float64Array(n);
    const W = new Float64Array(n);
    const V = new Float64Array(n);
    const svState = new Float64Array(n);
    let lv = rng.normal() * (SV_ETA / Math.sqrt(1 - SV_PHI * SV_PHI));
    let cw = 0;
    let cv = 0;
    for (let i = 0; i < n; i++) {
      lv = SV_PHI * lv + SV_ETA * rng.normal();
      svState[i] = lv;
      w[i] = (act[i] / actMean) * Math.exp(2 * lv);
      cw += Math.sqrt(w[i]) * rng.normal();
      cv += w[i];
      W[i] = cw;
      V[i] = cv;
    }
    const scale = Math.sqrt(inVar / cv);
    const D = Math.log(close / open);
    const logOpen = Math.log(open);

    const o = new Float64Array(n);
    const h = new Float64Array(n);
    const l = new Float64Array(n);
    const c = new Float64Array(n);
    const lots = new Float64Array(n);
    let prevX = 0;
    let prevPx = this.roundPrice(open);
    for (let i = 0; i < n; i++) {
      // Bridge: pinned to 0 at the open and to D at the close, in variance time.
      const x = i === n - 1 ? D : scale * W[i] - (V[i] / cv) * (scale * W[n - 1] - D);
      const r = x - prevX;
      const v = scale * scale * w[i];
      const cl = i === n - 1 ? this.roundPrice(close) : this.roundPrice(Math.exp(logOpen + x));
      const hi = this.roundPrice(Math.exp(logOpen + prevX + bridgeExtreme(r, v, rng.next(), 1)));
      const lo = this.roundPrice(Math.exp(logOpen + prevX + bridgeExtreme(r, v, rng.next(), -1)));
      o[i] = prevPx;
      c[i] = cl;
      h[i] = Math.max(hi, prevPx, cl);
      l[i] = Math.max(Math.min(lo, prevPx, cl), 1 / this.priceInv);
      // Volume follows activity and the volatility state (busy, volatile minutes trade more).
      const size = s.meanMinuteLots * act[i] * Math.exp(0.8 * svState[i] + 0.35 * rng.normal() - 0.1);
      lots[i] = Math.max(4, Math.round(size));
      prevX = x;
      prevPx = cl;
    }
    return { start: t0, o, h, l, c, lots };
  }

  /** 1-minute bars whose open time t satisfies fromMs <= t <= toMs (closed minutes have no bar). */
  minuteBars(fromMs: number, toMs: number): SyntheticBars {
    const out: SyntheticBars = { time: [], open: [], high: [], low: [], close: [], volume: [] };
    const firstDay = Math.max(Math.floor(fromMs / DAY_MS), this.originDay);
    const lastDay = Math.floor(toMs / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      const p = this.dayPath(day);
      if (!p) continue;
      const n = p.o.length;
      const i0 = Math.max(0, Math.ceil((fromMs - p.start) / MINUTE_MS));
      const i1 = Math.min(n - 1, Math.floor((toMs - p.start) / MINUTE_MS));
      for (let i = i0; i <= i1; i++) {
        out.time.push(p.start + i * MINUTE_MS);
        out.open.push(p.o[i]);
        out.high.push(p.h[i]);
        out.low.push(p.l[i]);
        out.close.push(p.c[i]);
        out.volume.push(p.lots[i] / this.lotInv);
      }
    }
    return out;
  }

  /** Number of 1-minute bars in [fromMs, toMs] without generating them (for range checks). */
  countMinutes(fromMs: number, toMs: number): number {
    let count = 0;
    const firstDay = Math.max(Math.floor(fromMs / DAY_MS), this.originDay);
    for (let day = firstDay; day <= Math.floor(toMs / DAY_MS); day++) {
      const sess = sessionOfDay(this.spec.session, day);
      if (!sess) continue;
      const a = Math.max(sess[0], Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS);
      const b = Math.min(sess[1] - MINUTE_MS, Math.floor(toMs / MINUTE_MS) * MINUTE_MS);
      if (b >= a) count += (b - a) / MINUTE_MS + 1;
    }
    return count;
  }

  /** Quote and trade ticks with fromMs <= ts <= toMs, in time order (a quote precedes the trade it is hit by). */
  ticks(fromMs: number, toMs: number): SyntheticTicks {
    const out: SyntheticTicks = { quotes: [], trades: [] };
    const m0 = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
    const bars = this.minuteBars(m0, toMs);
    for (let b = 0; b < bars.time.length; b++) {
      const { quotes, trades } = this.minuteTicks(bars, b);
      for (const q of quotes) if (q.ts >= fromMs && q.ts <= toMs) out.quotes.push(q);
      for (const t of trades) if (t.ts >= fromMs && t.ts <= toMs) out.trades.push(t);
    }
    return out;
  }

  private minuteTicks(bars: SyntheticBars, b: number): SyntheticTicks {
    const s = this.spec;
    const t = bars.time[b];
    const o = bars.open[b], h = bars.high[b], l = bars.low[b], c = bars.close[b];
    const lots = Math.round(bars.volume[b] * this.lotInv);
    const rng = new SeededRandom(mix(s.seed, t / MINUTE_MS, 0x71c));
    const k = Math.min(MAX_TRADES_PER_MINUTE, lots, Math.max(4, Math.round(lots / s.meanTradeLots)));

    // Prices: open first, close last, the high and the low at two distinct interior trades, the rest in between.
    const a = rng.int(1, k - 2);
    let bIdx = rng.int(1, k - 3);
    if (bIdx >= a) bIdx++;
    const highFirst = rng.chance(0.5);
    const hiIdx = highFirst ? Math.min(a, bIdx) : Math.max(a, bIdx);
    const loIdx = highFirst ? Math.max(a, bIdx) : Math.min(a, bIdx);
    const pins = [
      [0, o],
      [Math.min(hiIdx, loIdx), highFirst ? h : l],
      [Math.max(hiIdx, loIdx), highFirst ? l : h],
      [k - 1, c],
    ] as const;
    const prices = new Array<number>(k);
    for (let seg = 0; seg < 3; seg++) {
      const [ia, pa] = pins[seg];
      const [ib, pb] = pins[seg + 1];
      for (let j = ia; j <= ib; j++) {
        if (j === ia || j === ib) {
          prices[j] = j === ia ? pa : pb;
          continue;
        }
        const lin = pa + ((pb - pa) * (j - ia)) / (ib - ia);
        const noisy = lin + (h - l) * 0.15 * rng.normal();
        prices[j] = this.roundPrice(Math.min(h, Math.max(l, noisy)));
      }
    }

    // Sizes: each trade at least one lot, the rest shared by random weights; the sum is exactly the bar's volume.
    const weights = Array.from({ length: k }, () => -Math.log(1 - rng.next()));
    const wSum = weights.reduce((x, y) => x + y, 0);
    const spare = lots - k;
    const sizes = weights.map((x) => 1 + Math.floor((spare * x) / wSum));
    let left = lots - sizes.reduce((x, y) => x + y, 0);
    for (let j = 0; left > 0; j = (j + 1) % k, left--) sizes[j]++;

    const quotes: SyntheticQuoteTick[] = [];
    const trades: SyntheticTradeTick[] = [];
    const tick = 1 / this.priceInv;
    for (let j = 0; j < k; j++) {
      // Stratified times keep trades strictly increasing inside the minute.
      const ts = t + Math.floor(((j + rng.next()) * MINUTE_MS) / k);
      const p = prices[j];
      const prev = j === 0 ? o : prices[j - 1];
      const aggressor = p > prev ? 'buy' : p < prev ? 'sell' : rng.chance(0.5) ? 'buy' : 'sell';
      const spread = Math.max(1, Math.round(s.spreadTicks * Math.exp(0.3 * rng.normal()))) * tick;
      const bid = aggressor === 'buy' ? this.roundPrice(p - spread) : p;
      const ask = aggressor === 'buy' ? p : this.roundPrice(p + spread);
      const bookLots = () => Math.max(1, Math.round(s.meanTradeLots * 3 * rng.next())) / this.lotInv;
      quotes.push({ ts, bid: Math.max(bid, tick), ask, bidSize: bookLots(), askSize: bookLots() });
      trades.push({ ts, price: p, size: sizes[j] / this.lotInv, aggressor, tradeId: `${t / MINUTE_MS}-${j}` });
    }
    return { quotes, trades };
  }
}
