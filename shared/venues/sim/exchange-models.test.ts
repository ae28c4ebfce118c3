import { describe, expect, it } from 'vitest';
import {
  AccountType, BTC, Bar, InvalidMarketDataError, LiquiditySide, OrderSide, OrderStatus, QuoteTick, spotPair,
  UnknownInstrumentError, USDT, type InstrumentId, type OrderEvent,
} from '../../model/index.ts';
import { SimulatedExchange } from './exchange.ts';
import { RecordingSink, SimHarness, testEquity } from './testing.ts';

const BUY = OrderSide.BUY;
const SELL = OrderSide.SELL;
const ID = 'AAA.SIM' as InstrumentId;

describe('latency model', () => {
  it('an order arrives N ms later and fills at the then-current price', () => {
    const h = new SimHarness(testEquity(), { latencyMs: 100 });
    h.quote(99.9, 100, 0);
    const o = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 })); // sent at 0, arrives at 100
    expect(o.status).toBe(OrderStatus.SUBMITTED); // still in flight
    h.quote(100.4, 100.5, 50); // the book at the arrival time (100) is this one
    h.quote(100.9, 101, 150);
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.tsEvent]).toEqual([100.5, 100]);
  });

  it('an order arriving exactly with a tick sees that tick', () => {
    const h = new SimHarness(testEquity(), { latencyMs: 100 });
    h.quote(99.9, 100, 0);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 }));
    h.quote(100.9, 101, 100);
    expect(h.sink.fills()[0].lastPx).toBe(101);
  });

  it('process(ts) delivers due commands between data', () => {
    const h = new SimHarness(testEquity(), { latencyMs: 250 });
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
    h.exchange.process(1_249);
    expect(o.status).toBe(OrderStatus.SUBMITTED);
    h.exchange.process(1_250);
    expect(o.status).toBe(OrderStatus.ACCEPTED);
  });
});

describe('fee model', () => {
  it('charges the taker fee on taker fills and the maker fee on maker fills, in the quote currency', () => {
    const h = new SimHarness(testEquity({ makerFee: 0.0002, takerFee: 0.001 }));
    h.quote(99.9, 100, 1_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10 })); // 10 * 100 * 0.001 = 1.00
    h.submit(h.factory.limit({ instrumentId: ID, side: SELL, quantity: 10, price: 100.5 }));
    h.quote(100.6, 100.7, 2_000); // maker at 100.50: 10 * 100.5 * 0.0002 = 0.201 -> 0.20 USD
    const [taker, maker] = h.sink.fills();
    expect([taker.liquiditySide, taker.commission]).toEqual([LiquiditySide.TAKER, 1]);
    expect([maker.liquiditySide, maker.commission]).toEqual([LiquiditySide.MAKER, 0.2]);
    // MARGIN account: cash moves by realised PnL - commissions = 10 * (100.50 - 100) - 1.00 - 0.20 = 3.80
    expect(h.exchange.account.total(h.instrument.quoteCurrency)).toBe(1_000_003.8);
  });
});

describe('volume participation', () => {
  it('fills a market order partially per bar and completes it on later bars', () => {
    const h = new SimHarness(testEquity(), { volumeParticipation: 0.1 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 50); // 5 available after this bar
    const o = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 12 }));
    expect([o.status, o.filledQty]).toEqual([OrderStatus.PARTIALLY_FILLED, 5]); // 5 at 100
    h.bar(101, 101.5, 100.5, 101, 120_000, 50); // 5 more at the open, 101
    h.bar(102, 102.5, 101.5, 102, 180_000, 30); // 3 available, 2 needed at 102
    expect(h.sink.fills().map((f) => [f.lastQty, f.lastPx])).toEqual([[5, 100], [5, 101], [2, 102]]);
    expect(o.status).toBe(OrderStatus.FILLED);
    expect(o.avgPx).toBeCloseTo((5 * 100 + 5 * 101 + 2 * 102) / 12, 10); // 100.75
  });

  it('treats a volume of 0 (not reported, e.g. FX bars) as uncapped', () => {
    const h = new SimHarness(testEquity(), { volumeParticipation: 0.1 });
    h.bar(1.1, 1.2, 1.0, 1.1, 60_000, 0);
    const o = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10 }));
    expect([o.status, o.filledQty]).toEqual([OrderStatus.FILLED, 10]);
  });

  it('shares one bar budget between orders, in time priority, rounded down to the lot', () => {
    const h = new SimHarness(testEquity(), { volumeParticipation: 0.5 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 1);
    const a = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 4, price: 99 }));
    const b = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 4, price: 99 }));
    h.bar(98.5, 99, 98, 98.8, 120_000, 11); // 0.5 * 11 = 5.5 -> a gets 4 (at the 98.50 open), b gets 1 (5.5 - 4 = 1.5 -> 1 lot)
    expect([a.filledQty, b.filledQty]).toEqual([4, 1]);
  });
});

