import { describe, expect, it } from 'vitest';
import type { PositionEvent } from '../engine/events.ts';
import {
  AccountType, AggregationSource, BarAggregation, BarSpecification, BarType, OrderSide, PriceType, USD, type Bar,
} from '../model/index.ts';
import { BacktestEngine } from '../backtest/backtest-engine.ts';
import { bar, MINUTE, minuteBars, quote, testEquity } from '../backtest/test-fixtures.ts';
import { TestClock } from '../engine/clock.ts';
import { Kernel } from '../engine/kernel.ts';
import { TraderError } from '../engine/trader.ts';
import { Strategy, StrategyError, type BarIndicator } from './strategy.ts';

const acme = testEquity('ACME', 0);
const bt = minuteBars(acme.id);

/** Records the close it last saw, so onBar can prove it was updated first. */
class LastClose implements BarIndicator {
  value: number | undefined;
  updates = 0;
  update(b: Bar): number {
    this.updates++;
    this.value = b.close;
    return b.close;
  }
  get isReady(): boolean {
    return this.value !== undefined;
  }
  reset(): void {
    this.value = undefined;
  }
}

class Probe extends Strategy {
  readonly log: string[] = [];
  readonly ind = new LastClose();
  override onStart(): void {
    this.log.push('start');
    this.registerIndicatorForBars(bt, this.ind);
    this.subscribeBars(bt);
  }
  override onStop(): void {
    this.log.push('stop');
  }
  override onBar(b: Bar): void {
    this.log.push(`bar ${b.close} ind ${this.ind.value}`);
    if (b.close === 101) this.submitOrder(this.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 2 }));
    if (b.close === 103) {
      const p = this.positionsOpen(acme.id)[0];
      this.closePosition(p);
    }
  }
  override onPositionEvent(e: PositionEvent): void {
    this.log.push(`${e.type} ${e.position.signedQty}`);
  }
  override onOrderFilled(): void {
    this.log.push('filled');
  }
}

function engine(): BacktestEngine {
  const e = new BacktestEngine();
  e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }] });
  e.addInstrument(acme);
  return e;
}

describe('Strategy', () => {
  it('updates registered indicators before onBar, and routes fills and position events', () => {
    const e = engine();
    e.addData([100, 101, 102, 103, 104].map((c, i) => bar(bt, (i + 1) * MINUTE, c)));
    const s = new Probe();
    e.addStrategy(s);
    const r = e.run();
    expect(s.log).toEqual([
      'start',
      'bar 100 ind 100',
      'bar 101 ind 101',
      'filled',
      'PositionOpened 2',
      'bar 102 ind 102',
      'bar 103 ind 103',
      'filled',
      'PositionClosed 0',
      'bar 104 ind 104',
      'stop',
    ]);
    expect(s.ind.updates).toBe(5);
    expect(r.trades.map((t) => [t.entryPrice, t.exitPrice, t.pnl])).toEqual([[101, 103, 4]]);
    expect(r.orders[1]).toMatchObject({ reduceOnly: true, side: 'SELL', quantity: 2 });
  });

  it('receives INTERNAL bars aggregated from quotes by the DataEngine (time bars close on the clock)', () => {
    const e = engine();
    const mid1m = new BarType(acme.id, new BarSpecification(1, BarAggregation.MINUTE, PriceType.MID), AggregationSource.INTERNAL);
    const ticks3 = new BarType(acme.id, new BarSpecification(3, BarAggregation.TICK, PriceType.BID), AggregationSource.INTERNAL);
    const got: string[] = [];
    class Agg extends Strategy {
      override onStart(): void {
        this.subscribeBars(mid1m);
        this.subscribeBars(ticks3);
      }
      override onBar(b: Bar): void {
        got.push(`${b.barType.spec.aggregation} ${b.tsEvent / 1000}s o${b.open} h${b.high} l${b.low} c${b.close}`);
      }
    }
    // Quotes at 60 s .. 150 s, then a gap to 200 s: the [60, 120) bar closes at 120 s (before the quote stamped 120 s),
    // [120, 180) at 180 s by the clock although no quote arrives then. Tick bars: every 3 quotes, on the bid.
    e.addData([
      quote(acme.id, 60_000, 10, 10.2),
      quote(acme.id, 90_000, 11, 11.2),
      quote(acme.id, 119_999, 9, 9.2),
      quote(acme.id, 120_000, 12, 12.2),
      quote(acme.id, 150_000, 13, 13.2),
      quote(acme.id, 200_000, 14, 14.2),
    ]);
    e.addStrategy(new Agg());
    e.run();
    expect(got).toEqual([
      'TICK 119.999s o10 h11 l9 c9',
      'MINUTE 120s o10.1 h11.1 l9.1 c9.1',
      'MINUTE 180s o12.1 h13.1 l12.1 c13.1',
      'TICK 200s o12 h14 l12 c14',
      // The [180 s, 240 s) bar holding the 200 s quote never closes: the data ends before 240 s (no partial bar at the end).
    ]);
  });

  it('enforces its lifecycle with actionable errors', () => {
    const s = new Probe({ id: 'X-1' });
    expect(() => s.clock).toThrow(StrategyError);
    expect(() => s.start()).toThrow(/cannot start from state PRE_INITIALIZED/);
    const k = new Kernel({ clock: new TestClock(0) });
    k.addStrategy(s);
    expect(() => k.addStrategy(new Probe({ id: 'X-1' }))).toThrow(TraderError);
    k.start();
    expect(s.state).toBe('RUNNING');
    k.stop();
    expect(s.state).toBe('STOPPED');
    k.dispose();
    expect(s.state).toBe('DISPOSED');
    expect(s.log).toEqual(['start', 'stop']);
  });

  it('delivers market data only while running', () => {
    const k = new Kernel({ clock: new TestClock(0) });
    k.addInstrument(acme);
    const got: number[] = [];
    class Q extends Strategy {
      override onStart(): void {
        this.subscribeQuotes(acme.id);
      }
      override onQuote(q: { bid: number }): void {
        got.push(q.bid);
      }
    }
    const s = new Q();
    k.addStrategy(s);
    k.start();
    k.dataEngine.processQuote(quote(acme.id, 1, 1, 2));
    k.stop();
    k.dataEngine.processQuote(quote(acme.id, 2, 3, 4));
    expect(got).toEqual([1]);
  });
});

