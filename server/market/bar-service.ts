import { join } from 'node:path';
import { DEFAULT_SYNTHETIC_BARS, MAX_BARS_PER_REQUEST, type BarColumns, type BarsResponse } from '../../shared/api/bars.ts';
import type { InstrumentInfo } from '../../shared/api/instruments.ts';
import { TIMEFRAME_MS, isTimeframe, type Timeframe } from '../../shared/api/timeframes.ts';
import { SPX_ID, embeddedInstruments, syntheticSpec } from '../../shared/data/embedded-instruments.ts';
import { DAY_MS, sessionOfDay } from '../../shared/data/synthetic-sessions.ts';
import { SyntheticMarket } from '../../shared/data/synthetic.ts';
import { ApiError, badRequest } from '../errors.ts';
import { aggregateBars, bucketFn, lowerBound, sliceBars } from './aggregate.ts';
import { loadSpxDaily } from './spx.ts';
import { isoOf, parseTimeParam } from './time-param.ts';

export interface BarRequest {
  instrument: string;
  timeframe: string;
  from?: string;
  to?: string;
}

const FINE: readonly Timeframe[] = ['1m', '5m', '15m'];

/**
 * Serves bars of the embedded instruments: the real S&P 500 daily file and the synthetic generator.
 * Coarse synthetic timeframes (1h, 4h, 1d) are built once over the whole sample span and cached (they are small);
 * fine ones (1m, 5m, 15m) are generated for the requested range only.
 */
export class BarService {
  private readonly list: InstrumentInfo[] = embeddedInstruments();
  private spx?: { '1d': BarColumns; '1w': BarColumns };
  private readonly markets = new Map<string, SyntheticMarket>();
  private readonly coarse = new Map<string, BarColumns>();

  constructor(private readonly dataDir: string) {}

  instruments(): InstrumentInfo[] {
    return this.list;
  }

  bars(q: BarRequest): BarsResponse {
    const info = this.list.find((i) => i.id === q.instrument);
    if (!info) {
      const known = this.list.map((i) => i.id);
      throw badRequest('UNKNOWN_INSTRUMENT', `Unknown instrument '${q.instrument}'. Use one of: ${known.join(', ')} (GET /api/instruments lists them).`, { known });
    }
    if (!isTimeframe(q.timeframe) || !info.timeframes.includes(q.timeframe)) {
      throw badRequest(
        'BAD_TIMEFRAME',
        `Timeframe '${q.timeframe}' is not available for ${info.id}. Use one of: ${info.timeframes.join(', ')}.`,
        { valid: info.timeframes },
      );
    }
    const tf = q.timeframe;
    const from = parseTimeParam('from', q.from);
    const to = parseTimeParam('to', q.to);
    if (from !== undefined && to !== undefined && from > to) {
      throw badRequest('BAD_RANGE', `from (${isoOf(from)}) is after to (${isoOf(to)}). Give from <= to, or swap them.`, { from, to });
    }
    const columns = info.id === SPX_ID ? this.spxBars(tf, from, to) : this.syntheticBars(info, tf, from, to);
    return { instrument: info.id, timeframe: tf, synthetic: info.synthetic, count: columns.time.length, columns };
  }

  private tooMany(tf: Timeframe, n: number, from: number, to: number): ApiError {
    const days = Math.max(1, Math.floor((MAX_BARS_PER_REQUEST * TIMEFRAME_MS[tf]) / DAY_MS));
    return badRequest(
      'BAD_RANGE',
      `${isoOf(from)} .. ${isoOf(to)} holds about ${n} ${tf} bars, more than the ${MAX_BARS_PER_REQUEST} one request may return. ` +
        `Narrow the range (at most about ${days} days of ${tf} bars at a time) or use a larger timeframe.`,
      { max: MAX_BARS_PER_REQUEST, estimated: n },
    );
  }

  private spxBars(tf: Timeframe, from: number | undefined, to: number | undefined): BarColumns {
    if (!this.spx) {
      const daily = loadSpxDaily(join(this.dataDir, 'sp500-daily-2000-2020.csv'));
      this.spx = { '1d': daily, '1w': aggregateBars(daily, bucketFn('1w', false)) };
    }
    const series = this.spx[tf as '1d' | '1w'];
    return sliceBars(series, from ?? -Infinity, to ?? Infinity);
  }

  private market(id: string): SyntheticMarket {
    let m = this.markets.get(id);
    if (!m) {
      m = new SyntheticMarket(syntheticSpec(id)!);
      this.markets.set(id, m);
    }
    return m;
  }

