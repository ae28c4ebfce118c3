import { describe, expect, it } from 'vitest';
import {
  ContingencyType, OrderFactory, OrderSide, OrderStatus, OrderType, TimeInForce, TriggerType, strategyId, type InstrumentId,
} from '../../model/index.ts';
import { SimHarness } from './testing.ts';

const BUY = OrderSide.BUY;
const SELL = OrderSide.SELL;
const ID = 'AAA.SIM' as InstrumentId;

/** Two linked exit orders for a long position: sell limit 105 (take-profit) and sell stop 95 (stop-loss). */
function linkedPair(h: SimHarness, type: 'OCO' | 'OUO', qty = 10) {
  const tpId = h.factory.nextClientOrderId();
  const slId = h.factory.nextClientOrderId();
  const common = {
    instrumentId: ID, side: SELL, quantity: qty, triggerType: TriggerType.DEFAULT, trailingOffset: null,
    trailingOffsetType: null, activationPrice: null, timeInForce: TimeInForce.GTC, expireTime: null, postOnly: false,
    reduceOnly: false, contingencyType: ContingencyType[type], orderListId: null, parentOrderId: null, tags: [],
  };
  const tp = h.factory.create(tpId, { ...common, orderType: OrderType.LIMIT, price: 105, triggerPrice: null, linkedOrderIds: [slId] });
  const sl = h.factory.create(slId, { ...common, orderType: OrderType.STOP_MARKET, price: null, triggerPrice: 95, linkedOrderIds: [tpId] });
  return { tp, sl };
}

describe('brackets (entry OTO; stop-loss and take-profit OUO)', () => {
  it('take-profit fill cancels the stop-loss', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const list = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 10, stopLoss: 95, takeProfit: 110 }));
    const [entry, sl, tp] = list.orders;
    expect(entry.status).toBe(OrderStatus.FILLED); // market entry at the close, 100
    expect([sl.status, tp.status]).toEqual([OrderStatus.ACCEPTED, OrderStatus.ACCEPTED]);
    // O 101 H 111 L 100 C 108: low nearer (1 < 10): 101 -> 100 -> 111 -> 108. SL 95 never reached; TP 110 on 100 -> 111.
    h.bar(101, 111, 100, 108, 120_000);
    expect(tp.status).toBe(OrderStatus.FILLED);
    expect(sl.status).toBe(OrderStatus.CANCELED);
    expect(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx])).toEqual([[entry.clientOrderId, 100], [tp.clientOrderId, 110]]);
    expect(h.exchange.matchingEngine(ID)!.signedQty).toBe(0);
  });

  it('stop-loss fill cancels the take-profit (the path decides which is first)', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const [, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 10, stopLoss: 95, takeProfit: 110 })).orders;
    // O 100 H 111 L 94 C 96: |111-100| = 11 > |100-94| = 6, so the low is nearer: 100 -> 94 -> 111 -> 96.
    // The stop at 95 is met first (at 95), so the take-profit at 110 is canceled before the high is reached.
    h.bar(100, 111, 94, 96, 120_000);
    expect(sl.status).toBe(OrderStatus.FILLED);
    expect(h.sink.fills()[1].lastPx).toBe(95);
    expect(tp.status).toBe(OrderStatus.CANCELED);
  });

  it('children of a limit entry wait for it, then act on the rest of the same bar', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const [entry, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 5, entryPrice: 98, stopLoss: 96, takeProfit: 103 })).orders;
    // 100 -> 97 -> 104 -> 103.5 (low nearer: 3 < 4): entry fills at 98 going down, SL 96 is not reached
    // (low 97), TP 103 is reached on 97 -> 104.
    h.bar(100, 104, 97, 103.5, 120_000);
    expect(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx])).toEqual([[entry.clientOrderId, 98], [tp.clientOrderId, 103]]);
    expect(sl.status).toBe(OrderStatus.CANCELED);
  });

  it('children follow a partially filled entry: released at the first fill, resized with each fill', () => {
    const h = new SimHarness(undefined, { volumeParticipation: 0.1 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 50); // 0.1 * 50 = 5 available
    const [entry, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 12, stopLoss: 95, takeProfit: 110 })).orders;
    expect([entry.filledQty, sl.quantity, tp.quantity]).toEqual([5, 5, 5]); // 5 at 100; children cut to 5
    h.bar(101, 101.5, 100.5, 101, 120_000, 50); // 5 more at the open 101; children 10
    expect([entry.filledQty, sl.quantity, tp.quantity]).toEqual([10, 10, 10]);
    // last 2 at the open 102 (budget 100); children 12. 102 -> 101.5 -> 111 -> 108: TP 110 sells all 12
    h.bar(102, 111, 101.5, 108, 180_000, 1_000);
    expect([entry.status, tp.status, tp.filledQty, sl.status]).toEqual([OrderStatus.FILLED, OrderStatus.FILLED, 12, OrderStatus.CANCELED]);
    expect(h.sink.fills().map((f) => [f.lastQty, f.lastPx])).toEqual([[5, 100], [5, 101], [2, 102], [12, 110]]);
  });

  it('a SELL bracket: stop above, take-profit below; the take-profit buys back and cancels the stop', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const [, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: SELL, quantity: 10, stopLoss: 105, takeProfit: 92 })).orders;
    // short 10 at 100. O 99 H 99.5 L 91 C 93: high nearer (0.5 < 8): 99 -> 99.5 -> 91 -> 93; TP buy limit 92 on the way down
    h.bar(99, 99.5, 91, 93, 120_000);
    expect([tp.status, sl.status]).toEqual([OrderStatus.FILLED, OrderStatus.CANCELED]);
    expect(h.sink.fills()[1].lastPx).toBe(92);
    // MARGIN account, no fees: cash + (100 - 92) * 10 = +80
    expect(h.exchange.account.total(h.instrument.quoteCurrency)).toBe(1_000_080);
  });

  it('a breakout bracket: STOP_MARKET entry, then the stop-loss on the same bar', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const [entry, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 1, entryTriggerPrice: 102, stopLoss: 101, takeProfit: 106 })).orders;
    expect(entry.orderType).toBe('STOP_MARKET');
    // O 100 H 103 L 99.8 C 100.5: |103-100| = 3 > |100-99.8| = 0.2, low first: 100 -> 99.8 -> 103 -> 100.5;
    // entry triggers at 102 (filled at 102), the stop-loss 101 is then met on 103 -> 100.50, at 101; TP 106 never.
    h.bar(100, 103, 99.8, 100.5, 120_000);
    expect(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx])).toEqual([[entry.clientOrderId, 102], [sl.clientOrderId, 101]]);
    expect(tp.status).toBe(OrderStatus.CANCELED);
  });

  it('canceling an unfilled entry cancels its children', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const [entry, sl, tp] = h.submitList(h.factory.bracket({ instrumentId: ID, side: BUY, quantity: 5, entryPrice: 98, stopLoss: 96, takeProfit: 103 })).orders;
    h.cancel(entry);
    expect([entry.status, sl.status, tp.status]).toEqual([OrderStatus.CANCELED, OrderStatus.CANCELED, OrderStatus.CANCELED]);
  });
});

