import { describe, expect, it } from 'vitest';
import {
  OmsType, OrderSide, TradingState, type AccountId, type CancelAllOrders, type CancelOrder, type ModifyOrder, type OrderEvent,
  type Position, type SubmitOrder, type SubmitOrderList, type TradingCommand, type Venue,
} from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { MINUTE, quote, testEquity } from '../backtest/test-fixtures.ts';
import { TestClock } from './clock.ts';
import { Endpoints } from './events.ts';
import type { ExecutionClient } from './execution-engine.ts';
import type { MessageBus } from './message-bus.ts';
import { Kernel } from './kernel.ts';
import type { RiskEngineConfig } from './risk-engine.ts';

const acme = testEquity('ACME'); // tick 0.01, lot 1

/** Captures what reaches the venue; like every client it reports OrderSubmitted when it sends, then nothing more. */
class CaptureClient implements ExecutionClient {
  readonly venue = 'SIM' as Venue;
  readonly accountId = 'SIM-001' as AccountId;
  readonly omsType = OmsType.NETTING;
  readonly sent: TradingCommand[] = [];
  constructor(private readonly bus: MessageBus) {}
  submitOrder(c: SubmitOrder): void {
    this.sent.push(c);
    const o = c.order;
    this.bus.send(Endpoints.EXEC_PROCESS, {
      type: 'OrderSubmitted', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, accountId: this.accountId,
      tsEvent: c.tsInit, tsInit: c.tsInit,
    });
  }
  submitOrderList(c: SubmitOrderList): void {
    this.sent.push(c);
  }
  modifyOrder(c: ModifyOrder): void {
    this.sent.push(c);
  }
  cancelOrder(c: CancelOrder): void {
    this.sent.push(c);
  }
  cancelAllOrders(c: CancelAllOrders): void {
    this.sent.push(c);
  }
}

class Probe extends Strategy {
  readonly events: OrderEvent[] = [];
  override onOrderEvent(e: OrderEvent): void {
    this.events.push(e);
  }
  get denials(): string[] {
    return this.events.flatMap((e) => (e.type === 'OrderDenied' ? [e.reason] : []));
  }
}

function setup(risk: RiskEngineConfig = {}) {
  const clock = new TestClock(MINUTE);
  const k = new Kernel({ clock, risk });
  const client = new CaptureClient(k.bus);
  k.addExecutionClient(client);
  k.addInstrument(acme);
  const s = new Probe({ id: 'P-1' });
  k.addStrategy(s);
  k.start();
  // Last price 100.00 / 100.02 (mid 100.01).
  k.dataEngine.processQuote(quote(acme.id, MINUTE, 100, 100.02));
  const f = () => s.orderFactory;
  return { k, clock, client, s, f };
}

const market = (f: Probe['orderFactory'], side: OrderSide, quantity: number, id = acme.id) => f.market({ instrumentId: id, side, quantity });