describe('fill model', () => {
  it('slips market fills by slippageTicks against the order', () => {
    const h = new SimHarness(testEquity(), { fillModel: { probSlippage: 1, slippageTicks: 2 } });
    h.quote(99.9, 100, 1_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 }));
    h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 1 }));
    expect(h.sink.fills().map((f) => f.lastPx)).toEqual([100.02, 99.88]);
  });

  it('is reproducible: the same seed gives the same fills, another seed may not', () => {
    const run = (seed: number): string => {
      const h = new SimHarness(testEquity(), { seed, fillModel: { probFillOnLimit: 0.5, probSlippage: 0.5 } });
      h.bar(100, 100.5, 99.5, 100, 60_000);
      for (let i = 0; i < 40; i++) {
        h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
        h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 1 }));
        h.bar(100, 100.5, 99, 100, 120_000 + i * 60_000); // low touches 99: fills half the time
      }
      return JSON.stringify(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx]));
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});

describe('modify and cancel', () => {
  it('a limit modified through the market fills at once as taker', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 2, price: 99 }));
    h.modify(o, { price: 100.2 });
    expect(h.sink.trail()).toEqual(['Accepted:1', 'Updated:1', 'Filled:1']);
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.liquiditySide]).toEqual([100, LiquiditySide.TAKER]);
  });

  it('rejects a modify off the tick grid and a cancel of an unknown order, with reasons', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 2, price: 99 }));
    h.modify(o, { price: 99.005 });
    const mr = h.sink.events.at(-1)!;
    expect(mr.type === 'OrderModifyRejected' && mr.reason).toMatch(/not a multiple of the tick size 0.01/);
    expect(o.status).toBe(OrderStatus.ACCEPTED);
    h.cancel(o);
    h.cancel(o);
    const cr = h.sink.events.at(-1)!;
    expect(cr.type === 'OrderCancelRejected' && cr.reason).toMatch(/is not open at the venue/);
  });

  it('cancel-all cancels only the strategy side asked for', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const b1 = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
    const b2 = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 98 }));
    const s1 = h.submit(h.factory.limit({ instrumentId: ID, side: SELL, quantity: 1, price: 101 }));
    h.exchange.send({ type: 'CancelAllOrders', strategyId: h.factory.strategyId, instrumentId: ID, orderSide: BUY, tsInit: 1_000 });
    expect([b1.status, b2.status, s1.status]).toEqual([OrderStatus.CANCELED, OrderStatus.CANCELED, OrderStatus.ACCEPTED]);
  });

  it('commands sent from inside an event callback run right after the current step (no re-entrancy)', () => {
    const h = new SimHarness();
    const original = h.sink.onOrderEvent.bind(h.sink);
    let exit: ReturnType<typeof h.factory.market> | null = null;
    h.sink.onOrderEvent = (e: OrderEvent) => {
      original(e);
      if (e.type === 'OrderFilled' && exit === null) exit = h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 1 }));
    };
    h.trade(100, 1_000);
    h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
    h.trade(98.5, 2_000); // limit fills at 99; the callback's market sell fills at the same trade, 98.50
    expect(h.sink.fills().map((f) => f.lastPx)).toEqual([99, 98.5]);
    expect(exit!.status).toBe(OrderStatus.FILLED);
  });
});

describe('several instruments on one venue', () => {
  it('matches each instrument only against its own data', () => {
    const h = new SimHarness();
    const bbb = testEquity({ id: 'BBB.SIM' as InstrumentId });
    h.exchange.addInstrument(bbb);
    h.trade(100, 1_000); // AAA
    h.exchange.processQuoteTick(new QuoteTick(bbb.id, 49.9, 50, 10, 10, 1_000, 1_000));
    const a = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
    const b = h.submit(h.factory.limit({ instrumentId: bbb.id, side: BUY, quantity: 1, price: 49 }));
    h.exchange.processQuoteTick(new QuoteTick(bbb.id, 48.5, 48.6, 10, 10, 2_000, 2_000)); // BBB ask 48.60 < 49: fills b
    h.trade(99.5, 3_000); // AAA 99.50 > 99: a waits
    expect([a.status, b.status]).toEqual([OrderStatus.ACCEPTED, OrderStatus.FILLED]);
    expect(h.sink.fills()[0].lastPx).toBe(49);
    h.trade(98.9, 4_000);
    expect(a.status).toBe(OrderStatus.FILLED);
    expect(() => h.exchange.addInstrument(bbb)).toThrow(/already added/);
    expect(() => h.exchange.addInstrument(testEquity({ id: 'CCC.OTHER' as InstrumentId }))).toThrow(/belongs to venue OTHER/);
  });
});

