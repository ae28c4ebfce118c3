/**
 * Dukascopy historical ticks: public hourly .bi5 files, no account needed. Only historical data (no live feed,
 * no trading). Files of hours that have ended never change, so they are cached on disk forever.
 */
export interface DukascopyConfig {
  /** Default https://datafeed.dukascopy.com/datafeed; tests point it at a local server. */
  baseUrl?: string;
  /** Directory for the file cache (default <AIO_HOME>/dukascopy). Undefined = no disk cache. */
  cacheDir?: string;
  /** Attempts per file on network errors, 429 and 5xx (default 4). */
  retries?: number;
  retryBaseMs?: number;
  /** Hours downloaded at once (default 4: polite to a free service). */
  concurrency?: number;
  /** Per-request timeout, ms (default 20 s). */
  timeoutMs?: number;
  venue?: string;
}

export const DUKASCOPY_DEFAULTS = { retries: 4, retryBaseMs: 500, concurrency: 4, timeoutMs: 20_000, venue: 'DUKASCOPY' } as const;
