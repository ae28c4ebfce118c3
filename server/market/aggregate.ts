import type { BarColumns } from '../../shared/api/bars.ts';
import { TIMEFRAME_MS, type Timeframe } from '../../shared/api/timeframes.ts';
import { fxTradingDayStart } from '../../shared/data/synthetic-sessions.ts';

const DAY = 86_400_000;

/** Bucket start for a bar at `t`: see shared/api/timeframes.ts for the alignment rules. */
export function bucketFn(tf: Timeframe, fxDays: boolean): (t: number) => number {
  if (tf === '1d') return fxDays ? fxTradingDayStart : (t) => Math.floor(t / DAY) * DAY;
  if (tf === '1w') {
    // Monday 00:00 UTC. Day 0 (1970-01-01) was a Thursday, so (day + 3) % 7 counts days since Monday.
    return (t) => {
      const day = Math.floor(t / DAY);
      return (day - ((day + 3) % 7)) * DAY;
    };
  }
  const ms = TIMEFRAME_MS[tf];
  return (t) => Math.floor(t / ms) * ms;
}

/** Time-ordered bars -> bars of coarser buckets (open of the first, max high, min low, close of the last, sum volume). */
export function aggregateBars(src: BarColumns, bucket: (t: number) => number): BarColumns {
  const out: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  let cur = NaN;
  let k = -1;
  for (let i = 0; i < src.time.length; i++) {
    const b = bucket(src.time[i]);
    if (b !== cur) {
      cur = b;
      k++;
      out.time.push(b);
      out.open.push(src.open[i]);
      out.high.push(src.high[i]);
      out.low.push(src.low[i]);
      out.close.push(src.close[i]);
      out.volume.push(src.volume[i]);
    } else {
      if (src.high[i] > out.high[k]) out.high[k] = src.high[i];
      if (src.low[i] < out.low[k]) out.low[k] = src.low[i];
      out.close[k] = src.close[i];
      out.volume[k] += src.volume[i];
    }
  }
  return out;
}

/** Bars with from <= time <= to, by binary search on the sorted time column. */
export function sliceBars(src: BarColumns, from: number, to: number): BarColumns {
  const lo = lowerBound(src.time, from);
  const hi = lowerBound(src.time, Math.floor(to) + 1); // times are whole ms; `to` is inclusive
  return {
    time: src.time.slice(lo, hi),
    open: src.open.slice(lo, hi),
    high: src.high.slice(lo, hi),
    low: src.low.slice(lo, hi),
    close: src.close.slice(lo, hi),
    volume: src.volume.slice(lo, hi),
  };
}

export function lowerBound(a: number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