describe('Strategy commands through the kernel and the simulated exchange', () => {
  it('submitBracket: the take-profit fills and cancels the stop-loss', () => {
    const e = engine();
    // Entry at the close of bar 1 (100); bar 2 trades up to 106 from an open of 101: the take-profit at 105 fills at 105.
    e.addData([bar(bt, MINUTE, 100), bar(bt, 2 * MINUTE, 104, 101, 106, 100.5), bar(bt, 3 * MINUTE, 94, 104, 104, 93)]);
    class Bracket extends Strategy {
      override onStart(): void {
        this.subscribeBars(bt);
      }
      override onBar(b: Bar): void {
        if (b.tsEvent === MINUTE) this.submitBracket({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 3, stopLoss: 95, takeProfit: 105 });
      }
    }
    e.addStrategy(new Bracket());
    const r = e.run();
    expect(r.orders.map((o) => [o.type, o.status, o.avgPx])).toEqual([
      ['MARKET', 'FILLED', 100],
      ['STOP_MARKET', 'CANCELED', null],
      ['LIMIT', 'FILLED', 105],
    ]);
    expect(r.trades.map((t) => [t.qty, t.entryPrice, t.exitPrice, t.pnl])).toEqual([[3, 100, 105, 15]]);
  });

  it('modifyOrder moves a resting limit and cancelOrder cancels it; cancelAllOrders cancels the rest', () => {
    const e = engine();
    e.addData([100, 101, 102, 103].map((c, i) => bar(bt, (i + 1) * MINUTE, c)));
    const seen: string[] = [];
    class Mod extends Strategy {
      override onStart(): void {
        this.subscribeBars(bt);
      }
      override onBar(b: Bar): void {
        const f = this.orderFactory;
        if (b.close === 100) {
          this.submitOrder(f.limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 90 }));
          this.submitOrder(f.limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 80 }));
        }
        const [first] = this.ordersOpen(acme.id);
        if (b.close === 101) this.modifyOrder(first, { price: 91 });
        if (b.close === 102) this.cancelOrder(first);
        if (b.close === 103) this.cancelAllOrders(acme.id);
      }
      override onOrderEvent(ev: { type: string; clientOrderId: string }): void {
        seen.push(`${ev.clientOrderId} ${ev.type}`);
      }
    }
    e.addStrategy(new Mod());
    const r = e.run();
    expect(r.orders.map((o) => [o.price, o.status])).toEqual([
      [91, 'CANCELED'],
      [80, 'CANCELED'],
    ]);
    expect(seen).toEqual([
      'O-Mod-001-1 OrderSubmitted',
      'O-Mod-001-1 OrderAccepted',
      'O-Mod-001-2 OrderSubmitted',
      'O-Mod-001-2 OrderAccepted',
      'O-Mod-001-1 OrderUpdated',
      'O-Mod-001-1 OrderCanceled',
      'O-Mod-001-2 OrderCanceled',
    ]);
  });
});
