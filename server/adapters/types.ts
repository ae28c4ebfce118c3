/**
 * The contract every venue/feed adapter fulfils (STYLE.md rule 5; NautilusTrader adapters/_template).
 * Each adapter folder has the same files: config.ts, instrument-provider.ts, data-client.ts, execution-client.ts,
 * factory.ts (and index.ts). The gateway wires these to the MessageBus; adapters themselves know nothing of it.
 */
import type { Instrument } from '../../shared/model/instrument.ts';
import type { BarColumns } from '../../shared/data/columns.ts';

/** A bar from a live feed. `closed: false` = the still-forming bar (it will be sent again as it changes). */
export interface LiveBar {
  instrument: string;
  timeframe: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closed: boolean;
}

export interface LiveTrade {
  instrument: string;
  time: number;
  price: number;
  size: number;
  /** 1 buyer-aggressor, -1 seller-aggressor, 0 unknown. */
  side: number;
  id: string;
}

export interface LiveQuote {
  instrument: string;
  time: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

/** Connection state changes, for the UI and the journal. */
export interface FeedStatus {
  state: 'connecting' | 'connected' | 'reconnecting' | 'stopped';
  /** Reconnect attempt number (1-based) while reconnecting. */
  attempt?: number;
  /** Delay before the next attempt, ms. */
  delayMs?: number;
  error?: string;
}

export interface Subscription {
  /** Stops the stream; resolves once it has stopped. */
  stop(): Promise<void>;
}

export interface InstrumentProvider {
  /** Loads (or reloads) every instrument the venue offers. */
  loadAll(): Promise<Instrument[]>;
  /** A loaded instrument by id ('BTCUSDT.BINANCE'); undefined when unknown. */
  find(id: string): Instrument | undefined;
}

export interface HistoricalRequest {
  instrument: string;
  timeframe: string;
  from: number;
  to?: number;
}

export interface MarketDataClient {
  /** Historical bars [from, to], closed bars only. */
  requestBars(req: HistoricalRequest): Promise<BarColumns>;
  subscribeBars(instrument: string, timeframe: string, onBar: (b: LiveBar) => void, onStatus?: (s: FeedStatus) => void): Subscription;
  subscribeTrades?(instrument: string, onTrade: (t: LiveTrade) => void, onStatus?: (s: FeedStatus) => void): Subscription;
  subscribeQuotes?(instrument: string, onQuote: (q: LiveQuote) => void, onStatus?: (s: FeedStatus) => void): Subscription;
  close(): Promise<void>;
}

/**
 * Order routing. Each venue types its own order request and answer (ccxt: CcxtOrderRequest -> SubmitOutcome);
 * adapters without trading throw NotSupportedError. `symbol`: venues that look orders up per market need it.
 */
export interface ExecutionClient {
  readonly supported: boolean;
  submitOrder(order: unknown): Promise<unknown>;
  cancelOrder(clientOrderId: string, symbol?: string): Promise<unknown>;
}

export class NotSupportedError extends Error {
  override name = 'NotSupportedError';
}

export interface AdapterClients {
  instruments: InstrumentProvider;
  data: MarketDataClient;
  execution: ExecutionClient;
}