describe('OTO', () => {
  it('a child is inactive until the parent fills', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const childId = h.factory.nextClientOrderId();
    const parentId = h.factory.nextClientOrderId();
    const base = {
      instrumentId: ID, triggerPrice: null, triggerType: TriggerType.DEFAULT, trailingOffset: null, trailingOffsetType: null,
      activationPrice: null, timeInForce: TimeInForce.GTC, expireTime: null, postOnly: false, reduceOnly: false,
      orderListId: null, tags: [], quantity: 3, orderType: OrderType.LIMIT,
    };
    const parent = h.factory.create(parentId, { ...base, side: BUY, price: 99, contingencyType: ContingencyType.OTO, linkedOrderIds: [childId], parentOrderId: null });
    const child = h.factory.create(childId, { ...base, side: SELL, price: 101, contingencyType: ContingencyType.NO_CONTINGENCY, linkedOrderIds: [], parentOrderId: parentId });
    h.submitList(h.factory.orderList([parent, child]));
    h.quote(101.5, 101.6, 2_000); // bid 101.50 > 101: would fill the child, but it is not released
    expect(h.sink.fills()).toHaveLength(0);
    h.quote(98.8, 98.9, 3_000); // ask 98.90 < 99: parent fills at 99 -> child released (bid 98.80 < 101: rests)
    expect(parent.status).toBe(OrderStatus.FILLED);
    expect(child.status).toBe(OrderStatus.ACCEPTED);
    h.quote(101.2, 101.3, 4_000); // bid 101.20 > 101 -> child fills at 101
    expect(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx])).toEqual([[parentId, 99], [childId, 101]]);
  });
});

