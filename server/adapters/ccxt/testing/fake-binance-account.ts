/**
 * The trading side of the fake Binance (testing/fake-binance.ts): a spot account with balances, orders and trades,
 * answering Binance's REST formats for POST/DELETE/GET /api/v3/order, GET /api/v3/openOrders, /api/v3/myTrades and
 * /api/v3/account. It is the GROUND TRUTH of venue tests: what the gateway reports is compared with `snapshot()`.
 *
 * Matching is driven by the test: a MARKET order fills at once at `setPrice(symbol)`; a LIMIT order rests until the
 * test calls `fill(clientOrderId, qty, price?)` (partial or full). No fees, so balances can be checked by hand.
 * A duplicate newClientOrderId is refused with -2010 "Duplicate order sent." as Binance does for a live order.
 */
import type { FakeRequest, FakeSymbol } from './fake-binance.ts';

export interface FakeOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  price: number;
  origQty: number;
  executedQty: number;
  cummulativeQuoteQty: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED';
  time: number;
  updateTime: number;
}

export interface FakeTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: number;
  qty: number;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

type Reply = { status?: number; body: unknown };

const err = (status: number, code: number, msg: string): Reply => ({ status, body: { code, msg } });
const s8 = (x: number): string => x.toFixed(8);

export class FakeBinanceAccount {
  readonly orders: FakeOrder[] = [];
  readonly trades: FakeTrade[] = [];
  private readonly balances = new Map<string, number>();
  private readonly prices = new Map<string, number>();
  private nextOrderId = 1000;
  private nextTradeId = 1;
  /**
   * Told of every change of an order (new, each fill, cancel) and of the assets it moved, in the order they happen
   * (the user-data stream turns them into executionReport and outboundAccountPosition events).
   */
  onChange?: (o: FakeOrder, x: 'NEW' | 'TRADE' | 'CANCELED', assets: string[], trade?: FakeTrade) => void;

  constructor(
    private readonly symbols: () => FakeSymbol[],
    private readonly now: () => number,
  ) {}

