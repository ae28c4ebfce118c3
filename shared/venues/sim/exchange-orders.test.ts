import { describe, expect, it } from 'vitest';
import {
  LiquiditySide, OrderSide, OrderStatus, TimeInForce, TrailingOffsetType, type InstrumentId,
} from '../../model/index.ts';
import { SimHarness, testEquity } from './testing.ts';

const BUY = OrderSide.BUY;
const SELL = OrderSide.SELL;
const ID = 'AAA.SIM' as InstrumentId;

describe('market orders', () => {
  it('buy fills at the ask, sell at the bid, as taker', () => {
    const h = new SimHarness();
    h.quote(99.98, 100.02, 1_000);
    const b = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10 }));
    const s = h.submit(h.factory.market({ instrumentId: ID, side: SELL, quantity: 4 }));
    const [fb, fs] = h.sink.fills();
    expect([fb.lastPx, fb.lastQty, fb.liquiditySide]).toEqual([100.02, 10, LiquiditySide.TAKER]);
    expect([fs.lastPx, fs.lastQty]).toEqual([99.98, 4]);
    expect(b.status).toBe(OrderStatus.FILLED);
    expect(s.status).toBe(OrderStatus.FILLED);
    expect(h.sink.trail()).toEqual(['Accepted:1', 'Filled:1', 'Accepted:2', 'Filled:2']);
  });

  it('is rejected before any market data, with the reason', () => {
    const h = new SimHarness();
    const o = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 }));
    expect(o.status).toBe(OrderStatus.REJECTED);
    const ev = h.sink.events[0];
    expect(ev.type === 'OrderRejected' && ev.reason).toMatch(/no market data for AAA\.SIM/);
  });

  it('fills at the last bar close when only bars are known', () => {
    const h = new SimHarness();
    h.bar(100, 102, 99, 101.5, 60_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 3 }));
    expect(h.sink.fills()[0].lastPx).toBe(101.5);
  });
});

describe("barFillTiming 'next-open' (TradingView's default)", () => {
  it('orders placed between bars act first at the next open', () => {
    const h = new SimHarness(testEquity(), { barFillTiming: 'next-open' });
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const m = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 1 }));
    expect(m.status).toBe(OrderStatus.ACCEPTED); // not at the 100 close
    const l = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 100.5 }));
    const rest = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99.5 }));
    // next bar opens 100.20: the market order fills there; the 100.50 limit is marketable at that open -> 100.20,
    // taker; the 99.50 limit rests and is reached inside the bar (100.2 -> 99.4 -> 101 -> 100.8) -> maker at 99.50.
    h.bar(100.2, 101, 99.4, 100.8, 120_000);
    expect(h.sink.fills().map((f) => [f.clientOrderId, f.lastPx, f.liquiditySide])).toEqual([
      [m.clientOrderId, 100.2, LiquiditySide.TAKER],
      [l.clientOrderId, 100.2, LiquiditySide.TAKER],
      [rest.clientOrderId, 99.5, LiquiditySide.MAKER],
    ]);
  });
});

describe('limit orders', () => {
  it('a marketable limit fills at once as taker at the (better) ask', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 5, price: 101 }));
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.liquiditySide]).toEqual([100, LiquiditySide.TAKER]);
  });

  it('a resting limit fills as maker at its limit when a quote trades through it', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 5, price: 99.5 }));
    expect(o.status).toBe(OrderStatus.ACCEPTED);
    h.quote(99.6, 99.7, 2_000); // ask 99.70 > 99.50: no fill
    expect(h.sink.fills()).toHaveLength(0);
    h.quote(99.3, 99.4, 3_000); // ask 99.40 < 99.50: crossed -> fill at the limit 99.50, maker
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.lastQty, f.liquiditySide, f.tsEvent]).toEqual([99.5, 5, LiquiditySide.MAKER, 3_000]);
  });

  it('a limit hit by a gap fills at the better open price', () => {
    const h = new SimHarness();
    h.bar(100, 101, 99, 100, 60_000);
    h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 10, price: 98 }));
    // Opens at 96, below the 98 limit: a gap through it -> filled at 96, 2.00 better than asked.
    h.bar(96, 99, 95, 97, 120_000);
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.liquiditySide]).toEqual([96, LiquiditySide.MAKER]);
  });

  it('inside a bar a limit fills at its own price', () => {
    const h = new SimHarness();
    h.bar(100, 101, 99, 100, 60_000);
    h.submit(h.factory.limit({ instrumentId: ID, side: SELL, quantity: 10, price: 102.5 }));
    h.bar(100.5, 103, 100, 102, 120_000); // reaches 103 > 102.50 -> fill at 102.50
    expect(h.sink.fills()[0].lastPx).toBe(102.5);
  });

  it('a limit only touched fills with probFillOnLimit; crossed always fills', () => {
    const h = new SimHarness(testEquity(), { fillModel: { probFillOnLimit: 0 } });
    h.bar(100, 101, 99, 100, 60_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 98 }));
    h.bar(100, 100.5, 98, 99, 120_000); // low == 98: touched, never fills at p = 0
    expect(h.sink.fills()).toHaveLength(0);
    h.bar(99, 99.5, 97.99, 98.5, 180_000); // low 97.99 < 98: crossed -> fills at 98
    expect(h.sink.fills()[0].lastPx).toBe(98);
    expect(o.status).toBe(OrderStatus.FILLED);
  });

  it('post-only that would cross is rejected with the reason; one that rests fills as maker', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const bad = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 100, postOnly: true }));
    expect(bad.status).toBe(OrderStatus.REJECTED);
    const rej = h.sink.events.find((e) => e.type === 'OrderRejected');
    expect(rej?.type === 'OrderRejected' && rej.reason).toMatch(/post-only BUY LIMIT at 100 would cross the ask 100/);
    const ok = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99.95, postOnly: true }));
    expect(ok.status).toBe(OrderStatus.ACCEPTED);
    h.quote(99.8, 99.9, 2_000);
    expect(h.sink.fills()[0].liquiditySide).toBe(LiquiditySide.MAKER);
    expect(h.sink.fills()[0].lastPx).toBe(99.95);
  });
});

