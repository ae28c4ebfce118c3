/**
 * A backtest data source that reads bars from typed-array columns (the catalog's and /api/bars' shape,
 * shared/data/columns.ts) and builds each Bar only when the run reaches it: a million bars cost six arrays, not a
 * million objects held for the whole run.
 *
 *   bt.addBarColumns(barType, { time, open, high, low, close, volume });              // time = open time (default)
 *   bt.addBarColumns(barType, cols, { time: 'close' });                               // time = the bar's close
 *   bt.addBarColumns(barType, { ...cols, open: cents, ... }, { priceDivisor: 100 });  // prices as integer ticks
 *
 * Columns may be any numeric array (Float64Array, Int32Array, number[]); several sources may share one (a common
 * `time` for instruments in lockstep). Rows must be in time order: a row whose time goes backwards is reported as a
 * DataError and skipped, like any stream (an array given to addData is sorted instead).
 */
import { Bar, InvalidValueError, type BarType } from '../model/index.ts';

// Hot-path alias (under tsx every read of an imported binding is a getter call).
const BarCls = Bar;

/** Parallel columns, one row per bar. */
export interface BarColumnsLike {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

export interface BarColumnOptions {
  /**
   * What `time` holds: 'open' (default; the shared/data, catalog and /api/bars convention), so a bar is stamped
   * open + the bar type's duration (the kernel stamps a bar with its close); or 'close', used as is. A bar type that
   * is not time-aggregated (tick, volume, value bars) has no duration and needs 'close'.
   */
  time?: 'open' | 'close';
  /**
   * Prices stored as integer ticks (exchange feeds, Dukascopy's points): price = value / priceDivisor, e.g. 100 for
   * cents. Dividing is exact where multiplying by 0.01 is not (57 / 100 = 0.57, 57 * 0.01 = 0.5700000000000001).
   * Default 1. Volumes are read as they are.
   */
  priceDivisor?: number;
  /**
   * Maps each stored price to the price the bar gets, e.g. `(x) => instrument.makePrice(x)` to snap a file's prices
   * to the tick size (applied after priceDivisor). Default: none.
   */
  price?: (x: number) => number;
  /** Rows [from, to) only (default: all). */
  from?: number;
  to?: number;
}

export class BarColumnSource implements Iterator<Bar>, Iterable<Bar> {
  readonly barType: BarType;
  private readonly time: ArrayLike<number>;
  private readonly open: ArrayLike<number>;
  private readonly high: ArrayLike<number>;
  private readonly low: ArrayLike<number>;
  private readonly close: ArrayLike<number>;
  private readonly volume: ArrayLike<number>;
  private readonly offset: number;
  private readonly div: number;
  private readonly price: ((x: number) => number) | undefined;
  private readonly end: number;
  private readonly start: number;
  private i: number;
  /** Reused: a consumer reads `value` before the next call (the merge and for..of do). */
  private readonly res: IteratorResult<Bar> = { done: false, value: undefined as unknown as Bar };

  constructor(barType: BarType, cols: BarColumnsLike, opts: BarColumnOptions = {}) {
    const n = cols.time.length;
    for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const c = cols[f] as ArrayLike<number> | undefined;
      if (c == null || c.length !== n) {
        throw new InvalidValueError(`bar columns for ${barType.key}: column '${f}' has ${c == null ? 'no values' : `${c.length} rows`} but 'time' has ${n}; give every column the same length`);
      }
    }
    const div = opts.priceDivisor ?? 1;
    if (!(div > 0 && div < Infinity)) throw new InvalidValueError(`bar columns for ${barType.key}: priceDivisor ${div} must be a finite number > 0`);
    const mode = opts.time ?? 'open';
    if (mode === 'open' && !barType.spec.isTimeAggregated()) {
      throw new InvalidValueError(`bar columns for ${barType.key}: a ${barType.spec.aggregation} bar has no duration to turn an open time into its close; pass { time: 'close' }`);
    }
    const from = Math.max(0, Math.floor(opts.from ?? 0));
    const to = Math.min(n, Math.floor(opts.to ?? n));
    this.barType = barType;
    this.time = cols.time;
    this.open = cols.open;
    this.high = cols.high;
    this.low = cols.low;
    this.close = cols.close;
    this.volume = cols.volume;
    this.offset = mode === 'open' ? barType.spec.durationMs() : 0;
    this.div = div;
    this.price = opts.price;
    this.start = from;
    this.i = from;
    this.end = Math.max(from, to);
  }

  /** Rows this source yields in all. */
  get length(): number {
    return this.end - this.start;
  }

  /** Stamp (close time) of the first and last row, NaN when empty: the run's range for progress fractions. */
  get firstTs(): number {
    return this.end > this.start ? this.time[this.start] + this.offset : NaN;
  }

  get lastTs(): number {
    return this.end > this.start ? this.time[this.end - 1] + this.offset : NaN;
  }

  next(): IteratorResult<Bar> {
    const i = this.i;
    if (i >= this.end) return { done: true, value: undefined };
    this.i = i + 1;
    const ts = this.time[i] + this.offset;
    const d = this.div;
    const px = this.price;
    (this.res as { value: Bar }).value = px === undefined
      ? new BarCls(this.barType, this.open[i] / d, this.high[i] / d, this.low[i] / d, this.close[i] / d, this.volume[i], ts, ts)
      : new BarCls(this.barType, px(this.open[i] / d), px(this.high[i] / d), px(this.low[i] / d), px(this.close[i] / d), this.volume[i], ts, ts);
    return this.res;
  }

  [Symbol.iterator](): Iterator<Bar> {
    return this;
  }
}
