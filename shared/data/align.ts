/**
 * Multi-asset synchronisation, part 2: aligning bar series of several instruments on one time grid.
 *
 * - inner join: only timestamps where every instrument has a bar
 * - outer join: every timestamp any instrument has; an instrument without a bar at t is forward-filled from its
 *   last bar BEFORE t (flat bar at the previous close, volume 0, marked `filled`) — never from a later one
 * - asOf: for a target grid (e.g. hourly), the last bar of another series (e.g. daily) that had CLOSED by each time —
 *   a bar stamped with its open time t is only known at t + its interval, so using it earlier would be lookahead.
 */
import { selectRows, type BarColumns } from './columns.ts';
import { kWayMerge } from './merge.ts';
import { isOpen, isTradingDay, type SessionCalendar } from './calendar/sessions.ts';

export interface AlignInput {
  id: string;
  bars: BarColumns;
}

export interface AlignedSeries {
  id: string;
  bars: BarColumns;
  /** 1 where the row is forward-filled, 2 where there is no earlier bar to fill from (values NaN). */
  filled: Uint8Array;
}

export interface Aligned {
  time: Float64Array;
  series: AlignedSeries[];
}

export interface AlignOptions {
  join: 'inner' | 'outer';
  /** Outer join only: drop leading timestamps before every instrument has started (default true). */
  dropLeading?: boolean;
}

export function alignBars(inputs: AlignInput[], opts: AlignOptions = { join: 'outer' }): Aligned {
  const merged = kWayMerge(inputs.map((s) => s.bars.time));
  // Unique grid times, in order.
  const grid: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < merged.time.length; i++) {
    const t = merged.time[i];
    if (grid.length === 0 || grid[grid.length - 1] !== t) {
      grid.push(t);
      count.push(0);
    }
    count[count.length - 1]++;
  }
  let times: number[];
  if (opts.join === 'inner') times = grid.filter((_, g) => count[g] >= inputs.length);
  else {
    const start = opts.dropLeading === false ? -Infinity : Math.max(...inputs.map((s) => (s.bars.time.length ? s.bars.time[0] : Infinity)));
    times = grid.filter((t) => t >= start);
  }
  const n = times.length;
  const series = inputs.map((s) => {
    const src = s.bars;
    const out: BarColumns = { time: Float64Array.from(times), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    const filled = new Uint8Array(n);
    let j = 0; // next source row
    let last = -1;
    for (let g = 0; g < n; g++) {
      const t = times[g];
      while (j < src.time.length && src.time[j] < t) last = j++;
      if (j < src.time.length && src.time[j] === t) {
        // Duplicate timestamps within one series: the last one at t wins.
        while (j + 1 < src.time.length && src.time[j + 1] === t) j++;
        out.open[g] = src.open[j];
        out.high[g] = src.high[j];
        out.low[g] = src.low[j];
        out.close[g] = src.close[j];
        out.volume[g] = src.volume[j];
        last = j++;
      } else if (last >= 0) {
        const c = src.close[last];
        out.open[g] = out.high[g] = out.low[g] = out.close[g] = c;
        out.volume[g] = 0;
        filled[g] = 1;
      } else {
        out.open[g] = out.high[g] = out.low[g] = out.close[g] = out.volume[g] = NaN;
        filled[g] = 2;
      }
    }
    return { id: s.id, bars: out, filled };
  });
  return { time: Float64Array.from(times), series };
}

/**
 * For each target time, the row of `bars` last closed at or before it (-1 if none): bar i closes at
 * time[i] + intervalMs. Use this to feed a slower series (daily trend) into a faster strategy (hourly) honestly.
 */
export function asOfIndex(target: ArrayLike<number>, barTime: ArrayLike<number>, intervalMs: number): Int32Array {
  const out = new Int32Array(target.length);
  let j = -1;
  for (let g = 0; g < target.length; g++) {
    while (j + 1 < barTime.length && barTime[j + 1] + intervalMs <= target[g]) j++;
    out[g] = j;
  }
  return out;
}

/**
 * Keeps the bars that open inside the calendar's sessions (e.g. regular NYSE hours, dropping pre/post-market and
 * holiday prints) — applied per instrument before alignment, so a 24x7 crypto series and an exchange-hours equity
 * series can be joined on the equity's sessions (inner join) or on the union (outer join).
 */
export function filterSessions(bars: BarColumns, cal: SessionCalendar, intervalMs: number): BarColumns {
  const keep: number[] = [];
  const daily = intervalMs >= 86_400_000;
  for (let i = 0; i < bars.time.length; i++) if (daily ? isTradingDay(cal, bars.time[i]) : isOpen(cal, bars.time[i])) keep.push(i);
  return selectRows(bars, keep);
}
