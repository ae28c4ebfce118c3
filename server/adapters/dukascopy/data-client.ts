/**
 * Historical ticks and bars from Dukascopy. Hours are fetched with bounded concurrency, decoded, concatenated in
 * time order and trimmed to [from, to]. Bars are aggregated from ticks (bid prices by default, like Dukascopy's own
 * charts; volume = bid volume in millions). There is no live feed: subscribeBars throws NotSupportedError.
 */
import type { BarColumns, QuoteColumns } from '../../../shared/data/columns.ts';
import { concatColumns, lowerBound } from '../../../shared/data/columns.ts';
import { dukascopyScale, parseBi5 } from '../../../shared/data/bi5.ts';
import { quotesToBars, type QuotePrice } from '../../../shared/data/aggregate.ts';
import { DataFormatError } from '../../../shared/data/errors.ts';
import { NotSupportedError, type HistoricalRequest, type MarketDataClient, type Subscription } from '../types.ts';
import type { Bi5Downloader } from './downloader.ts';

const HOUR = 3_600_000;
const TF: Record<string, number> = { s: 1000, m: 60_000, h: HOUR, d: 86_400_000, w: 604_800_000 };

function tfMs(tf: string): number {
  const m = /^([1-9]\d*)([smhdw])$/.exec(tf);
  if (!m) throw new RangeError(`timeframe '${tf}' is invalid: use e.g. 1m, 1h, 1d`);
  return Number(m[1]) * TF[m[2]];
}

export class DukascopyDataClient implements MarketDataClient {
  constructor(
    private readonly downloader: Bi5Downloader,
    private readonly opts: { concurrency?: number; price?: QuotePrice } = {},
  ) {}

  private symbolOf(instrument: string): string {
    return instrument.slice(0, instrument.lastIndexOf('.') < 0 ? undefined : instrument.lastIndexOf('.')).replace('/', '').toUpperCase();
  }

  /** Ticks with from <= time <= to. */
  async requestTicks(instrument: string, from: number, to: number, signal?: AbortSignal): Promise<QuoteColumns> {
    if (!(to >= from)) throw new RangeError(`range end ${to} is before its start ${from}`);
    const symbol = this.symbolOf(instrument);
    const scale = dukascopyScale(symbol);
    const hours: number[] = [];
    for (let h = Math.floor(from / HOUR) * HOUR; h <= to; h += HOUR) hours.push(h);
    const parts: QuoteColumns[] = new Array(hours.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < hours.length) {
        const i = next++;
        const bytes = await this.downloader.get(symbol, hours[i], signal);
        parts[i] = parseBi5(bytes, { hourStart: hours[i], scale, file: this.downloader.url(symbol, hours[i]) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 4, hours.length) }, worker));
    const all = concatColumns(parts);
    const a = lowerBound(all.time, from);
    let b = lowerBound(all.time, to);
    while (b < all.time.length && all.time[b] <= to) b++;
    const out = {} as QuoteColumns;
    for (const k of Object.keys(all) as (keyof QuoteColumns)[]) out[k] = all[k].slice(a, b);
    return out;
  }

  async requestBars(req: HistoricalRequest & { price?: QuotePrice }): Promise<BarColumns> {
    const step = tfMs(req.timeframe);
    const to = req.to ?? Date.now();
    // Whole bars only: start at a bar boundary, end at the last bar that ends by `to`.
    const from = Math.floor(req.from / step) * step;
    const ticks = await this.requestTicks(req.instrument, from, to);
    try {
      return quotesToBars(ticks, { intervalMs: step, price: req.price ?? this.opts.price ?? 'bid', volume: 'bid' });
    } catch (e) {
      throw new DataFormatError([{ file: req.instrument, line: 0, reason: (e as Error).message }]);
    }
  }

  subscribeBars(): Subscription {
    throw new NotSupportedError('Dukascopy serves historical data only; use ccxt or Interactive Brokers for a live feed');
  }

  async close(): Promise<void> {}
}