describe('RiskEngine denials (each reason, as an OrderDenied event, never an exception)', () => {
  it('passes a valid order to the venue client', () => {
    const { s, client, f } = setup();
    s.submitOrder(market(f(), OrderSide.BUY, 5));
    expect(client.sent.map((c) => c.type)).toEqual(['SubmitOrder']);
    expect(s.denials).toEqual([]);
  });

  it('TRADING_HALTED refuses new orders but lets cancels through', () => {
    const { k, s, client, f } = setup();
    k.riskEngine.setTradingState(TradingState.HALTED);
    const o = market(f(), OrderSide.BUY, 5);
    s.submitOrder(o);
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^TRADING_HALTED: /);
    expect(k.cache.order(o.clientOrderId)?.status).toBe('DENIED');
    const lim = f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 99 });
    s.cancelOrder(lim);
    expect(client.sent.map((c) => c.type)).toEqual(['CancelOrder']);
  });

  it('UNKNOWN_INSTRUMENT for an instrument not in the cache', () => {
    const { s, f } = setup();
    s.submitOrder(market(f(), OrderSide.BUY, 1, 'NOPE.SIM' as typeof acme.id));
    expect(s.denials[0]).toMatch(/^UNKNOWN_INSTRUMENT: NOPE\.SIM is not in the cache/);
  });

  it('INVALID_QUANTITY for a quantity off the lot size', () => {
    const { s, f, client } = setup();
    s.submitOrder(market(f(), OrderSide.BUY, 1.5));
    expect(s.denials[0]).toMatch(/^INVALID_QUANTITY: quantity 1\.5 is not a multiple of the lot size 1/);
    expect(client.sent).toEqual([]);
  });

  it('INVALID_PRICE for a limit price off the tick size', () => {
    const { s, f } = setup();
    s.submitOrder(f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 99.995 }));
    expect(s.denials[0]).toMatch(/^INVALID_PRICE: price 99\.995 is not a multiple of the tick size 0\.01/);
  });

  it('MAX_ORDER_QUANTITY', () => {
    const { s, f } = setup({ maxOrderQuantity: { [acme.id]: 10 } });
    s.submitOrder(market(f(), OrderSide.BUY, 10));
    s.submitOrder(market(f(), OrderSide.BUY, 11));
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^MAX_ORDER_QUANTITY: quantity 11 is above the limit 10/);
  });

  it('MAX_NOTIONAL values a market buy at the ask and a limit at its price', () => {
    const { s, f } = setup({ maxNotionalPerOrder: { '*': 1000 } });
    s.submitOrder(market(f(), OrderSide.BUY, 10)); // 10 x 100.02 = 1000.2 > 1000
    s.submitOrder(f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 10, price: 100 })); // 1000: allowed
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^MAX_NOTIONAL: notional 1000\.2 USD is above the limit 1000/);
  });

  it('TRADING_REDUCING refuses orders that increase the position and allows reducing ones', () => {
    const { k, s, f, client } = setup();
    addPosition(k, s, 5); // long 5
    k.riskEngine.setTradingState(TradingState.REDUCING);
    s.submitOrder(market(f(), OrderSide.BUY, 1));
    s.submitOrder(market(f(), OrderSide.SELL, 5));
    s.submitOrder(market(f(), OrderSide.SELL, 11)); // 5 -> -6: larger in absolute terms
    expect(s.denials.map((d) => d.split(':')[0])).toEqual(['TRADING_REDUCING', 'TRADING_REDUCING']);
    expect(client.sent.filter((c) => c.type === 'SubmitOrder')).toHaveLength(2); // the opening fill's order + the reducing sell
  });

  it('MAX_POSITION counts the current net position', () => {
    const { k, s, f } = setup({ maxPositionQuantity: { [acme.id]: 8 } });
    addPosition(k, s, 5);
    s.submitOrder(market(f(), OrderSide.BUY, 3)); // 8: allowed
    s.submitOrder(market(f(), OrderSide.BUY, 4)); // 9: denied
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^MAX_POSITION: BUY 4 would take the net position in ACME\.SIM to 9, beyond the limit 8/);
  });

  it('MAX_OPEN_ORDERS', () => {
    const { s, f } = setup({ maxOpenOrders: 2 });
    for (let i = 0; i < 3; i++) s.submitOrder(f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 99 }));
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^MAX_OPEN_ORDERS: 2 orders are open/);
  });

  it('PRICE_BAND compares limit and trigger prices with the last price', () => {
    const { s, f } = setup({ priceBand: 0.05 });
    s.submitOrder(f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 95.1 })); // 4.91 % below 100.01
    s.submitOrder(f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 94.9 })); // 5.11 %
    s.submitOrder(f().stopMarket({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, triggerPrice: 106 })); // 5.99 %
    expect(s.denials.map((d) => d.split(':')[0])).toEqual(['PRICE_BAND', 'PRICE_BAND']);
    expect(s.denials[0]).toMatch(/price 94\.9 is 5\.11 % from the last price 100\.01/);
  });

  it('RATE_LIMIT throttles orders per interval on the clock', () => {
    const { s, f, clock } = setup({ maxOrderSubmitRate: { limit: 2, intervalMs: 1000 } });
    for (let i = 0; i < 3; i++) s.submitOrder(market(f(), OrderSide.BUY, 1));
    expect(s.denials).toHaveLength(1);
    expect(s.denials[0]).toMatch(/^RATE_LIMIT: more than 2 orders within 1000 ms/);
    clock.advanceTo(MINUTE + 1000);
    s.submitOrder(market(f(), OrderSide.BUY, 1));
    expect(s.denials).toHaveLength(1);
  });

  it('denies every order of a list when one fails, naming the culprit', () => {
    const { s, f, client } = setup();
    const list = f().bracket({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, stopLoss: 95.005, takeProfit: 105 });
    s.submitOrderList(list);
    expect(client.sent).toEqual([]);
    const [entry, sl, tp] = list.orders.map((o) => s.events.find((e) => e.clientOrderId === o.clientOrderId && e.type === 'OrderDenied'));
    expect(sl && 'reason' in sl ? sl.reason : '').toMatch(/^INVALID_PRICE: trigger price 95\.005/);
    expect(entry && 'reason' in entry ? entry.reason : '').toMatch(new RegExp(`^ORDER_LIST: order ${list.orders[1].clientOrderId} of list`));
    expect(tp?.type).toBe('OrderDenied');
  });

  it('a modify that breaks a rule comes back as OrderModifyRejected', () => {
    const { k, s, f, client } = setup();
    const o = f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 99 });
    s.submitOrder(o);
    k.execEngine.process({ type: 'OrderAccepted', strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, venueOrderId: 'V-1' as never, accountId: 'SIM-001' as AccountId, tsEvent: MINUTE, tsInit: MINUTE });
    s.modifyOrder(o, { price: 98.999 });
    const rej = s.events.find((e) => e.type === 'OrderModifyRejected');
    expect(rej && 'reason' in rej ? rej.reason : '').toMatch(/^INVALID_PRICE: price 98\.999/);
    expect(client.sent.map((c) => c.type)).toEqual(['SubmitOrder']);
    expect(o.price).toBe(99);
  });
});

