/**
 * Historical and live bars from TWS.
 *  - requestBars: reqHistoricalData (formatDate 2 = epoch seconds), answered by historicalData events and ended
 *    by a 'finished-...' marker row; pacing violations (162) are retried with backoff.
 *  - subscribeBars: reqHistoricalData with keepUpToDate=true; historicalDataUpdate events carry the still-forming
 *    bar (emitted closed:false); when a later bar time appears, the previous bar is emitted closed:true.
 *  - subscribeRealTimeBars: IB's 5-second bars (reqRealTimeBars), each already complete.
 */
import type { BarColumns } from '../../../shared/data/columns.ts';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import type { FeedStatus, HistoricalRequest, LiveBar, MarketDataClient, Subscription } from '../types.ts';
import { IbError, type IbConnection } from './connection.ts';
import { IB_PACING_VIOLATION } from './ib-api.ts';
import type { IbInstrumentProvider } from './instrument-provider.ts';
import { ibBarSize, ibDuration, ibEndDateTime, parseIbBarTime } from './mapping.ts';

export interface IbDataOptions {
  whatToShow?: string; // TRADES (default), MIDPOINT, BID, ASK
  useRTH?: boolean;
  sleep?: Sleep;
  now?: () => number;
}

export class IbDataClient implements MarketDataClient {
  constructor(
    private readonly conn: IbConnection,
    private readonly instruments: IbInstrumentProvider,
    private readonly opts: IbDataOptions = {},
  ) {}

  private whatToShow(id: string): string {
    // FX has no trades on IDEALPRO: midpoint is what TWS charts show.
    return this.opts.whatToShow ?? (this.instruments.find(id)?.kind === 'FX' ? 'MIDPOINT' : 'TRADES');
  }

