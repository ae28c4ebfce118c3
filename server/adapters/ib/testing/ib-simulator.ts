/**
 * A stand-in for @stoqey/ib's IBApi that answers requests with recorded TWS message sequences (recorded.json):
 * the same event names and listener arguments the real decoder emits (contractDetails / contractDetailsEnd,
 * historicalData rows then a 'finished-<start>-<end>' marker, historicalDataUpdate, realtimeBar, error(err, code, reqId),
 * connected / nextValidId / disconnected). It does not open a socket: what needs a real TWS is listed in docs/data.md.
 */
import { EventEmitter } from 'node:events';
import type { Contract } from '@stoqey/ib';
import type { IbApiLike } from '../ib-api.ts';

export interface RecordedDetails {
  match: Partial<Contract>;
  details: unknown[];
  error?: { code: number; message: string };
}

export interface Recorded {
  contractDetails: RecordedDetails[];
  historical: { match: { symbol: string; barSize: string }; rows: [string, number, number, number, number, number][]; error?: { code: number; message: string } }[];
}

export class IbSimulator extends EventEmitter implements IbApiLike {
  isConnected = false;
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** When false, connect() produces error 502 like a closed TWS port. */
  twsRunning = true;
  /** Answers to reqHistoricalData can be failed once with a code (e.g. 162 pacing violation). */
  failHistoricalOnce: number | undefined;

  constructor(private readonly rec: Recorded) {
    super();
  }

  private later(fn: () => void): void {
    setImmediate(fn);
  }

  connect(clientId?: number): this {
    this.calls.push({ method: 'connect', args: [clientId] });
    this.later(() => {
      if (!this.twsRunning) {
        this.emit('error', new Error("Couldn't connect to TWS. Confirm that \"Enable ActiveX and Socket EClients\" is enabled."), 502, -1);
        return;
      }
      this.isConnected = true;
      this.emit('connected');
      this.emit('nextValidId', 1);
      this.emit('error', new Error('Market data farm connection is OK:usfarm'), 2104, -1);
    });
    return this;
  }

  disconnect(): this {
    this.calls.push({ method: 'disconnect', args: [] });
    this.isConnected = false;
    return this;
  }

  /** Simulates TWS going away (socket closed). */
  drop(): void {
    this.isConnected = false;
    this.emit('disconnected');
  }

  reqContractDetails(reqId: number, contract: Contract): this {
    this.calls.push({ method: 'reqContractDetails', args: [reqId, contract] });
    const r = this.rec.contractDetails.find((x) => Object.entries(x.match).every(([k, v]) => (contract as Record<string, unknown>)[k] === v));
    this.later(() => {
      if (!r || r.error) {
        this.emit('error', new Error(r?.error?.message ?? 'No security definition has been found for the request'), r?.error?.code ?? 200, reqId);
        return;
      }
      for (const d of r.details) this.emit('contractDetails', reqId, d);
      this.emit('contractDetailsEnd', reqId);
    });
    return this;
  }

  reqHistoricalData(reqId: number, contract: Contract, endDateTime: string | undefined, durationStr: string, barSizeSetting: string, whatToShow: string, useRTH: number | boolean, formatDate: number, keepUpToDate: boolean): this {
    this.calls.push({ method: 'reqHistoricalData', args: [reqId, contract, endDateTime, durationStr, barSizeSetting, whatToShow, useRTH, formatDate, keepUpToDate] });
    const h = this.rec.historical.find((x) => x.match.symbol === contract.symbol && x.match.barSize === barSizeSetting);
    this.later(() => {
      if (this.failHistoricalOnce !== undefined) {
        const code = this.failHistoricalOnce;
        this.failHistoricalOnce = undefined;
        this.emit('error', new Error('Historical Market Data Service error message:API historical data query cancelled: pacing violation'), code, reqId);
        return;
      }
      if (!h || h.error) {
        this.emit('error', new Error(h?.error?.message ?? 'HMDS query returned no data'), h?.error?.code ?? 162, reqId);
        return;
      }
      for (const [t, o, hi, l, c, v] of h.rows) this.emit('historicalData', reqId, t, o, hi, l, c, v, 10, (o + c) / 2, false);
      this.emit('historicalData', reqId, 'finished-20240115 00:00:00-20240116 00:00:00', -1, -1, -1, -1, -1, -1, -1, false);
    });
    return this;
  }

  /** Pushes a keepUpToDate update as TWS does (every few seconds for the forming bar). */
  pushUpdate(reqId: number, time: string, o: number, h: number, l: number, c: number, v: number): void {
    this.emit('historicalDataUpdate', reqId, time, o, h, l, c, v, 5, (o + c) / 2);
  }

  pushRealtimeBar(reqId: number, epochSec: number, o: number, h: number, l: number, c: number, v: number): void {
    this.emit('realtimeBar', reqId, epochSec, o, h, l, c, v, (o + c) / 2, 3);
  }

  cancelHistoricalData(reqId: number): this {
    this.calls.push({ method: 'cancelHistoricalData', args: [reqId] });
    return this;
  }

  reqRealTimeBars(reqId: number, contract: Contract, barSize: number, whatToShow: string, useRTH: boolean): this {
    this.calls.push({ method: 'reqRealTimeBars', args: [reqId, contract, barSize, whatToShow, useRTH] });
    return this;
  }

  cancelRealTimeBars(reqId: number): this {
    this.calls.push({ method: 'cancelRealTimeBars', args: [reqId] });
    return this;
  }
}
