import { describe, expect, it } from 'vitest';
import type { PositionEvent } from './events.ts';
import {
  AccountType, BTC, OmsType, OrderSide, USDT, instrumentId, spotPair, type AccountId, type Order, type OrderFilled,
  type Price, type Quantity, type TradeId, type VenueOrderId, type Venue,
} from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestEngine } from '../backtest/backtest-engine.ts';
import { MINUTE, quote, testEquity } from '../backtest/test-fixtures.ts';
import { TestClock } from './clock.ts';
import type { ExecError, ExecutionClient } from './execution-engine.ts';
import { Kernel } from './kernel.ts';

const acme = testEquity('ACME', 0);
const ACC = 'SIM-001' as AccountId;

class NullClient implements ExecutionClient {
  readonly venue = 'SIM' as Venue;
  readonly accountId = ACC;
  constructor(readonly omsType: OmsType) {}
  submitOrder(): void {}
  submitOrderList(): void {}
  modifyOrder(): void {}
  cancelOrder(): void {}
  cancelAllOrders(): void {}
}

class S extends Strategy {
  readonly pos: string[] = [];
  override onPositionEvent(e: PositionEvent): void {
    this.pos.push(`${e.type} ${e.position.id} ${e.position.signedQty}`);
  }
}

function setup(oms: OmsType) {
  const k = new Kernel({ clock: new TestClock(MINUTE) });
  k.addExecutionClient(new NullClient(oms));
  k.addInstrument(acme);
  const s = new S({ id: 'S-1' });
  k.addStrategy(s);
  k.start();
  k.dataEngine.processQuote(quote(acme.id, MINUTE, 100, 100));
  let n = 0;
  /** Submit an order and report it filled at `px` as a venue would. */
  const fill = (side: OrderSide, qty: number, px: number, positionId: string | null = null): Order => {
    const o = s.orderFactory.market({ instrumentId: acme.id, side, quantity: qty });
    s.submitOrder(o, positionId as never);
    const base = { strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, tsEvent: MINUTE, tsInit: MINUTE };
    k.execEngine.process({ ...base, type: 'OrderSubmitted', accountId: ACC });
    const f: OrderFilled = {
      ...base, type: 'OrderFilled', venueOrderId: `V-${++n}` as VenueOrderId, accountId: ACC, tradeId: `T-${n}` as TradeId, positionId: null,
      orderSide: side, orderType: 'MARKET', lastQty: qty as Quantity, lastPx: px as Price, currency: acme.quoteCurrency,
      commission: 0 as never, commissionCurrency: acme.quoteCurrency, liquiditySide: 'TAKER',
    };
    k.execEngine.process(f);
    return o;
  };
  return { k, s, fill };
}

describe('ExecutionEngine positions', () => {
  it('NETTING: one position per instrument and strategy; a fill through zero is split into close + open', () => {
    const { k, s, fill } = setup(OmsType.NETTING);
    fill(OrderSide.BUY, 3, 100);
    fill(OrderSide.BUY, 1, 104); // avg (300 + 104) / 4 = 101
    fill(OrderSide.SELL, 6, 110); // closes 4 (+36), opens short 2
    expect(s.pos).toEqual([
      'PositionOpened P-ACME.SIM-S-1-1 3',
      'PositionChanged P-ACME.SIM-S-1-1 4',
      'PositionClosed P-ACME.SIM-S-1-1 0',
      'PositionOpened P-ACME.SIM-S-1-2 -2',
    ]);
    const [closed, open] = k.cache.positions();
    expect(closed.avgPxOpen).toBe(101);
    expect(closed.realizedPnl).toBe(36);
    expect(open.avgPxOpen).toBe(110);
    expect(k.portfolio.netPosition(acme.id)).toBe(-2);
  });

  it('HEDGING: each entry opens its own position; an order aimed at a position reduces that one', () => {
    const { k, s, fill } = setup(OmsType.HEDGING);
    const o1 = fill(OrderSide.BUY, 3, 100);
    fill(OrderSide.SELL, 2, 101); // a new SHORT position, not a reduction of the long
    fill(OrderSide.SELL, 3, 102, `P-${o1.clientOrderId}`); // closes the long
    expect(s.pos).toEqual([
      `PositionOpened P-${o1.clientOrderId} 3`,
      'PositionOpened P-O-S-1-2 -2',
      `PositionClosed P-${o1.clientOrderId} 0`,
    ]);
    expect(k.cache.position(`P-${o1.clientOrderId}` as never)?.realizedPnl).toBe(6);
    expect(k.portfolio.netPosition(acme.id)).toBe(-2);
  });

  it('drops (and reports) events for unknown orders and transitions the state machine refuses, without throwing', () => {
    const { k, s } = setup(OmsType.NETTING);
    const errors: ExecError[] = [];
    k.bus.subscribe<ExecError>('events.exec_error', (e) => errors.push(e));
    k.execEngine.process({ type: 'OrderAccepted', strategyId: s.id, instrumentId: acme.id, clientOrderId: 'O-nope' as never, venueOrderId: 'V' as VenueOrderId, accountId: ACC, tsEvent: 0, tsInit: 0 });
    const o = s.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1 });
    s.submitOrder(o);
    // Expired (legal from INITIALIZED), then Accepted: illegal once the order is closed.
    k.execEngine.process({ type: 'OrderExpired', strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, venueOrderId: null, accountId: null, tsEvent: 0, tsInit: 0 });
    k.execEngine.process({ type: 'OrderAccepted', strategyId: s.id, instrumentId: acme.id, clientOrderId: o.clientOrderId, venueOrderId: 'V' as VenueOrderId, accountId: ACC, tsEvent: 0, tsInit: 0 });
    expect(errors.map((e) => e.message.split(':')[0])).toEqual(['OrderAccepted for unknown order O-nope', 'OrderAccepted refused by order O-S-1-1']);
    expect(k.execEngine.errors).toBe(2);
    expect(o.status).toBe('EXPIRED');
  });

  it('denies orders for a venue without an execution client', () => {
    const k = new Kernel({ clock: new TestClock(0) });
    k.addInstrument(acme);
    const s = new S({ id: 'S-2' });
    k.addStrategy(s);
    k.start();
    const o = s.orderFactory.limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 10 });
    s.submitOrder(o);
    expect(o.status).toBe('DENIED');
    expect(o.events[1]).toMatchObject({ type: 'OrderDenied', reason: expect.stringMatching(/^NO_EXECUTION_CLIENT: no execution client for venue SIM/) });
  });
});