  async requestBars(req: HistoricalRequest): Promise<BarColumns> {
    const e = this.instruments.entry(req.instrument);
    const to = req.to ?? (this.opts.now ?? Date.now)();
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.historical(e.contract, to, to - req.from, req.timeframe, this.whatToShow(req.instrument), e.timeZone);
        const keep = rows.filter((r) => r[0] >= req.from && r[0] <= to);
        const c = { time: new Float64Array(keep.length), open: new Float64Array(keep.length), high: new Float64Array(keep.length), low: new Float64Array(keep.length), close: new Float64Array(keep.length), volume: new Float64Array(keep.length) };
        keep.forEach((r, i) => {
          c.time[i] = r[0];
          c.open[i] = r[1];
          c.high[i] = r[2];
          c.low[i] = r[3];
          c.close[i] = r[4];
          c.volume[i] = r[5];
        });
        return c;
      } catch (err) {
        if (!(err instanceof IbError) || err.code !== IB_PACING_VIOLATION || attempt >= 4) throw err;
        await (this.opts.sleep ?? realSleep)(backoffDelay(attempt, { baseMs: 10_000, maxMs: 60_000 }));
      }
    }
  }

  private historical(contract: object, end: number, spanMs: number, timeframe: string, whatToShow: string, tz: string): Promise<number[][]> {
    const api = this.conn.api;
    const reqId = this.conn.reqId();
    return new Promise((resolve, reject) => {
      const rows: number[][] = [];
      const onBar = (id: number, time: string, o: number, h: number, l: number, c: number, v: number): void => {
        if (id !== reqId) return;
        if (time.startsWith('finished')) {
          cleanup();
          rows.sort((a, b) => a[0] - b[0]);
          resolve(rows);
          return;
        }
        const t = parseIbBarTime(time, tz);
        if (!Number.isFinite(t)) {
          cleanup();
          reject(new IbError(0, `unreadable bar time '${time}' in historical data for request ${reqId}`, reqId));
          return;
        }
        rows.push([t, o, h, l, c, Math.max(0, Number(v))]);
      };
      const timer = setTimeout(() => {
        cleanup();
        api.cancelHistoricalData(reqId);
        reject(new IbError(0, `historical data request ${reqId} timed out after ${this.conn.config.requestTimeoutMs} ms`, reqId));
      }, this.conn.config.requestTimeoutMs);
      const unwatch = this.conn.watchErrors(reqId, (e) => {
        cleanup();
        reject(e);
      });
      const cleanup = (): void => {
        clearTimeout(timer);
        unwatch();
        api.off('historicalData', onBar);
      };
      api.on('historicalData', onBar);
      api.reqHistoricalData(reqId, contract, ibEndDateTime(end), ibDuration(spanMs), ibBarSize(timeframe), whatToShow, this.opts.useRTH ?? false, 2, false);
    });
  }

  subscribeBars(instrument: string, timeframe: string, onBar: (b: LiveBar) => void, onStatus?: (s: FeedStatus) => void): Subscription {
    const e = this.instruments.entry(instrument);
    const api = this.conn.api;
    let reqId = -1;
    let current: LiveBar | undefined;
    let stopped = false;
    const emit = (t: number, o: number, h: number, l: number, c: number, v: number): void => {
      if (current && t < current.time) return;
      if (current && t > current.time) onBar({ ...current, closed: true });
      current = { instrument, timeframe, time: t, open: o, high: h, low: l, close: c, volume: Math.max(0, Number(v)), closed: false };
      onBar(current);
    };
    const onHist = (id: number, time: string, o: number, h: number, l: number, c: number, v: number): void => {
      if (id !== reqId || time.startsWith('finished')) return;
      const t = parseIbBarTime(time, e.timeZone);
      if (Number.isFinite(t)) emit(t, o, h, l, c, v);
    };
    const onUpdate = (id: number, time: string, o: number, h: number, l: number, c: number, v: number): void => {
      if (id !== reqId) return;
      const t = parseIbBarTime(time, e.timeZone);
      if (Number.isFinite(t)) emit(t, o, h, l, c, v);
    };
    let unwatch = (): void => undefined;
    const start = (): void => {
      reqId = this.conn.reqId();
      unwatch();
      unwatch = this.conn.watchErrors(reqId, (err) => onStatus?.({ state: 'reconnecting', error: err.message }));
      // A short backfill (a few bars) seeds the forming bar; TWS then streams updates for this request id.
      const span = 3 * barMs(timeframe);
      api.reqHistoricalData(reqId, e.contract, undefined, ibDuration(span), ibBarSize(timeframe), this.whatToShow(instrument), this.opts.useRTH ?? false, 2, true);
    };
    api.on('historicalData', onHist);
    api.on('historicalDataUpdate', onUpdate);
    const offStatus = this.conn.onStatus((s) => {
      onStatus?.(s);
      // After a reconnect the old request is gone: subscribe again.
      if (s.state === 'connected' && !stopped && reqId >= 0) start();
    });
    start();
    return {
      stop: async () => {
        stopped = true;
        offStatus();
        unwatch();
        api.off('historicalData', onHist);
        api.off('historicalDataUpdate', onUpdate);
        if (this.conn.api.isConnected) api.cancelHistoricalData(reqId);
      },
    };
  }

  /** IB's 5-second real-time bars; each arrives complete (closed: true). */
  subscribeRealTimeBars(instrument: string, onBar: (b: LiveBar) => void): Subscription {
    const e = this.instruments.entry(instrument);
    const api = this.conn.api;
    const reqId = this.conn.reqId();
    const on = (id: number, date: number, o: number, h: number, l: number, c: number, v: number): void => {
      if (id === reqId) onBar({ instrument, timeframe: '5s', time: date * 1000, open: o, high: h, low: l, close: c, volume: Math.max(0, Number(v)), closed: true });
    };
    api.on('realtimeBar', on);
    api.reqRealTimeBars(reqId, e.contract, 5, this.whatToShow(instrument), this.opts.useRTH ?? false);
    return {
      stop: async () => {
        api.off('realtimeBar', on);
        if (api.isConnected) api.cancelRealTimeBars(reqId);
      },
    };
  }

  async close(): Promise<void> {}
}

function barMs(tf: string): number {
  const m = /^(\d+)([smhdw])$/.exec(tf);
  return m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's']! : 60_000;
}
