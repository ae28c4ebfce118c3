/**
 * A local TCP server that speaks enough of the TWS API socket protocol (v100+ framing: 4-byte big-endian length,
 * NUL-separated fields) to drive the REAL @stoqey/ib client: the "API\0" handshake with version negotiation,
 * START_API -> nextValidId / managedAccounts / farm notices, REQ_HISTORICAL_DATA -> HISTORICAL_DATA,
 * keepUpToDate HISTORICAL_DATA_UPDATE, REAL_TIME_BARS, ERR_MSG. Server version 151 (after synthetic real-time bars,
 * before the advanced-order-reject error field). Contract details are not spoken here (their layout is long and
 * version-dependent): tests register contract details directly, and the simulator covers reqContractDetails.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

const IN = { ORDER_STATUS: 3, ERR_MSG: 4, NEXT_VALID_ID: 9, EXECUTION_DATA: 11, MANAGED_ACCTS: 15, HISTORICAL_DATA: 17, REAL_TIME_BARS: 50, OPEN_ORDER_END: 53, EXECUTION_DATA_END: 55, HISTORICAL_DATA_UPDATE: 90 } as const;
const OUT = { PLACE_ORDER: 3, CANCEL_ORDER: 4, REQ_OPEN_ORDERS: 5, REQ_EXECUTIONS: 7, REQ_HISTORICAL_DATA: 20, CANCEL_HISTORICAL_DATA: 25, REQ_REAL_TIME_BARS: 50, CANCEL_REAL_TIME_BARS: 51, START_API: 71 } as const;

/**
 * An order as the fake TWS holds it (from PLACE_ORDER as the real client encodes it at server version 151:
 * [3, orderId, conId, symbol, secType, ..., 9 exchange, 11 currency, 16 action, 17 totalQuantity, 18 orderType,
 * 19 lmtPrice, 21 tif, 26 orderRef, ...]).
 */
export interface TwsOrder {
  orderId: number;
  orderRef: string;
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  currency: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: string;
  lmtPrice: number | null;
  status: 'Submitted' | 'Filled' | 'Cancelled';
  filled: number;
  avgPx: number;
  execs: Array<{ execId: string; shares: number; price: number; time: string }>;
}

export type TwsBar = [time: string, open: number, high: number, low: number, close: number, volume: number];

export interface TwsRequest {
  msgId: number;
  fields: string[];
}

