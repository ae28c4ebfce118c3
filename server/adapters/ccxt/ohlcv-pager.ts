/**
 * Historical klines through ccxt's fetchOHLCV, page by page: closed candles only, retries with backoff on rate limits
 * and network errors (ccxt's own limiter spaces normal requests), and a callback per page so the caller can store each
 * page before asking for the next (a backfill interrupted at any point resumes from the last stored bar).
 */
import type { Exchange } from 'ccxt';
import ccxt from 'ccxt';
import type { BarColumns } from '../../../shared/data/columns.ts';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';

export interface PageOptions {
  symbol: string;
  timeframe: string;
  from: number;
  /** Inclusive end (open time); default: the last closed candle. */
  to?: number;
  pageLimit?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  sleep?: Sleep;
  /** Clock for "is the candle closed"; default Date.now (the gateway's live clock). */
  now?: () => number;
  signal?: AbortSignal;
  onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/** Errors worth retrying: the exchange asked us to slow down, or the network hiccupped. */
export function isTransient(e: unknown): boolean {
  return e instanceof ccxt.RateLimitExceeded || e instanceof ccxt.DDoSProtection || e instanceof ccxt.RequestTimeout || e instanceof ccxt.ExchangeNotAvailable || e instanceof ccxt.NetworkError;
}

export async function withRetry<T>(fn: () => Promise<T>, o: Pick<PageOptions, 'maxRetries' | 'retryBaseMs' | 'sleep' | 'onRetry' | 'signal'>): Promise<T> {
  const max = o.maxRetries ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || attempt > max || o.signal?.aborted) throw e;
      const delay = backoffDelay(attempt, { baseMs: o.retryBaseMs ?? 1000, maxMs: 60_000 });
      o.onRetry?.(attempt, delay, e as Error);
      await (o.sleep ?? realSleep)(delay, o.signal);
    }
  }
}

export function ohlcvToColumns(rows: number[][]): BarColumns {
  const n = rows.length;
  const c = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  rows.forEach((r, i) => {
    c.time[i] = r[0];
    c.open[i] = r[1];
    c.high[i] = r[2];
    c.low[i] = r[3];
    c.close[i] = r[4];
    c.volume[i] = r[5] ?? 0;
  });
  return c;
}

/** Calls onPage for each page of closed candles in [from, to]; returns the number of pages fetched. */
export async function pageOHLCV(exchange: Exchange, o: PageOptions, onPage: (page: BarColumns) => void | Promise<void>): Promise<number> {
  const tfMs = exchange.parseTimeframe(o.timeframe) * 1000;
  const now = o.now ?? (() => Date.now());
  const lastClosed = Math.floor(now() / tfMs) * tfMs - tfMs;
  const end = Math.min(o.to ?? Infinity, lastClosed);
  let since = o.from;
  let pages = 0;
  while (since <= end && !o.signal?.aborted) {
    const raw = (await withRetry(() => exchange.fetchOHLCV(o.symbol, o.timeframe, since, o.pageLimit ?? 1000), o)) as number[][];
    pages++;
    const rows = raw.filter((r) => r[0] >= since && r[0] <= end);
    if (rows.length === 0) break; // nothing more in range: the exchange has no later data yet
    rows.sort((a, b) => a[0] - b[0]);
    await onPage(ohlcvToColumns(rows));
    since = rows[rows.length - 1][0] + tfMs;
  }
  return pages;
}
