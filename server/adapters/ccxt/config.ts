/**
 * ccxt adapter settings. Keys stay on the gateway (never sent to a browser). `urls` overrides exist for tests and
 * for exchange testnets; PLATFORM.md: point every REST entry at one host and the WS entries at another.
 */
export interface CcxtConfig {
  /** ccxt exchange id, e.g. 'binance', 'bybit', 'kraken'. */
  exchangeId: string;
  /** Venue name in instrument ids (default: the exchange id upper-cased, e.g. BINANCE). */
  venue?: string;
  apiKey?: string;
  secret?: string;
  /** Use the exchange's testnet/sandbox where ccxt knows one. */
  sandbox?: boolean;
  /** Market types to load (default ['spot']). */
  marketTypes?: string[];
  /** Minimum ms between REST requests (ccxt's own limiter; default: the exchange's published limit). */
  rateLimitMs?: number;
  /** Page size for historical klines (default 1000, Binance's maximum). */
  pageLimit?: number;
  /** Reconnect backoff. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Extra ccxt constructor options. */
  options?: Record<string, unknown>;
}

export const CCXT_DEFAULTS = { marketTypes: ['spot'], pageLimit: 1000, reconnectBaseMs: 500, reconnectMaxMs: 30_000 } as const;

export function venueOf(c: CcxtConfig): string {
  return (c.venue ?? c.exchangeId).toUpperCase().replace(/[^A-Z0-9_-]/g, '');
}

export function validateCcxtConfig(c: CcxtConfig, known: readonly string[]): void {
  if (!known.includes(c.exchangeId)) throw new RangeError(`unknown ccxt exchange '${c.exchangeId}'; e.g. binance, bybit, kraken, okx`);
  if ((c.apiKey && !c.secret) || (!c.apiKey && c.secret)) throw new RangeError(`${c.exchangeId}: give both apiKey and secret, or neither (public data only)`);
  if (c.pageLimit !== undefined && !(c.pageLimit > 0 && c.pageLimit <= 5000)) throw new RangeError(`pageLimit ${c.pageLimit} must be 1..5000`);
}