describe('stop and if-touched orders', () => {
  it('a sell stop gapped through fills at the open (the worse price)', () => {
    const h = new SimHarness();
    h.bar(100, 101, 99, 100, 60_000);
    h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10 })); // long 10 @ 100
    h.submit(h.factory.stopMarket({ instrumentId: ID, side: SELL, quantity: 10, triggerPrice: 95 }));
    h.bar(93, 96, 92, 94, 120_000); // opens at 93, below the 95 stop: filled at 93, not 95
    const f = h.sink.fills()[1];
    expect([f.lastPx, f.liquiditySide]).toEqual([93, LiquiditySide.TAKER]);
  });

  it('a buy stop gapped through fills at the open', () => {
    const h = new SimHarness();
    h.bar(100, 101, 99, 100, 60_000);
    h.submit(h.factory.stopMarket({ instrumentId: ID, side: BUY, quantity: 2, triggerPrice: 105 }));
    h.bar(107, 108, 106, 107.5, 120_000);
    expect(h.sink.fills()[0].lastPx).toBe(107);
  });

  it('a stop reached inside a bar fills at its trigger price, on the documented path', () => {
    const h = new SimHarness();
    h.bar(100, 101, 99, 100, 60_000);
    h.submit(h.factory.stopMarket({ instrumentId: ID, side: SELL, quantity: 1, triggerPrice: 97 }));
    // O 100 H 101 L 96 C 98: high nearer (1 < 4) -> 100 -> 101 -> 96 -> 98; the stop is met at 97 on 101 -> 96.
    h.bar(100, 101, 96, 98, 120_000);
    expect(h.sink.fills()[0].lastPx).toBe(97);
  });

  it('a stop on quotes triggers on the ask (buy) and fills at the then-current ask', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    h.submit(h.factory.stopMarket({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 100.5 }));
    h.quote(100.3, 100.4, 2_000);
    expect(h.sink.fills()).toHaveLength(0);
    h.quote(100.5, 100.6, 3_000); // ask 100.60 >= 100.50
    expect(h.sink.fills()[0].lastPx).toBe(100.6);
  });

  it('a stop already in the market on arrival triggers at once, at the current price', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.stopMarket({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 99 })); // ask 100 >= 99
    expect(o.status).toBe(OrderStatus.FILLED);
    expect(h.sink.fills()[0].lastPx).toBe(100);
  });

  it('a stop-limit that gaps past its limit rests as a limit, then fills as maker at the limit', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const o = h.submit(h.factory.stopLimit({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 101, price: 101.5 }));
    // Opens 102 >= 101 trigger -> triggered at 102; 102 > 101.50 limit -> not marketable, rests.
    // O 102 H 103 L 101 C 102.5: |103-102| = 1 = |102-101| tie, up bar -> low first: 102 -> 101 -> 103 -> 102.5;
    // on 102 -> 101 it passes 101.50 -> fills at 101.50 as maker.
    h.bar(102, 103, 101, 102.5, 120_000);
    expect(h.sink.trail()).toEqual(['Accepted:1', 'Triggered:1', 'Filled:1']);
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.liquiditySide]).toEqual([101.5, LiquiditySide.MAKER]);
    expect(o.status).toBe(OrderStatus.FILLED);
  });

  it('a stop-limit triggered inside a bar within its limit fills at once at the trigger price', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    h.submit(h.factory.stopLimit({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 101, price: 101.5 }));
    // O 100 H 103 L 99.5 C 102: low nearer (0.5 < 3): 100 -> 99.5 -> 103 -> 102; trigger at 101 <= 101.50 limit
    h.bar(100, 103, 99.5, 102, 120_000);
    const f = h.sink.fills()[0];
    expect([f.lastPx, f.liquiditySide]).toEqual([101, LiquiditySide.TAKER]);
  });

  it('market-if-touched buys below the market: at the tick price on ticks, at the trigger inside a bar', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    h.submit(h.factory.marketIfTouched({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 98 }));
    h.trade(99, 2_000);
    expect(h.sink.fills()).toHaveLength(0);
    h.trade(97.5, 3_000); // jumps below 98: touched -> market fill at 97.50
    expect(h.sink.fills()[0].lastPx).toBe(97.5);

    const b = new SimHarness();
    b.bar(100, 100.5, 99.5, 100, 60_000);
    b.submit(b.factory.marketIfTouched({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 98 }));
    b.bar(99.5, 100, 97, 99, 120_000); // 99.5 -> 100 (nearer) -> 97 -> 99: passes 98 -> fill at 98
    expect(b.sink.fills()[0].lastPx).toBe(98);
  });

  it('limit-if-touched triggers, then rests as a limit and fills at its limit', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    h.submit(h.factory.limitIfTouched({ instrumentId: ID, side: BUY, quantity: 1, triggerPrice: 98, price: 97.8 }));
    // 99.5 -> 100 -> 97.5 -> 99: triggered at 98 (98 > 97.80: rests), then 97.80 reached on the way to 97.50
    h.bar(99.5, 100, 97.5, 99, 120_000);
    expect(h.sink.trail()).toEqual(['Accepted:1', 'Triggered:1', 'Filled:1']);
    expect(h.sink.fills()[0].lastPx).toBe(97.8);
  });
});

