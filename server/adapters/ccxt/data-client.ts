/**
 * Live and historical market data through ccxt (REST fetchOHLCV, WebSocket watchOHLCV / watchTrades).
 *
 * Still-forming candles: watchOHLCV delivers the current candle over and over as it changes, without Binance's
 * "closed" flag. Each update is emitted as `closed: false`; a candle is emitted once more as `closed: true` when the
 * first update of a LATER candle arrives (its last known values are final by then).
 *
 * Reconnects: any error from a watch call (socket dropped, exchange down) is reported as FeedStatus 'reconnecting'
 * and retried with exponential backoff; after a reconnect, candles missed while disconnected are fetched over REST
 * so no closed bar is skipped.
 */
import type { Exchange, OHLCV, Trade } from 'ccxt';
import type { BarColumns } from '../../../shared/data/columns.ts';
import { concatColumns, emptyBars } from '../../../shared/data/columns.ts';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import type { FeedStatus, HistoricalRequest, LiveBar, LiveTrade, MarketDataClient, Subscription } from '../types.ts';
import type { CcxtInstrumentProvider } from './instrument-provider.ts';
import { ohlcvToColumns, pageOHLCV } from './ohlcv-pager.ts';

export interface CcxtDataClientOptions {
  pageLimit?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  sleep?: Sleep;
  now?: () => number;
}

export class CcxtDataClient implements MarketDataClient {
  private subs = new Set<{ stop(): Promise<void> }>();

  constructor(
    readonly exchange: Exchange,
    private readonly instruments: CcxtInstrumentProvider,
    private readonly opts: CcxtDataClientOptions = {},
  ) {}

  async requestBars(req: HistoricalRequest): Promise<BarColumns> {
    const parts: BarColumns[] = [];
    await pageOHLCV(this.exchange, { symbol: this.instruments.symbolOf(req.instrument), timeframe: req.timeframe, from: req.from, to: req.to, pageLimit: this.opts.pageLimit, sleep: this.opts.sleep, now: this.opts.now }, (p) => void parts.push(p));
    return parts.length ? concatColumns(parts) : emptyBars();
  }

  subscribeBars(instrument: string, timeframe: string, onBar: (b: LiveBar) => void, onStatus?: (s: FeedStatus) => void): Subscription {
    const symbol = this.instruments.symbolOf(instrument);
    const tfMs = this.exchange.parseTimeframe(timeframe) * 1000;
    let current: OHLCV | undefined;
    const emit = (c: OHLCV, closed: boolean): void =>
      onBar({ instrument, timeframe, time: Number(c[0]), open: Number(c[1]), high: Number(c[2]), low: Number(c[3]), close: Number(c[4]), volume: Number(c[5] ?? 0), closed });
    const apply = (candles: OHLCV[]): void => {
      for (const c of [...candles].sort((a, b) => Number(a[0]) - Number(b[0]))) {
        const t = Number(c[0]);
        if (current && t < Number(current[0])) continue; // an old candle replayed after a reconnect
        if (current && t > Number(current[0])) emit(current, true);
        current = c;
        emit(c, false);
      }
    };
    const recover = async (): Promise<void> => {
      // Fill what was missed while disconnected: every candle from the one in progress onwards.
      if (!current) return;
      const rows = (await this.exchange.fetchOHLCV(symbol, timeframe, Number(current[0]))) as OHLCV[];
      void tfMs;
      apply(rows);
    };
    // ccxt's own cache of the stream's candles: what arrived while the loop was busy recovering (see loop()).
    const cached = (): OHLCV[] | undefined => (this.exchange.ohlcvs as Record<string, Record<string, OHLCV[]> | undefined> | undefined)?.[symbol]?.[timeframe];
    return this.loop(`bars ${instrument} ${timeframe}`, () => this.exchange.watchOHLCV(symbol, timeframe), apply, recover, onStatus, async () => {
      await this.exchange.unWatchOHLCV?.(symbol, timeframe).catch(() => undefined);
    }, cached);
  }

  subscribeTrades(instrument: string, onTrade: (t: LiveTrade) => void, onStatus?: (s: FeedStatus) => void): Subscription {
    const symbol = this.instruments.symbolOf(instrument);
    const seen = new Set<string>();
    let lastTime = -Infinity;
    const apply = (trades: Trade[]): void => {
      for (const t of trades) {
        const id = String(t.id ?? `${t.timestamp}-${t.price}-${t.amount}`);
        if (seen.has(id) || Number(t.timestamp) < lastTime) continue;
        seen.add(id);
        if (seen.size > 10_000) seen.delete(seen.values().next().value as string);
        lastTime = Number(t.timestamp);
        // ccxt's `side` is the taker's side: buy = buyer was the aggressor.
        onTrade({ instrument, time: Number(t.timestamp), price: Number(t.price), size: Number(t.amount), side: t.side === 'buy' ? 1 : t.side === 'sell' ? -1 : 0, id });
      }
    };
    return this.loop(`trades ${instrument}`, () => this.exchange.watchTrades(symbol), apply, async () => undefined, onStatus, async () => {
      await this.exchange.unWatchTrades?.(symbol).catch(() => undefined);
    });
  }

  /**
   * `cached`: everything the stream delivered so far (ccxt's cache). Messages that arrive while no watch call is
   * pending (during the REST recovery after a reconnect) are only in that cache: ccxt hands them to the next watch
   * call only when one more message comes, which on a quiet market can be minutes. They are applied right after the
   * recovery (apply skips what it has seen).
   */
  private loop<T>(label: string, watch: () => Promise<T>, apply: (x: T) => void, recover: () => Promise<void>, onStatus: ((s: FeedStatus) => void) | undefined, unwatch: () => Promise<void>, cached?: () => T | undefined): Subscription {
    const abort = new AbortController();
    const sleep = this.opts.sleep ?? realSleep;
    const status = (s: FeedStatus): void => {
      try {
        onStatus?.(s);
      } catch {
        /* a listener's bug must not kill the feed */
      }
    };
    const run = async (): Promise<void> => {
      let attempt = 0;
      let connected = false;
      status({ state: 'connecting' });
      while (!abort.signal.aborted) {
        try {
          const data = await watch();
          if (abort.signal.aborted) break;
          if (!connected) {
            connected = true;
            const recovering = attempt > 0;
            if (recovering) await recover();
            attempt = 0;
            status({ state: 'connected' });
            apply(data);
            const more = recovering ? cached?.() : undefined;
            if (more !== undefined) apply(more);
            continue;
          }
          apply(data);
        } catch (e) {
          if (abort.signal.aborted) break;
          connected = false;
          attempt++;
          const delayMs = backoffDelay(attempt, { baseMs: this.opts.reconnectBaseMs ?? 500, maxMs: this.opts.reconnectMaxMs ?? 30_000 });
          status({ state: 'reconnecting', attempt, delayMs, error: `${label}: ${(e as Error).message}` });
          await sleep(delayMs, abort.signal);
        }
      }
      status({ state: 'stopped' });
    };
    const done = run();
    const sub = {
      stop: async (): Promise<void> => {
        abort.abort();
        await unwatch();
        // A watch still pending resolves or rejects on the next message or on close(); do not wait forever for it.
        await Promise.race([done, realSleep(1000)]);
        this.subs.delete(sub);
      },
    };
    this.subs.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
    await this.exchange.close();
  }
}

export { ohlcvToColumns };