describe('RiskEngine modify checks', () => {
  it('drops a modify of an unknown order (counted as denied, nothing reaches the venue)', () => {
    const { k, client, s } = setup();
    k.bus.send('RiskEngine.execute', {
      type: 'ModifyOrder', strategyId: s.id, instrumentId: acme.id, tsInit: MINUTE, clientOrderId: 'O-ghost', venueOrderId: null,
      quantity: 2, price: null, triggerPrice: null,
    });
    expect(client.sent).toEqual([]);
    expect(k.riskEngine.denied).toBe(1);
  });

  it('throttles modifies: RATE_LIMIT as OrderModifyRejected', () => {
    const { k, s, f, client } = setup({ maxOrderModifyRate: { limit: 1, intervalMs: 1000 } });
    const o = f().limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 99 });
    s.submitOrder(o);
    k.execEngine.process({ type: 'OrderAccepted', strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, venueOrderId: 'V-1' as never, accountId: 'SIM-001' as AccountId, tsEvent: MINUTE, tsInit: MINUTE });
    s.modifyOrder(o, { price: 98 });
    s.modifyOrder(o, { price: 97 });
    expect(client.sent.map((c) => c.type)).toEqual(['SubmitOrder', 'ModifyOrder']);
    const rej = s.events.find((e) => e.type === 'OrderModifyRejected');
    expect(rej && 'reason' in rej ? rej.reason : '').toBe('RATE_LIMIT: more than 1 modifies within 1000 ms');
  });
});

/** Open a long position of `qty` through the kernel: submit, then report a fill as the venue would. */
function addPosition(k: Kernel, s: Probe, qty: number): Position {
  const o = s.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: qty });
  s.submitOrder(o);
  const base = { strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, tsEvent: MINUTE, tsInit: MINUTE };
  k.execEngine.process({
    ...base, type: 'OrderFilled', venueOrderId: 'V-0' as never, accountId: 'SIM-001' as AccountId, tradeId: 'T-0' as never, positionId: null,
    orderSide: OrderSide.BUY, orderType: 'MARKET', lastQty: qty as never, lastPx: 100 as never, currency: acme.quoteCurrency,
    commission: 0 as never, commissionCurrency: acme.quoteCurrency, liquiditySide: 'TAKER',
  });
  const p = k.cache.positionsOpen()[0];
  expect(p.signedQty).toBe(qty);
  return p;
}
