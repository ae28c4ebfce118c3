/**
 * Batch tick -> bar aggregation (Dukascopy ticks, recorded trades). The live, streaming equivalent lives in the
 * engine's DataEngine; both use the same rule: a bar covers [t0, t0 + interval) with t0 = origin + k * interval,
 * is stamped with its open time t0, and exists only if at least one tick fell inside (no synthetic empty bars —
 * gap handling is the quality layer's decision).
 */
import type { BarColumns, QuoteColumns, TradeColumns } from './columns.ts';
import { RowBuilder } from './row-builder.ts';

export type QuotePrice = 'bid' | 'ask' | 'mid';
export type QuoteVolume = 'bid' | 'ask' | 'sum' | 'ticks';

export interface AggregateOptions {
  intervalMs: number;
  /** Bucket origin (epoch ms); default 0 = aligned to UTC. */
  originMs?: number;
}

function bucketOf(t: number, interval: number, origin: number): number {
  return origin + Math.floor((t - origin) / interval) * interval;
}

function aggregate(time: Float64Array, price: (i: number) => number, size: (i: number) => number, opts: AggregateOptions): BarColumns {
  const { intervalMs } = opts;
  if (!(intervalMs > 0)) throw new RangeError(`interval must be positive, got ${intervalMs}`);
  const origin = opts.originMs ?? 0;
  const b = new RowBuilder('bars', Math.max(16, Math.ceil(time.length / 8)));
  const row = new Float64Array(6);
  let cur = NaN;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (i > 0 && t < time[i - 1]) throw new RangeError(`ticks must be in time order: row ${i} (${t}) is before row ${i - 1} (${time[i - 1]})`);
    const k = bucketOf(t, intervalMs, origin);
    const p = price(i);
    if (k !== cur) {
      if (!Number.isNaN(cur)) b.push(row);
      cur = k;
      row[0] = k;
      row[1] = row[2] = row[3] = row[4] = p;
      row[5] = size(i);
    } else {
      if (p > row[2]) row[2] = p;
      if (p < row[3]) row[3] = p;
      row[4] = p;
      row[5] += size(i);
    }
  }
  if (!Number.isNaN(cur)) b.push(row);
  return b.finish() as unknown as BarColumns;
}

export function quotesToBars(q: QuoteColumns, opts: AggregateOptions & { price?: QuotePrice; volume?: QuoteVolume }): BarColumns {
  const price = opts.price ?? 'bid';
  const vol = opts.volume ?? 'sum';
  const pf = price === 'bid' ? (i: number) => q.bid[i] : price === 'ask' ? (i: number) => q.ask[i] : (i: number) => (q.bid[i] + q.ask[i]) / 2;
  const vf = vol === 'bid' ? (i: number) => q.bidSize[i] : vol === 'ask' ? (i: number) => q.askSize[i] : vol === 'ticks' ? () => 1 : (i: number) => q.bidSize[i] + q.askSize[i];
  return aggregate(q.time, pf, vf, opts);
}

export function tradesToBars(t: TradeColumns, opts: AggregateOptions): BarColumns {
  return aggregate(t.time, (i) => t.price[i], (i) => t.size[i], opts);
}
