/**
 * Columnar data shapes every parser, the catalog and the quality checks exchange.
 * Timestamps are epoch milliseconds UTC (the platform-wide convention); prices and sizes are plain numbers.
 * Columns are typed arrays so a million bars are 6 allocations, not a million objects.
 */

/** OHLCV bars, one row per bar, `time` = the bar's open time in epoch ms UTC. */
export interface BarColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Top-of-book quotes (Dukascopy ticks, IB/ccxt quotes). */
export interface QuoteColumns {
  time: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  bidSize: Float64Array;
  askSize: Float64Array;
}

/** Trades. `side`: 1 buyer-aggressor, -1 seller-aggressor, 0 unknown. */
export interface TradeColumns {
  time: Float64Array;
  price: Float64Array;
  size: Float64Array;
  side: Float64Array;
}

export type DataKind = 'bars' | 'quotes' | 'trades';

export const BAR_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export const QUOTE_FIELDS = ['time', 'bid', 'ask', 'bidSize', 'askSize'] as const;
export const TRADE_FIELDS = ['time', 'price', 'size', 'side'] as const;

export type BarField = (typeof BAR_FIELDS)[number];
export type QuoteField = (typeof QUOTE_FIELDS)[number];
export type TradeField = (typeof TRADE_FIELDS)[number];

/** The column names of a kind, in their storage order. */
export function fieldsOf(kind: DataKind): readonly string[] {
  return kind === 'bars' ? BAR_FIELDS : kind === 'quotes' ? QUOTE_FIELDS : TRADE_FIELDS;
}

/** Any of the three shapes, seen as named Float64 columns. */
export type Columns = Record<string, Float64Array>;

export function allocColumns(kind: DataKind, n: number): Columns {
  const out: Columns = {};
  for (const f of fieldsOf(kind)) out[f] = new Float64Array(n);
  return out;
}

export function emptyBars(n = 0): BarColumns {
  return allocColumns('bars', n) as unknown as BarColumns;
}

export function rowCount(cols: Columns | BarColumns | QuoteColumns | TradeColumns): number {
  return (cols as { time: Float64Array }).time.length;
}

/** A view of rows [from, to) sharing the underlying buffers (no copy). */
export function sliceColumns<T extends object>(cols: T, from: number, to: number): T {
  const out: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(cols)) out[k] = (v as Float64Array).subarray(from, to);
  return out as T;
}

/** Copies the rows whose index is in `keep` (ascending), e.g. after a quality policy dropped some. */
export function selectRows<T extends object>(cols: T, keep: ArrayLike<number>): T {
  const out: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(cols)) {
    const src = v as Float64Array;
    const dst = new Float64Array(keep.length);
    for (let i = 0; i < keep.length; i++) dst[i] = src[keep[i]];
    out[k] = dst;
  }
  return out as T;
}

/** Concatenates column sets of the same shape, in argument order. */
export function concatColumns<T extends object>(parts: T[]): T {
  if (parts.length === 0) throw new Error('concatColumns: nothing to concatenate');
  const keys = Object.keys(parts[0]);
  const out: Record<string, Float64Array> = {};
  for (const k of keys) {
    let n = 0;
    for (const p of parts) n += (p as Record<string, Float64Array>)[k].length;
    const dst = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      const src = (p as Record<string, Float64Array>)[k];
      dst.set(src, o);
      o += src.length;
    }
    out[k] = dst;
  }
  return out as T;
}

/** Index of the first row with time >= t (binary search; `time` must be ascending). */
export function lowerBound(time: ArrayLike<number>, t: number, lo = 0, hi = time.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