describe('trailing stop market', () => {
  it('ratchets up with the price (PRICE offset) and triggers on the pull-back', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const o = h.submit(h.factory.trailingStopMarket({ instrumentId: ID, side: SELL, quantity: 1, trailingOffset: 2, trailingOffsetType: TrailingOffsetType.PRICE }));
    expect(o.triggerPrice).toBe(98); // 100 - 2
    h.trade(103, 2_000);
    expect(o.triggerPrice).toBe(101); // ratchet: 103 - 2
    h.trade(102, 3_000);
    expect(o.triggerPrice).toBe(101); // never moves down
    h.trade(100.5, 4_000); // 100.50 <= 101: triggered, fills at the trade price
    expect(h.sink.fills()[0].lastPx).toBe(100.5);
    expect(o.status).toBe(OrderStatus.FILLED);
  });

  it('trails in basis points (sell) and in ticks (buy)', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const bps = h.submit(h.factory.trailingStopMarket({ instrumentId: ID, side: SELL, quantity: 1, trailingOffset: 100, trailingOffsetType: TrailingOffsetType.BASIS_POINTS }));
    expect(bps.triggerPrice).toBe(99); // 100 - 100 * 100 / 10_000
    h.trade(110, 2_000);
    expect(bps.triggerPrice).toBe(108.9); // 110 - 110 * 0.01
    h.trade(99.9, 3_000); // below 108.90 -> fills at 99.90
    expect(bps.status).toBe(OrderStatus.FILLED);
    expect(h.sink.fills()[0].lastPx).toBe(99.9);

    const t = new SimHarness();
    t.trade(100, 1_000);
    const ticks = t.submit(t.factory.trailingStopMarket({ instrumentId: ID, side: BUY, quantity: 1, trailingOffset: 5, trailingOffsetType: TrailingOffsetType.TICKS }));
    expect(ticks.triggerPrice).toBe(100.05); // 100 + 5 * 0.01
    t.trade(99.9, 2_000);
    expect(ticks.triggerPrice).toBe(99.95); // a buy trail follows the price down
    t.trade(99.93, 3_000);
    expect(ticks.triggerPrice).toBe(99.95); // and never up
    t.trade(100, 4_000); // 100 >= 99.95 -> fills at 100
    expect(t.sink.fills()[0].lastPx).toBe(100);
  });

  it('on bars ratchets at the high and triggers on the way down, at its trigger', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 60_000);
    const o = h.submit(h.factory.trailingStopMarket({ instrumentId: ID, side: SELL, quantity: 1, trailingOffset: 1 }));
    expect(o.triggerPrice).toBe(99);
    // O 100.5 H 103 L 100.2 C 101: low nearer (0.3 < 2.5): 100.5 -> 100.2 -> 103 -> 101.
    // At 103 the trigger ratchets to 102; 103 -> 101 passes 102 -> fills at 102.
    h.bar(100.5, 103, 100.2, 101, 120_000);
    expect(h.sink.fills()[0].lastPx).toBe(102);
  });

  it('waits for its activation price before trailing', () => {
    const h = new SimHarness();
    h.trade(100, 1_000);
    const o = h.submit(h.factory.trailingStopMarket({ instrumentId: ID, side: SELL, quantity: 1, trailingOffset: 1, activationPrice: 105 }));
    expect(o.triggerPrice).toBeNull();
    h.trade(98, 2_000); // not active: no trigger
    expect(h.sink.fills()).toHaveLength(0);
    h.trade(105.5, 3_000); // activates at 105.50 -> trigger 104.50
    expect(o.triggerPrice).toBe(104.5);
    h.trade(104.4, 4_000);
    expect(h.sink.fills()[0].lastPx).toBe(104.4);
  });
});