  private syntheticBars(info: InstrumentInfo, tf: Timeframe, from: number | undefined, to: number | undefined): BarColumns {
    const m = this.market(info.id);
    const lotInv = Math.round(1 / m.spec.lotSize);
    const roundVolume = (c: BarColumns): BarColumns => {
      // Summed float volumes pick up binary noise (0.1 + 0.2); give them back the lot precision.
      for (let i = 0; i < c.volume.length; i++) c.volume[i] = Math.round(c.volume[i] * lotInv) / lotInv;
      return c;
    };
    const dataFrom = info.from!;
    const dataTo = info.to!;
    const tfMs = TIMEFRAME_MS[tf];
    const fxDays = m.spec.session === 'fx-24x5';

    if (!FINE.includes(tf)) {
      const series = this.coarseSeries(info, tf);
      if (from !== undefined && to !== undefined) {
        const s = sliceBars(series, from, to);
        if (s.time.length > MAX_BARS_PER_REQUEST) throw this.tooMany(tf, s.time.length, from, to);
        return s;
      }
      if (from !== undefined) {
        const i = lowerBound(series.time, from);
        return sliceBars(series, from, series.time[Math.min(series.time.length, i + DEFAULT_SYNTHETIC_BARS) - 1] ?? from);
      }
      const end = to ?? Infinity;
      const j = lowerBound(series.time, Math.floor(end) + 1);
      return sliceBars(series, series.time[Math.max(0, j - DEFAULT_SYNTHETIC_BARS)] ?? end, end);
    }

    // Fine timeframes: sessions start and end on 15-minute boundaries, so every bucket holds exactly tf/1m minutes.
    const per = tfMs / 60_000;
    let a: number;
    let b: number;
    if (from !== undefined && to !== undefined) {
      a = Math.max(dataFrom, Math.ceil(from / tfMs) * tfMs);
      b = Math.min(dataTo, Math.floor(to / tfMs) * tfMs + tfMs - 1);
      if (a > b) return roundVolume({ time: [], open: [], high: [], low: [], close: [], volume: [] });
      const estimate = Math.ceil(m.countMinutes(a, b) / per);
      if (estimate > MAX_BARS_PER_REQUEST) throw this.tooMany(tf, estimate, from, to);
    } else if (from !== undefined) {
      a = Math.max(dataFrom, Math.ceil(from / tfMs) * tfMs);
      b = this.walk(m.spec.session, a, DEFAULT_SYNTHETIC_BARS * per, 1, dataTo);
    } else {
      b = Math.min(dataTo, to === undefined ? dataTo : Math.floor(to / tfMs) * tfMs + tfMs - 1);
      a = this.walk(m.spec.session, b, DEFAULT_SYNTHETIC_BARS * per, -1, dataFrom);
    }
    const minutes = m.minuteBars(a, b);
    let bars = per === 1 ? minutes : aggregateBars(minutes, bucketFn(tf, fxDays));
    if (from === undefined || to === undefined) {
      const n = bars.time.length;
      const keep = from === undefined ? [Math.max(0, n - DEFAULT_SYNTHETIC_BARS), n] : [0, Math.min(n, DEFAULT_SYNTHETIC_BARS)];
      if (keep[0] !== 0 || keep[1] !== n) bars = sliceBars(bars, bars.time[keep[0]], bars.time[keep[1] - 1]);
    }
    return roundVolume(bars);
  }

  /** From `start`, whole days in `dir` until `minutes` open minutes are covered or `limit` is reached. */
  private walk(session: Parameters<typeof sessionOfDay>[0], start: number, minutes: number, dir: 1 | -1, limit: number): number {
    let got = 0;
    let day = Math.floor(start / DAY_MS);
    let edge = start;
    while (got < minutes) {
      const s = sessionOfDay(session, day);
      if (s) {
        const lo = dir === 1 ? Math.max(s[0], start) : s[0];
        const hi = dir === 1 ? s[1] : Math.min(s[1], start + 1);
        if (hi > lo) {
          got += Math.floor((hi - lo) / 60_000);
          edge = dir === 1 ? hi - 1 : lo;
        }
      }
      day += dir;
      if (dir === 1 ? day * DAY_MS > limit : (day + 1) * DAY_MS <= limit) return limit;
    }
    return edge;
  }

  private coarseSeries(info: InstrumentInfo, tf: Timeframe): BarColumns {
    const key = `${info.id}|${tf}`;
    let s = this.coarse.get(key);
    if (!s) {
      const m = this.market(info.id);
      const fx = m.spec.session === 'fx-24x5';
      if (tf === '1h') {
        // One month of minutes at a time keeps peak memory small.
        const parts: BarColumns[] = [];
        // Chunks start at 00:00 UTC so that no hour bucket straddles two chunks.
        for (let t = Math.floor(info.from! / DAY_MS) * DAY_MS; t <= info.to!; t += 30 * DAY_MS) {
          parts.push(aggregateBars(m.minuteBars(t, Math.min(info.to!, t + 30 * DAY_MS - 1)), bucketFn('1h', fx)));
        }
        s = concat(parts);
      } else {
        s = aggregateBars(this.coarseSeries(info, '1h'), bucketFn(tf, fx));
      }
      const lotInv = Math.round(1 / m.spec.lotSize);
      for (let i = 0; i < s.volume.length; i++) s.volume[i] = Math.round(s.volume[i] * lotInv) / lotInv;
      this.coarse.set(key, s);
    }
    return s;
  }
}

function concat(parts: BarColumns[]): BarColumns {
  const out: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const p of parts) {
    for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) for (const v of p[k]) out[k].push(v);
  }
  return out;
}