describe('bad input never crashes the venue', () => {
  it('refuses data for an unknown instrument, NaN prices and backwards timestamps with typed errors', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    expect(() => h.exchange.processQuoteTick(new QuoteTick('ZZZ.SIM' as InstrumentId, 1, 2, 1, 1, 2_000, 2_000))).toThrow(UnknownInstrumentError);
    expect(() => h.quote(Number.NaN, 100, 2_000)).toThrow(InvalidMarketDataError);
    expect(() => h.quote(-1, 100, 2_000)).toThrow(/must be finite and above 0/);
    expect(() => h.quote(99.9, 100, 500)).toThrow(/timestamps going backwards/);
    expect(() => h.exchange.processBar(new Bar(h.barType, 100, 99, 101, 100, 1, 3_000, 3_000))).toThrow(/do not bound/);
    // state intact: the venue still works at its last good time
    h.quote(99.9, 100, 2_000);
    expect(h.exchange.now).toBe(2_000);
  });

  it('with allowLateData (live/paper), late data is matched at the venue time instead of refused', () => {
    const h = new SimHarness(testEquity(), { allowLateData: true });
    h.quote(99.9, 100, 1_000);
    h.clock = 5_000; // the live clock stamps the command later than the feed's last tick
    h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99.5 }));
    h.quote(99.3, 99.4, 4_000); // feed lags: stamped 4 000 < venue time 5 000
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.tsEvent]).toEqual([99.5, 5_000]);
  });

  it('rejects orders off the lot size, off the tick grid, below the minimum, or for an unknown instrument', () => {
    const h = new SimHarness(testEquity({ sizeIncrement: 1, minQuantity: 2 }));
    h.quote(99.9, 100, 1_000);
    const reasons = (): string[] => h.sink.events.filter((e) => e.type === 'OrderRejected').map((e) => (e as { reason: string }).reason);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 2.5 }));
    h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 2, price: 99.999 }));
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 }));
    h.submit(h.factory.market({ instrumentId: 'ZZZ.SIM' as InstrumentId, side: BUY, quantity: 2 }));
    const r = reasons();
    expect(r[0]).toMatch(/quantity 2.5 is not a multiple of the lot size 1/);
    expect(r[1]).toMatch(/price 99.999 is not a multiple of the tick size 0.01/);
    expect(r[2]).toMatch(/below the minimum 2/);
    expect(r[3]).toMatch(/not listed on simulated venue SIM/);
  });
});