describe('time in force', () => {
  it('IOC fills what it can (participation cap) and cancels the rest', () => {
    const h = new SimHarness(testEquity(), { volumeParticipation: 0.1 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 40); // budget 0.1 * 40 = 4
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 10, price: 101, timeInForce: TimeInForce.IOC }));
    expect(h.sink.trail()).toEqual(['Accepted:1', 'Filled:1', 'Canceled:1']);
    expect(o.filledQty).toBe(4);
    expect(o.status).toBe(OrderStatus.CANCELED);
  });

  it('IOC that is not marketable is canceled without a fill', () => {
    const h = new SimHarness();
    h.quote(99.9, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99, timeInForce: TimeInForce.IOC }));
    expect(o.status).toBe(OrderStatus.CANCELED);
    expect(h.sink.fills()).toHaveLength(0);
  });

  it('IOC before any market data is canceled, a GTC limit rests', () => {
    const h = new SimHarness();
    const ioc = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99, timeInForce: TimeInForce.IOC }));
    const gtc = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 99 }));
    expect([ioc.status, gtc.status]).toEqual([OrderStatus.CANCELED, OrderStatus.ACCEPTED]);
  });

  it('FOK is all or nothing', () => {
    const h = new SimHarness(testEquity(), { volumeParticipation: 0.1 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 40); // 4 available
    const big = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 10, timeInForce: TimeInForce.FOK }));
    expect(big.status).toBe(OrderStatus.CANCELED);
    expect(big.filledQty).toBe(0);
    const fits = h.submit(h.factory.market({ instrumentId: ID, side: BUY, quantity: 4, timeInForce: TimeInForce.FOK }));
    expect(fits.status).toBe(OrderStatus.FILLED);
    expect(h.sink.fills().map((f) => f.lastQty)).toEqual([4]);
  });

  it('GTD expires at its expire time, before later data can fill it', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 1_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 98, timeInForce: TimeInForce.GTD, expireTime: 5_000 }));
    h.bar(100, 100.5, 99, 99.5, 3_000); // low 99 > 98: no fill
    h.bar(99, 99.5, 97, 98.5, 6_000); // would fill, but the order expired at 5 000
    expect(o.status).toBe(OrderStatus.EXPIRED);
    const exp = h.sink.events.find((e) => e.type === 'OrderExpired');
    expect(exp?.tsEvent).toBe(5_000);
    expect(h.sink.fills()).toHaveLength(0);
  });

  it('GTD already past on arrival is rejected', () => {
    const h = new SimHarness();
    h.bar(100, 100.5, 99.5, 100, 10_000);
    const o = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 98, timeInForce: TimeInForce.GTD, expireTime: 9_000 }));
    expect(o.status).toBe(OrderStatus.REJECTED);
  });

  it('DAY expires at the configured session end (21:00 UTC), or the next one after it', () => {
    const t10 = Date.UTC(2026, 0, 5, 10, 0);
    const t21 = Date.UTC(2026, 0, 5, 21, 0);
    const h = new SimHarness(testEquity(), { dayEndOffsetMs: 21 * 3_600_000 });
    h.bar(100, 100.5, 99.5, 100, t10);
    const a = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 90, timeInForce: TimeInForce.DAY }));
    h.exchange.process(t21 - 1);
    expect(a.status).toBe(OrderStatus.ACCEPTED);
    h.exchange.process(t21);
    expect(a.status).toBe(OrderStatus.EXPIRED);
    h.bar(100, 100.5, 99.5, 100, Date.UTC(2026, 0, 5, 22, 0));
    const b = h.submit(h.factory.limit({ instrumentId: ID, side: BUY, quantity: 1, price: 90, timeInForce: TimeInForce.DAY }));
    h.exchange.process(Date.UTC(2026, 0, 6, 20, 59));
    expect(b.status).toBe(OrderStatus.ACCEPTED);
    h.exchange.process(Date.UTC(2026, 0, 6, 21, 0));
    expect(b.status).toBe(OrderStatus.EXPIRED);
  });
});
