import { describe, expect, it } from 'vitest';
import { USD } from './currency.ts';
import { ContingencyType, LiquiditySide, OrderSide, OrderType, TimeInForce } from './enums.ts';
import { InvalidFillError, InvalidOrderError, OrderStateTransitionError } from './errors.ts';
import type { AccountId, InstrumentId, StrategyId, TradeId, VenueOrderId } from './identifiers.ts';
import type { OrderEvent, OrderFilled } from './order-events.ts';
import { OrderFactory } from './order-factory.ts';
import { ORDER_TRANSITIONS, OrderStatus, isClosedStatus } from './order-status.ts';
import type { Order } from './order.ts';
import type { Money, Price, Quantity } from './units.ts';

const ID = 'AAA.SIM' as InstrumentId;
const ACC = 'SIM-001' as AccountId;
const VOID = 'V-1' as VenueOrderId;

function newOrder(qty = 10, n = 0): Order {
  const f = new OrderFactory('S-1' as StrategyId, () => 1_000, n);
  return f.limit({ instrumentId: ID, side: OrderSide.BUY, quantity: qty, price: 100 });
}

const base = (o: Order) => ({ strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, tsEvent: 2_000, tsInit: 2_000 });
const submitted = (o: Order): OrderEvent => ({ ...base(o), type: 'OrderSubmitted', accountId: ACC });
const accepted = (o: Order): OrderEvent => ({ ...base(o), type: 'OrderAccepted', accountId: ACC, venueOrderId: VOID });
const canceled = (o: Order): OrderEvent => ({ ...base(o), type: 'OrderCanceled', accountId: ACC, venueOrderId: VOID });
const pendingUpdate = (o: Order): OrderEvent => ({ ...base(o), type: 'OrderPendingUpdate', accountId: ACC, venueOrderId: VOID });
const updated = (o: Order, quantity: number, price: number | null): OrderEvent => ({
  ...base(o), type: 'OrderUpdated', accountId: ACC, venueOrderId: VOID, quantity: quantity as Quantity, price: price as Price | null, triggerPrice: null,
});
const filled = (o: Order, qty: number, px: number, n = 1): OrderFilled => ({
  ...base(o), type: 'OrderFilled', accountId: ACC, venueOrderId: VOID, tradeId: `T-${n}` as TradeId, positionId: null,
  orderSide: o.side, orderType: o.orderType, lastQty: qty as Quantity, lastPx: px as Price, currency: USD,
  commission: 0.5 as Money, commissionCurrency: USD, liquiditySide: LiquiditySide.MAKER,
});

