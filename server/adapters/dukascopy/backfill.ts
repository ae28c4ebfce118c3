/**
 * Resumable Dukascopy backfill into the catalog: ticks day by day (each day one transaction, 'skip' overlap),
 * starting after the last stored tick, so an interrupted run continues where it stopped. Files come through the
 * downloader's disk cache, so a rerun downloads nothing twice.
 */
import type { DataCatalog } from '../../catalog/catalog.ts';
import type { DukascopyDataClient } from './data-client.ts';

const DAY = 86_400_000;

export interface DukascopyBackfillOptions {
  catalog: DataCatalog;
  client: DukascopyDataClient;
  /** e.g. 'EURUSD.DUKASCOPY' */
  instrument: string;
  from: number;
  to: number;
  signal?: AbortSignal;
  onProgress?: (p: { day: number; stored: number }) => void;
}

export async function backfillDukascopy(o: DukascopyBackfillOptions): Promise<{ stored: number; resumedFrom: number }> {
  const key = { instrument: o.instrument, kind: 'quotes' as const, timeframe: '' };
  const last = o.catalog.lastTime(key);
  // Ticks may share a millisecond: resume AT the last stored ms and let 'skip' drop what is already there.
  const resumedFrom = last !== null ? Math.max(o.from, last + 1) : o.from;
  let stored = 0;
  for (let day = Math.floor(resumedFrom / DAY) * DAY; day <= o.to && !o.signal?.aborted; day += DAY) {
    const a = Math.max(day, resumedFrom);
    const b = Math.min(day + DAY - 1, o.to);
    const ticks = await o.client.requestTicks(o.instrument, a, b, o.signal);
    if (ticks.time.length > 0) stored += o.catalog.append(key, ticks, 'skip').appended;
    o.onProgress?.({ day, stored });
  }
  return { stored, resumedFrom };
}