describe('OCO and OUO', () => {
  it('OCO: a fill of one cancels the other', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const { tp, sl } = linkedPair(h, 'OCO');
    h.submit(tp);
    h.submit(sl);
    h.trade(105.5, 2_000); // through the 105 limit -> fills at 105; the stop is canceled
    expect(tp.status).toBe(OrderStatus.FILLED);
    expect(sl.status).toBe(OrderStatus.CANCELED);
  });

  it('OCO: canceling one cancels the other', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const { tp, sl } = linkedPair(h, 'OCO');
    h.submit(tp);
    h.submit(sl);
    h.cancel(sl);
    expect([sl.status, tp.status]).toEqual([OrderStatus.CANCELED, OrderStatus.CANCELED]);
  });

  it('factory.exitPair builds the same OCO pair (reduce-only): the stop fills, the take-profit is canceled', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 3 })); // long 3 @ 100
    const [tp, sl] = h.submitList(h.factory.exitPair({ instrumentId: ID, side: SELL, quantity: 3, takeProfit: 104, stopLoss: 97, contingency: 'OCO' })).orders;
    expect([tp.reduceOnly, sl.reduceOnly, tp.contingencyType]).toEqual([true, true, ContingencyType.OCO]);
    h.trade(96.5, 2_000); // through the 97 stop -> sells 3 at 96.50
    expect([sl.status, tp.status]).toEqual([OrderStatus.FILLED, OrderStatus.CANCELED]);
    expect(h.sink.fills()[1].lastPx).toBe(96.5);
  });

  it('OUO: a partial fill reduces the other to the same open quantity', () => {
    const h = new SimHarness(undefined, { volumeParticipation: 0.1 });
    h.trade(100, 1_000);
    const { tp, sl } = linkedPair(h, 'OUO');
    h.submit(tp);
    h.submit(sl);
    h.trade(105.5, 2_000, 40); // cap 0.1 * 40 = 4: TP fills 4 of 10 -> 6 left; SL quantity 10 -> 6
    expect([tp.status, tp.filledQty, tp.leavesQty]).toEqual([OrderStatus.PARTIALLY_FILLED, 4, 6]);
    expect([sl.status, sl.quantity]).toEqual([OrderStatus.ACCEPTED, 6]);
    h.trade(94, 3_000, 1_000); // stop 95 gapped: sells 6 at 94; TP open 0 -> canceled by OUO
    expect([sl.status, sl.filledQty]).toEqual([OrderStatus.FILLED, 6]);
    expect(h.sink.fills()[1].lastPx).toBe(94);
    expect(tp.status).toBe(OrderStatus.CANCELED);
  });
});

describe('reduce-only', () => {
  it('is rejected when it would open a position', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const o = h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 1, reduceOnly: true }));
    expect(o.status).toBe(OrderStatus.REJECTED);
    const ev = h.sink.events.at(-1)!;
    expect(ev.type === 'OrderRejected' && ev.reason).toMatch(/reduce-only SELL would open or increase the position/);
  });

  it('is judged against its own strategy\'s position, not the venue net of all strategies', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const other = new OrderFactory(strategyId('S-2'), () => h.clock);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 5 })); // S-1 long 5
    h.submit(other.market({ instrumentId: ID, side: SELL, quantity: 5 })); // S-2 short 5: venue net 0
    const close = h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 5, reduceOnly: true }));
    expect(close.status).toBe(OrderStatus.FILLED); // S-1 was long 5: reducing
    const wrong = h.submit(other.market({ instrumentId: ID, side: SELL, quantity: 1, reduceOnly: true }));
    expect(wrong.status).toBe(OrderStatus.REJECTED); // S-2 is short: a sell would increase it
    expect(h.exchange.matchingEngine(ID)!.strategyPosition('S-2')).toBe(-5);
  });

  it('is trimmed to the position when it is larger', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 5 })); // long 5
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: SELL, quantity: 8, price: 102, reduceOnly: true }));
    h.trade(102.5, 2_000);
    expect(h.sink.trail().slice(-2)).toEqual([`Updated:${o.clientOrderId.replace('O-S-1-', '')}`, `Filled:${o.clientOrderId.replace('O-S-1-', '')}`]);
    expect([o.quantity, o.filledQty, o.status]).toEqual([5, 5, OrderStatus.FILLED]);
    expect(h.exchange.matchingEngine(ID)!.signedQty).toBe(0);
  });
});