describe('order state machine', () => {
  it('follows submit -> accept -> partial fill -> fill, with quantities and average price', () => {
    const o = newOrder(10);
    expect(o.status).toBe(OrderStatus.INITIALIZED);
    o.apply(submitted(o));
    o.apply(accepted(o));
    expect([o.status, o.venueOrderId]).toEqual([OrderStatus.ACCEPTED, VOID]);
    o.apply(filled(o, 4, 100, 1));
    expect([o.status, o.filledQty, o.leavesQty]).toEqual([OrderStatus.PARTIALLY_FILLED, 4, 6]);
    o.apply(filled(o, 6, 99.5, 2));
    // avg = (4 * 100 + 6 * 99.5) / 10 = 99.7; commissions 0.5 + 0.5
    expect([o.status, o.filledQty, o.leavesQty, o.avgPx, o.commission]).toEqual([OrderStatus.FILLED, 10, 0, 99.7, 1]);
    expect(o.events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled', 'OrderFilled']);
  });

  it('returns from PENDING_UPDATE to the previous status when the update is answered', () => {
    const o = newOrder();
    o.apply(submitted(o));
    o.apply(accepted(o));
    o.apply(filled(o, 3, 100));
    o.apply(pendingUpdate(o));
    expect(o.status).toBe(OrderStatus.PENDING_UPDATE);
    o.apply(updated(o, 12, 101));
    expect([o.status, o.quantity, o.leavesQty, o.price]).toEqual([OrderStatus.PARTIALLY_FILLED, 12, 9, 101]);
  });

  it('refuses illegal transitions with a typed error and leaves the order unchanged', () => {
    const o = newOrder();
    expect(() => o.apply(filled(o, 1, 100))).toThrow(OrderStateTransitionError); // INITIALIZED -> fill
    expect(o.status).toBe(OrderStatus.INITIALIZED);
    o.apply(submitted(o));
    o.apply(accepted(o));
    o.apply(filled(o, 10, 100));
    let err: unknown;
    try {
      o.apply(canceled(o)); // FILLED -> canceled
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrderStateTransitionError);
    expect((err as OrderStateTransitionError).from).toBe(OrderStatus.FILLED);
    expect((err as Error).message).toMatch(/OrderCanceled is not allowed while the order is FILLED/);
    expect(o.status).toBe(OrderStatus.FILLED);
    expect(o.events).toHaveLength(4);
  });

  it('refuses an overfill and an event for another order', () => {
    const o = newOrder(5);
    o.apply(submitted(o));
    o.apply(accepted(o));
    expect(() => o.apply(filled(o, 6, 100))).toThrow(InvalidFillError);
    expect([o.status, o.filledQty]).toEqual([OrderStatus.ACCEPTED, 0]);
    const other = newOrder(10, 7);
    expect(() => o.apply(accepted(other))).toThrow(/for another order/);
  });

  it('a denied order is closed to everything but late answers', () => {
    const o = newOrder();
    o.apply({ ...base(o), type: 'OrderDenied', reason: 'max notional exceeded' });
    expect(o.status).toBe(OrderStatus.DENIED);
    expect(() => o.apply(submitted(o))).toThrow(OrderStateTransitionError);
  });

  it('has a row for every status; terminal statuses lead nowhere', () => {
    for (const s of Object.values(OrderStatus)) {
      expect(ORDER_TRANSITIONS[s]).toBeDefined();
      const targets = Object.values(ORDER_TRANSITIONS[s]);
      if (s === 'DENIED' || s === 'REJECTED' || s === 'FILLED' || s === 'EXPIRED') {
        expect(targets.every((t) => t === 'SAME')).toBe(true);
        expect(isClosedStatus(s)).toBe(true);
      }
    }
    expect(ORDER_TRANSITIONS.INITIALIZED.OrderSubmitted).toBe(OrderStatus.SUBMITTED);
    expect(ORDER_TRANSITIONS.ACCEPTED.OrderFilled).toBe('FILL');
    expect(ORDER_TRANSITIONS.CANCELED.OrderFilled).toBe('FILL');
    expect(ORDER_TRANSITIONS.SUBMITTED.OrderModifyRejected).toBeUndefined();
  });
});

describe('OrderFactory', () => {
  const f = new OrderFactory('EMA-1' as StrategyId, () => 42);

  it('gives deterministic ids and stamps orders with the injected clock', () => {
    const a = f.market({ instrumentId: ID, side: OrderSide.BUY, quantity: 1 });
    const b = f.stopMarket({ instrumentId: ID, side: OrderSide.SELL, quantity: 1, triggerPrice: 90 });
    expect([a.clientOrderId, b.clientOrderId, a.tsInit]).toEqual(['O-EMA-1-1', 'O-EMA-1-2', 42]);
    expect([b.orderType, b.triggerPrice, b.price]).toEqual([OrderType.STOP_MARKET, 90, null]);
  });

  it('builds a bracket: OTO entry, reduce-only OUO stop-loss and take-profit', () => {
    const list = f.bracket({ instrumentId: ID, side: OrderSide.BUY, quantity: 2, entryPrice: 100, stopLoss: 95, takeProfit: 110 });
    const [e, sl, tp] = list.orders;
    expect([e.orderType, e.contingencyType, e.linkedOrderIds]).toEqual([OrderType.LIMIT, ContingencyType.OTO, [sl.clientOrderId, tp.clientOrderId]]);
    expect([sl.orderType, sl.side, sl.triggerPrice, sl.reduceOnly, sl.contingencyType, sl.parentOrderId]).toEqual([OrderType.STOP_MARKET, OrderSide.SELL, 95, true, ContingencyType.OUO, e.clientOrderId]);
    expect([tp.orderType, tp.price, tp.linkedOrderIds]).toEqual([OrderType.LIMIT, 110, [sl.clientOrderId]]);
    expect(list.orders.every((o) => o.orderListId === list.id)).toBe(true);
  });

  it('refuses structurally wrong orders with InvalidOrderError', () => {
    expect(() => f.limit({ instrumentId: ID, side: OrderSide.BUY, quantity: 1, price: Number.NaN })).toThrow(InvalidOrderError);
    expect(() => f.market({ instrumentId: ID, side: OrderSide.BUY, quantity: -1 })).toThrow(/quantity -1/);
    expect(() => f.limit({ instrumentId: ID, side: OrderSide.BUY, quantity: 1, price: 1, timeInForce: TimeInForce.GTD })).toThrow(/needs expireTime/);
    expect(() => f.limit({ instrumentId: ID, side: OrderSide.BUY, quantity: 1, price: 1, postOnly: true, timeInForce: TimeInForce.IOC })).toThrow(/postOnly cannot be combined/);
    expect(() => f.bracket({ instrumentId: ID, side: OrderSide.BUY, quantity: 1, stopLoss: 110, takeProfit: 100 })).toThrow(/stopLoss 110 must be below takeProfit 100/);
    expect(() => f.trailingStopMarket({ instrumentId: ID, side: OrderSide.SELL, quantity: 1, trailingOffset: 0 })).toThrow(/trailing offset 0/);
  });
});