function frame(fields: (string | number)[]): Buffer {
  const body = Buffer.from(fields.map(String).join('\0') + '\0', 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

export class FakeTws {
  readonly serverVersion = 151;
  readonly requests: TwsRequest[] = [];
  /** Bars served for a symbol + bar size ('AAPL|1 min'). */
  readonly bars = new Map<string, TwsBar[]>();
  /** Answer the next historical request with this error code instead (e.g. 162 pacing violation). */
  failNextHistorical: { code: number; message: string } | undefined;
  port = 0;
  /** Orders placed through this TWS (the ground truth of the order tests), by order id. */
  readonly orders = new Map<number, TwsOrder>();
  /** Fill price of MARKET orders by symbol: a MARKET order with a price here fills at once (one execution). */
  readonly marketPrice = new Map<string, number>();
  private execSeq = 0;
  private server: Server | undefined;
  private sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = createServer((s) => this.onSocket(s));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private send(fields: (string | number)[]): void {
    for (const s of this.sockets) s.write(frame(fields));
  }

  pushUpdate(reqId: number, time: string, o: number, h: number, l: number, c: number, v: number): void {
    this.send([IN.HISTORICAL_DATA_UPDATE, reqId, 3, time, o, c, h, l, (o + c) / 2, v]);
  }

  pushRealtimeBar(reqId: number, epochSec: number, o: number, h: number, l: number, c: number, v: number): void {
    this.send([IN.REAL_TIME_BARS, 3, reqId, epochSec, o, h, l, c, v, (o + c) / 2, 4]);
  }

  sendError(reqId: number, code: number, message: string): void {
    this.send([IN.ERR_MSG, 2, reqId, code, message]);
  }

  /**
   * Fills `shares` of an order at `price` (one execution): journaled in TWS's own memory (reqExecutions returns it
   * later) and pushed to connected clients (execDetails, then orderStatus). With no client connected the fill still
   * happens: that is an order filled while the gateway was down.
   */
  fill(orderId: number, shares: number, price: number): void {
    const o = this.orders.get(orderId);
    if (!o || o.status !== 'Submitted') throw new Error(`fake TWS: order ${orderId} is not working`);
    const ex = { execId: `0000e0d5.fake.${String(++this.execSeq).padStart(2, '0')}.01`, shares, price, time: '20240116 15:30:01 US/Eastern' };
    o.execs.push(ex);
    o.avgPx = (o.avgPx * o.filled + price * shares) / (o.filled + shares);
    o.filled += shares;
    if (o.filled + 1e-9 >= o.quantity) o.status = 'Filled';
    this.send(this.execFields(-1, o, ex));
    this.send(this.statusFields(o));
  }

  private statusFields(o: TwsOrder): (string | number)[] {
    // ORDER_STATUS at server version >= 131: no version field; ..., permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice.
    const last = o.execs.at(-1)?.price ?? 0;
    return [IN.ORDER_STATUS, o.orderId, o.status, o.filled, o.quantity - o.filled, o.avgPx, 900_000 + o.orderId, 0, last, 7, '', 0];
  }

  private execFields(reqId: number, o: TwsOrder, ex: TwsOrder['execs'][number]): (string | number)[] {
    // EXECUTION_DATA at server version 151 (>= LAST_LIQUIDITY: no version field).
    const cum = o.execs.slice(0, o.execs.indexOf(ex) + 1);
    const cumQty = cum.reduce((a, e) => a + e.shares, 0);
    const avg = cum.reduce((a, e) => a + e.shares * e.price, 0) / cumQty;
    return [
      IN.EXECUTION_DATA, reqId, o.orderId, o.conId, o.symbol, o.secType, '', 0, '', '', o.exchange, o.currency, o.symbol, o.symbol,
      ex.execId, ex.time, 'DU1234567', 'ISLAND', o.action === 'BUY' ? 'BOT' : 'SLD', ex.shares, ex.price, 900_000 + o.orderId, 7, 0, cumQty, avg,
      o.orderRef, '', '', '', 1,
    ];
  }

  private onSocket(s: Socket): void {
    this.sockets.add(s);
    let buf = Buffer.alloc(0);
    let handshaken = false;
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => this.sockets.delete(s));
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!handshaken) {
        // "API\0" + length + "v100..193"
        if (buf.length < 8 || buf.subarray(0, 4).toString() !== 'API\0') return;
        const len = buf.readUInt32BE(4);
        if (buf.length < 8 + len) return;
        const range = buf.subarray(8, 8 + len).toString();
        buf = buf.subarray(8 + len);
        handshaken = true;
        this.requests.push({ msgId: -1, fields: [range] });
        s.write(frame([this.serverVersion, '20240116 21:00:00 EST']));
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (buf.length < 4 + len) return;
        const fields = buf.subarray(4, 4 + len).toString().split('\0');
        if (fields[fields.length - 1] === '') fields.pop();
        buf = buf.subarray(4 + len);
        this.onMessage(s, Number(fields[0]), fields);
      }
    });
  }

  private onMessage(s: Socket, msgId: number, fields: string[]): void {
    this.requests.push({ msgId, fields });
    const reply = (f: (string | number)[]): boolean => s.write(frame(f));
    switch (msgId) {
      case OUT.START_API:
        // Like TWS: order ids continue after every id used on this account.
        reply([IN.NEXT_VALID_ID, 1, Math.max(0, ...this.orders.keys()) + 1]);
        reply([IN.MANAGED_ACCTS, 1, 'DU1234567']);
        reply([IN.ERR_MSG, 2, -1, 2104, 'Market data farm connection is OK:usfarm']);
        return;
      case OUT.REQ_HISTORICAL_DATA: {
        // [20, reqId, conId, symbol, secType, expiry, strike, right, multiplier, exchange, primaryExch, currency,
        //  localSymbol, tradingClass, includeExpired, endDateTime, barSize, duration, useRTH, whatToShow, formatDate, ...]
        const reqId = Number(fields[1]);
        const symbol = fields[3];
        const barSize = fields[16];
        if (this.failNextHistorical) {
          const f = this.failNextHistorical;
          this.failNextHistorical = undefined;
          reply([IN.ERR_MSG, 2, reqId, f.code, f.message]);
          return;
        }
        const rows = this.bars.get(`${symbol}|${barSize}`);
        if (!rows) {
          reply([IN.ERR_MSG, 2, reqId, 162, 'Historical Market Data Service error message:HMDS query returned no data']);
          return;
        }
        const out: (string | number)[] = [IN.HISTORICAL_DATA, reqId, '20240116 14:30:00', '20240116 21:00:00', rows.length];
        for (const [t, o, h, l, c, v] of rows) out.push(t, o, h, l, c, v, (o + c) / 2, 7);
        reply(out);
        return;
      }
      case OUT.PLACE_ORDER: {
        const o: TwsOrder = {
          orderId: Number(fields[1]), conId: Number(fields[2]), symbol: fields[3], secType: fields[4], exchange: fields[9], currency: fields[11],
          action: fields[16] as 'BUY' | 'SELL', quantity: Number(fields[17]), orderType: fields[18], lmtPrice: fields[19] ? Number(fields[19]) : null,
          orderRef: fields[26], status: 'Submitted', filled: 0, avgPx: 0, execs: [],
        };
        if (this.orders.has(o.orderId)) {
          reply([IN.ERR_MSG, 2, o.orderId, 103, 'Duplicate order id']);
          return;
        }
        this.orders.set(o.orderId, o);
        reply(this.statusFields(o));
        const px = this.marketPrice.get(o.symbol);
        if (o.orderType === 'MKT' && px !== undefined) this.fill(o.orderId, o.quantity, px);
        return;
      }
      case OUT.CANCEL_ORDER: {
        const o = this.orders.get(Number(fields[2]));
        if (o && o.status === 'Submitted') {
          o.status = 'Cancelled';
          reply(this.statusFields(o));
        }
        return;
      }
      case OUT.REQ_OPEN_ORDERS:
        // OPEN_ORDER itself (a long, version-dependent layout) is not spoken: only the end marker.
        reply([IN.OPEN_ORDER_END, 1]);
        return;
      case OUT.REQ_EXECUTIONS: {
        const reqId = Number(fields[2]);
        for (const o of this.orders.values()) for (const ex of o.execs) reply(this.execFields(reqId, o, ex));
        reply([IN.EXECUTION_DATA_END, 1, reqId]);
        return;
      }
      default:
        return; // cancels and anything else: recorded only
    }
  }

  /** Field list of the requests with a message id (e.g. 20 = REQ_HISTORICAL_DATA). */
  sent(msgId: number): string[][] {
    return this.requests.filter((r) => r.msgId === msgId).map((r) => r.fields);
  }
}