describe('Portfolio: multi-currency cash account (spot)', () => {
  it('values the base-currency balance at the quote: equity = USDT + BTC x mid', () => {
    const btc = spotPair({ id: instrumentId('BTCUSDT', 'BINANCE'), baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.01, sizeIncrement: 0.001, takerFee: 0.001 });
    const e = new BacktestEngine({ equityIntervalMs: 0 });
    e.addVenue({ venue: 'BINANCE', accountType: AccountType.CASH, baseCurrency: null, startingBalances: [{ currency: USDT, total: 10_000 }] });
    e.addInstrument(btc);
    class Buy extends Strategy {
      override onStart(): void {
        this.subscribeQuotes(btc.id);
      }
      override onQuote(): void {
        if (this.cache.ordersTotalCount() === 0) this.submitOrder(this.orderFactory.market({ instrumentId: btc.id, side: OrderSide.BUY, quantity: 0.1 }));
      }
    }
    e.addData([quote(btc.id, MINUTE, 50_000, 50_010), quote(btc.id, 2 * MINUTE, 51_000, 51_010)]);
    e.addStrategy(new Buy());
    const r = e.run();
    // Buy 0.1 at the ask 50 010: pays 5 001 USDT + fee 5.001 -> 4 993.999 USDT, +0.1 BTC.
    // The BTC balance is valued at the mid: 50 005 after the first quote, 51 005 after the second.
    expect(r.equityCurve.map((p) => p.equity)).toEqual([4993.999 + 5000.5, 4993.999 + 5100.5]);
    const last = r.accountSnapshots[r.accountSnapshots.length - 1];
    expect(last.balances).toEqual([
      { currency: 'USDT', total: 4993.999, locked: 0, free: 4993.999 },
      { currency: 'BTC', total: 0.1, locked: 0, free: 0.1 },
    ]);
  });
});

describe('Portfolio PnL and exposure (hand-computed)', () => {
  it('marks open positions at the quote mid', () => {
    const { k, fill } = setup(OmsType.NETTING);
    fill(OrderSide.BUY, 3, 100);
    fill(OrderSide.BUY, 1, 104); // long 4 @ 101
    k.dataEngine.processQuote(quote(acme.id, 2 * MINUTE, 109.9, 110.1)); // mid 110
    expect(k.portfolio.netPosition(acme.id)).toBe(4);
    expect(k.portfolio.unrealizedPnl(acme.id)).toBeCloseTo(36, 10); // (110 - 101) x 4
    expect(k.portfolio.netExposure(acme.id)).toBeCloseTo(440, 10);
    expect(k.portfolio.realizedPnl(acme.id)).toBe(0);
    fill(OrderSide.SELL, 2, 110); // realises (110 - 101) x 2 = 18
    expect(k.portfolio.realizedPnl(acme.id)).toBe(18);
    expect(k.portfolio.unrealizedPnl(acme.id)).toBeCloseTo(18, 10);
    expect(k.portfolio.isFlat(acme.id)).toBe(false);
    fill(OrderSide.SELL, 2, 99); // realises (99 - 101) x 2 = -4
    expect(k.portfolio.realizedPnl(acme.id)).toBe(14);
    expect(k.portfolio.isFlat()).toBe(true);
  });
});
