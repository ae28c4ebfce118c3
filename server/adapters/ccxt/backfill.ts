/**
 * Resumable historical backfill into the catalog: starts after the last stored bar, commits every page in its own
 * transaction ('skip' overlap), so killing the process at any moment loses at most the page in flight.
 */
import type { Exchange } from 'ccxt';
import type { DataCatalog } from '../../catalog/catalog.ts';
import { pageOHLCV, type PageOptions } from './ohlcv-pager.ts';

export interface BackfillOptions extends Omit<PageOptions, 'from'> {
  catalog: DataCatalog;
  /** Catalog instrument id, e.g. 'BTCUSDT.BINANCE'. */
  instrument: string;
  from: number;
  onProgress?: (p: { pages: number; stored: number; lastTime: number }) => void;
}

export interface BackfillResult {
  pages: number;
  stored: number;
  resumedFrom: number;
  lastTime: number | null;
}

export async function backfillOHLCV(exchange: Exchange, o: BackfillOptions): Promise<BackfillResult> {
  const key = { instrument: o.instrument, kind: 'bars' as const, timeframe: o.timeframe };
  const tfMs = exchange.parseTimeframe(o.timeframe) * 1000;
  const last = o.catalog.lastTime(key);
  const resumedFrom = last !== null ? Math.max(o.from, last + tfMs) : o.from;
  let stored = 0;
  let pages = 0;
  pages = await pageOHLCV(exchange, { ...o, from: resumedFrom }, (page) => {
    const r = o.catalog.append(key, page, 'skip');
    stored += r.appended;
    o.onProgress?.({ pages: ++pages, stored, lastTime: page.time[page.time.length - 1] });
  });
  return { pages, stored, resumedFrom, lastTime: o.catalog.lastTime(key) };
}
