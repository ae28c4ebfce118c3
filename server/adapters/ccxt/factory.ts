/** Builds the ccxt adapter's clients: the only place that constructs a ccxt exchange object. */
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import type { AdapterClients } from '../types.ts';
import { CCXT_DEFAULTS, validateCcxtConfig, venueOf, type CcxtConfig } from './config.ts';
import { CcxtDataClient, type CcxtDataClientOptions } from './data-client.ts';
import { CcxtExecutionClient } from './execution-client.ts';
import { CcxtInstrumentProvider } from './instrument-provider.ts';

export interface CcxtClients extends AdapterClients {
  exchange: Exchange;
  instruments: CcxtInstrumentProvider;
  data: CcxtDataClient;
  execution: CcxtExecutionClient;
}

/** `configure` may rewrite URLs before first use (tests: FakeBinance.configure). */
export function createCcxtClients(config: CcxtConfig, deps: CcxtDataClientOptions & { configure?: (e: Exchange) => void } = {}): CcxtClients {
  const pro = ccxt.pro as unknown as Record<string, new (o: object) => Exchange>;
  validateCcxtConfig(config, Object.keys(pro));
  const exchange = new pro[config.exchangeId]({
    apiKey: config.apiKey,
    secret: config.secret,
    enableRateLimit: true,
    ...(config.rateLimitMs !== undefined ? { rateLimit: config.rateLimitMs } : {}),
    options: { fetchMarkets: { types: config.marketTypes ?? CCXT_DEFAULTS.marketTypes }, ...(config.options ?? {}) },
  });
  if (config.sandbox) exchange.setSandboxMode(true);
  deps.configure?.(exchange);
  const instruments = new CcxtInstrumentProvider(exchange, venueOf(config));
  const data = new CcxtDataClient(exchange, instruments, {
    pageLimit: config.pageLimit ?? CCXT_DEFAULTS.pageLimit,
    reconnectBaseMs: config.reconnectBaseMs ?? CCXT_DEFAULTS.reconnectBaseMs,
    reconnectMaxMs: config.reconnectMaxMs ?? CCXT_DEFAULTS.reconnectMaxMs,
    ...deps,
  });
  return { exchange, instruments, data, execution: new CcxtExecutionClient(exchange) };
}