  setBalance(asset: string, total: number): void {
    this.balances.set(asset, total);
  }

  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
  }

  order(clientOrderId: string): FakeOrder | undefined {
    return this.orders.find((o) => o.clientOrderId === clientOrderId);
  }

  /** Fills `qty` of a resting order at `price` (default its limit price). */
  fill(clientOrderId: string, qty: number, price?: number): FakeTrade {
    const o = this.order(clientOrderId);
    if (!o || (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED')) throw new Error(`fake-binance: no open order ${clientOrderId}`);
    const left = o.origQty - o.executedQty;
    if (qty > left + 1e-12) throw new Error(`fake-binance: fill ${qty} > remaining ${left}`);
    return this.execute(o, qty, price ?? o.price, true);
  }

  /** Totals and locked amounts per asset, as the venue holds them. */
  snapshot(): Record<string, { free: number; locked: number; total: number }> {
    const out: Record<string, { free: number; locked: number; total: number }> = {};
    const locked = this.locked();
    for (const [asset, total] of this.balances) {
      const l = locked.get(asset) ?? 0;
      out[asset] = { free: total - l, locked: l, total };
    }
    return out;
  }

  /** Answers the account endpoints; undefined for any other path. */
  handle(req: FakeRequest): Reply | undefined {
    const p = { ...req.query, ...Object.fromEntries(new URLSearchParams(req.body)) };
    const key = `${req.method} ${req.path}`;
    if (key === 'POST /api/v3/order') return this.create(p);
    if (key === 'GET /api/v3/order') return this.find(p, (o) => ({ body: this.wire(o) }));
    if (key === 'DELETE /api/v3/order') return this.cancel(p);
    if (key === 'GET /api/v3/openOrders') return { body: this.orders.filter((o) => isOpen(o) && (!p.symbol || o.symbol === p.symbol)).map((o) => this.wire(o)) };
    if (key === 'GET /api/v3/myTrades') return { body: this.trades.filter((t) => t.symbol === p.symbol).map((t) => this.wireTrade(t)) };
    if (key === 'GET /api/v3/account') return { body: this.account() };
    // ccxt loads currencies and margin pairs when it has keys; none here (spot only).
    if (key === 'GET /sapi/v1/capital/config/getall' || key === 'GET /sapi/v1/margin/allPairs' || key === 'GET /sapi/v1/margin/isolated/allPairs') return { body: [] };
    return undefined;
  }

  private create(p: Record<string, string>): Reply {
    const sym = this.symbols().find((s) => s.symbol === p.symbol);
    if (!sym) return err(400, -1121, 'Invalid symbol.');
    const side = p.side === 'BUY' || p.side === 'SELL' ? p.side : undefined;
    const type = p.type === 'MARKET' || p.type === 'LIMIT' ? p.type : undefined;
    const qty = Number(p.quantity);
    if (!side || !type || !(qty > 0)) return err(400, -1102, 'Mandatory parameter missing or malformed.');
    const cid = p.newClientOrderId ?? `fake-${this.nextOrderId}`;
    if (this.order(cid)) return err(400, -2010, 'Duplicate order sent.');
    const price = type === 'LIMIT' ? Number(p.price) : (this.prices.get(sym.symbol) ?? NaN);
    if (!(price > 0)) return err(400, -1013, type === 'LIMIT' ? 'Invalid price.' : 'No market price for a market order.');
    // Funds check against what is free (total less what open orders lock).
    const locked = this.locked();
    const need = side === 'BUY' ? qty * price : qty;
    const asset = side === 'BUY' ? sym.quote : sym.base;
    if ((this.balances.get(asset) ?? 0) - (locked.get(asset) ?? 0) < need - 1e-9) return err(400, -2010, 'Account has insufficient balance for requested action.');
    const t = this.now();
    const o: FakeOrder = { symbol: sym.symbol, orderId: this.nextOrderId++, clientOrderId: cid, side, type, price: type === 'LIMIT' ? price : 0, origQty: qty, executedQty: 0, cummulativeQuoteQty: 0, status: 'NEW', time: t, updateTime: t };
    this.orders.push(o);
    this.onChange?.(o, 'NEW', type === 'LIMIT' ? [asset] : []);
    const fills: FakeTrade[] = [];
    if (type === 'MARKET') fills.push(this.execute(o, qty, price, false));
    return { body: { ...this.wire(o), transactTime: t, fills: fills.map((f) => ({ price: s8(f.price), qty: s8(f.qty), commission: '0', commissionAsset: sym.quote, tradeId: f.id })) } };
  }

  private find(p: Record<string, string>, then: (o: FakeOrder) => Reply): Reply {
    const o = this.orders.find((x) => x.symbol === p.symbol && (p.origClientOrderId ? x.clientOrderId === p.origClientOrderId : String(x.orderId) === p.orderId));
    return o ? then(o) : err(400, -2013, 'Order does not exist.');
  }

  private cancel(p: Record<string, string>): Reply {
    return this.find(p, (o) => {
      if (!isOpen(o)) return err(400, -2011, 'Unknown order sent.');
      o.status = 'CANCELED';
      o.updateTime = this.now();
      const sym = this.symbols().find((s) => s.symbol === o.symbol)!;
      this.onChange?.(o, 'CANCELED', o.type === 'LIMIT' ? [o.side === 'BUY' ? sym.quote : sym.base] : []);
      return { body: this.wire(o) };
    });
  }

  private execute(o: FakeOrder, qty: number, price: number, maker: boolean): FakeTrade {
    const sym = this.symbols().find((s) => s.symbol === o.symbol)!;
    const sign = o.side === 'BUY' ? 1 : -1;
    this.balances.set(sym.base, (this.balances.get(sym.base) ?? 0) + sign * qty);
    this.balances.set(sym.quote, (this.balances.get(sym.quote) ?? 0) - sign * qty * price);
    o.executedQty += qty;
    o.cummulativeQuoteQty += qty * price;
    o.status = o.executedQty + 1e-12 >= o.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = this.now();
    const t: FakeTrade = { symbol: o.symbol, id: this.nextTradeId++, orderId: o.orderId, price, qty, time: o.updateTime, isBuyer: o.side === 'BUY', isMaker: maker };
    this.trades.push(t);
    this.onChange?.(o, 'TRADE', [sym.base, sym.quote], t);
    return t;
  }

  private locked(): Map<string, number> {
    const m = new Map<string, number>();
    for (const o of this.orders) {
      if (!isOpen(o) || o.type !== 'LIMIT') continue;
      const sym = this.symbols().find((s) => s.symbol === o.symbol)!;
      const left = o.origQty - o.executedQty;
      const [asset, amt] = o.side === 'BUY' ? [sym.quote, left * o.price] : [sym.base, left];
      m.set(asset, (m.get(asset) ?? 0) + amt);
    }
    return m;
  }

  private wire(o: FakeOrder): Record<string, unknown> {
    return {
      symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, price: s8(o.price), origQty: s8(o.origQty),
      executedQty: s8(o.executedQty), cummulativeQuoteQty: s8(o.cummulativeQuoteQty), status: o.status, timeInForce: o.type === 'LIMIT' ? 'GTC' : 'GTC',
      type: o.type, side: o.side, stopPrice: '0.00000000', icebergQty: '0.00000000', time: o.time, updateTime: o.updateTime, isWorking: true,
      workingTime: o.time, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER',
    };
  }

  private wireTrade(t: FakeTrade): Record<string, unknown> {
    const sym = this.symbols().find((s) => s.symbol === t.symbol)!;
    return { symbol: t.symbol, id: t.id, orderId: t.orderId, orderListId: -1, price: s8(t.price), qty: s8(t.qty), quoteQty: s8(t.qty * t.price), commission: '0', commissionAsset: sym.quote, time: t.time, isBuyer: t.isBuyer, isMaker: t.isMaker, isBestMatch: true };
  }

  private account(): unknown {
    const snap = this.snapshot();
    return {
      makerCommission: 0, takerCommission: 0, buyerCommission: 0, sellerCommission: 0, canTrade: true, canWithdraw: true, canDeposit: true,
      updateTime: this.now(), accountType: 'SPOT', permissions: ['SPOT'],
      balances: Object.entries(snap).map(([asset, b]) => ({ asset, free: s8(b.free), locked: s8(b.locked) })),
    };
  }
}

function isOpen(o: FakeOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}