describe('venue account', () => {
  const BTCUSDT = spotPair({ id: 'BTCUSDT.SIM' as InstrumentId, baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.01, sizeIncrement: 0.001, takerFee: 0.001 });

  it('CASH spot: a buy swaps quote for base and pays the fee; an unfunded buy is rejected', () => {
    const sink = new RecordingSink();
    const ex = new SimulatedExchange({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: null, startingBalances: [{ currency: USDT, total: 15_000 }] }, sink);
    const h = { ex, sink };
    h.ex.addInstrument(BTCUSDT);
    h.ex.processQuoteTick(new QuoteTick(BTCUSDT.id, 19_999, 20_000, 5, 5, 1_000, 1_000));
    const harness = new SimHarness(BTCUSDT); // for its factory only
    const buy = harness.factory.market({ instrumentId: BTCUSDT.id, side: BUY, quantity: 0.5 });
    sink.track(buy);
    ex.send({ type: 'SubmitOrder', strategyId: buy.strategyId, instrumentId: BTCUSDT.id, order: buy, positionId: null, tsInit: 1_000 });
    // 0.5 * 20 000 = 10 000 USDT + 0.1% fee 10 USDT -> 15 000 - 10 010 = 4 990 USDT; +0.5 BTC
    expect(ex.account.total(USDT)).toBe(4_990);
    expect(ex.account.total(BTC)).toBe(0.5);
    const last = sink.states.at(-1)!;
    expect(last.balances.find((b) => b.currency === USDT)?.free).toBe(4_990);
    const tooBig = harness.factory.market({ instrumentId: BTCUSDT.id, side: BUY, quantity: 0.3 }); // needs 6 006
    sink.track(tooBig);
    ex.send({ type: 'SubmitOrder', strategyId: buy.strategyId, instrumentId: BTCUSDT.id, order: tooBig, positionId: null, tsInit: 1_000 });
    const rej = sink.events.at(-1)!;
    expect(rej.type === 'OrderRejected' && rej.reason).toMatch(/insufficient USDT: the order needs 6006 and 4990 is free/);
    const oversell = harness.factory.market({ instrumentId: BTCUSDT.id, side: SELL, quantity: 0.6 });
    sink.track(oversell);
    ex.send({ type: 'SubmitOrder', strategyId: buy.strategyId, instrumentId: BTCUSDT.id, order: oversell, positionId: null, tsInit: 1_000 });
    expect(oversell.status).toBe(OrderStatus.REJECTED);
  });

  it('CASH: open buy orders lock quote, open sells lock base; the account is reported when locks change', () => {
    const sink = new RecordingSink();
    const ex = new SimulatedExchange({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: null, startingBalances: [{ currency: USDT, total: 15_000 }, { currency: BTC, total: 1 }] }, sink);
    ex.addInstrument(BTCUSDT);
    ex.processQuoteTick(new QuoteTick(BTCUSDT.id, 19_999, 20_000, 5, 5, 1_000, 1_000));
    const f = new SimHarness(BTCUSDT).factory;
    const send = (o: ReturnType<typeof f.limit>): void => {
      sink.track(o);
      ex.send({ type: 'SubmitOrder', strategyId: o.strategyId, instrumentId: BTCUSDT.id, order: o, positionId: null, tsInit: 1_000 });
    };
    const bid = f.limit({ instrumentId: BTCUSDT.id, side: BUY, quantity: 0.5, price: 19_000 });
    send(bid); // locks 0.5 * 19 000 = 9 500 USDT
    let usdt = sink.states.at(-1)!.balances.find((b) => b.currency === USDT)!;
    expect([usdt.total, usdt.locked, usdt.free]).toEqual([15_000, 9_500, 5_500]);
    send(f.limit({ instrumentId: BTCUSDT.id, side: SELL, quantity: 0.25, price: 21_000 })); // locks 0.25 BTC
    const btc = sink.states.at(-1)!.balances.find((b) => b.currency === BTC)!;
    expect([btc.total, btc.locked, btc.free]).toEqual([1, 0.25, 0.75]);
    const second = f.limit({ instrumentId: BTCUSDT.id, side: BUY, quantity: 0.5, price: 19_000 }); // needs 9 500 > 5 500 free
    send(second);
    expect(second.status).toBe(OrderStatus.REJECTED);
    ex.send({ type: 'CancelOrder', strategyId: bid.strategyId, instrumentId: BTCUSDT.id, clientOrderId: bid.clientOrderId, venueOrderId: bid.venueOrderId, tsInit: 1_000 });
    usdt = sink.states.at(-1)!.balances.find((b) => b.currency === USDT)!;
    expect([usdt.locked, usdt.free]).toEqual([0, 15_000]);
  });

  it('MARGIN: an order whose initial margin exceeds the free balance is rejected; a reducing one is not', () => {
    const h = new SimHarness(testEquity({ marginInit: 0.5, marginMaint: 0.25 }), { startingBalances: [{ currency: testEquity().quoteCurrency, total: 1_000 }] });
    h.trade(100, 1_000);
    const big = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 30 })); // 30 * 100 * 0.5 = 1 500 > 1 000
    const ev = h.sink.events.at(-1)!;
    expect(ev.type === 'OrderRejected' && ev.reason).toMatch(/insufficient margin: the order needs 1500 USD initial margin and 1000 is free/);
    expect(big.status).toBe(OrderStatus.REJECTED);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 19 })); // 950 locked, 50 free
    const close = h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 19 })); // reduces: no margin needed
    expect(close.status).toBe(OrderStatus.FILLED);
  });

  it('MARGIN: realised PnL and fees move cash; initial margin is locked while the position is open', () => {
    const h = new SimHarness(testEquity({ marginInit: 0.2, marginMaint: 0.1 }), { startingBalances: [{ currency: testEquity().quoteCurrency, total: 10_000 }] });
    h.trade(100, 1_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10 })); // long 10 @ 100
    let s = h.sink.states.at(-1)!;
    // margin 10 * 100 * 0.2 = 200 locked; cash unchanged (no fees)
    expect(s.balances[0]).toMatchObject({ total: 10_000, locked: 200, free: 9_800 });
    expect(s.margins[0]).toMatchObject({ initial: 200, maintenance: 100 });
    h.trade(110, 2_000);
    h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 15 })); // close 10 (+100), open short 5 @ 110
    s = h.sink.states.at(-1)!;
    // cash 10 000 + 10 * (110 - 100) = 10 100; margin 5 * 110 * 0.2 = 110
    expect(s.balances[0]).toMatchObject({ total: 10_100, locked: 110, free: 9_990 });
    expect(h.exchange.matchingEngine(ID)!.signedQty).toBe(-5);
  });
});
