/**
 * The same Strategy class runs in a live-style kernel: a LiveClock on an injected time source, data pushed by a
 * client to the `DataEngine.process` endpoint, and an ExecutionClient for a venue (here a paper venue: the
 * simulated exchange fed from the same data topics, first to see each quote, as a paper adapter would do).
 */
import { describe, expect, it } from 'vitest';
import { AccountType, OrderSide, USD, type QuoteTick } from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestExecutionClient } from '../backtest/backtest-execution-client.ts';
import { quote, testEquity } from '../backtest/test-fixtures.ts';
import { SimulatedExchange } from '../venues/sim/exchange.ts';
import { LiveClock, type TimeSource } from './clock.ts';
import { Endpoints } from './events.ts';
import { Kernel } from './kernel.ts';
import type { MarketData } from './data-engine.ts';

const acme = testEquity('ACME', 0);

/** Buys 1 on the first quote, sells it on the third: the same class a backtest would run. */
class ThreeQuotes extends Strategy {
  n = 0;
  override onStart(): void {
    this.subscribeQuotes(acme.id);
  }
  override onQuote(_q: QuoteTick): void {
    this.n++;
    if (this.n === 1) this.submitOrder(this.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1 }));
    if (this.n === 3) this.closeAllPositions();
  }
}

describe('Kernel with a LiveClock (live wiring)', () => {
  it('runs an unchanged Strategy against pushed data and a paper venue', () => {
    const { k, send } = liveKernel();
    const s = new ThreeQuotes();
    k.addStrategy(s);
    k.start();
    for (const [t, bid] of [[2_000, 10], [3_000, 11], [4_000, 12]] as const) send(t, bid);
    const [p] = k.cache.positions();
    expect(p.isClosed()).toBe(true);
    expect(p.avgPxOpen).toBe(10.1); // bought at the ask of the first quote
    expect(p.avgPxClose).toBe(12); // sold at the bid of the third
    expect(p.realizedPnl).toBeCloseTo(1.9, 10);
    expect(k.portfolio.equity(acme.venue)).toBeCloseTo(1_001.9, 10);
    expect(p.tsOpened).toBe(2_000);
  });
});

/** Buys 1 on the first quote (a resting limit far below the market: it stays working), then throws on the second. */
class BuggyStrategy extends Strategy {
  n = 0;
  filled = 0;
  override onStart(): void {
    this.subscribeQuotes(acme.id);
  }
  override onQuote(_q: QuoteTick): void {
    this.n++;
    if (this.n === 1) this.submitOrder(this.orderFactory.limit({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 1, price: 1 }));
    if (this.n === 2) throw new Error('bug in onQuote');
  }
}

function liveKernel(onStrategyError?: (id: string, e: unknown, where: string) => void) {
  let now = 1_000;
  const src: TimeSource = { now: () => now, schedule: () => 0, cancel: () => {} };
  const clock = new LiveClock(src);
  const k = new Kernel({ clock, onStrategyError });
  const ex = new SimulatedExchange(
    { venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1_000 }] },
    BacktestExecutionClient.sink(k.bus),
  );
  ex.addInstrument(acme);
  k.addInstrument(acme);
  k.addExecutionClient(new BacktestExecutionClient(ex, acme.venue, undefined, k.bus, clock));
  // The paper venue sees each quote before strategies (priority) and runs arrived commands after them.
  k.bus.subscribe<QuoteTick>('data.quotes.*', (q) => ex.processQuoteTick(q), 1_000);
  k.bus.subscribe<QuoteTick>('data.quotes.*', (q) => ex.process(q.tsEvent), -1_000);
  ex.reportAccount(now);
  const push = k.bus.endpoint<MarketData>(Endpoints.DATA_PROCESS);
  const send = (t: number, bid: number) => {
    now = t;
    push.send(quote(acme.id, t, bid, bid + 0.1));
  };
  return { k, send };
}

describe('a strategy handler that throws', () => {
  it('live (onStrategyError): faults only that strategy, is reported once, its working order stays, others go on', () => {
    const errors: [string, string, string][] = [];
    const { k, send } = liveKernel((id, e, where) => errors.push([id, (e as Error).message, where]));
    const buggy = new BuggyStrategy({ id: 'BUGGY-001' });
    const good = new ThreeQuotes({ id: 'GOOD-001' });
    k.addStrategy(buggy);
    k.addStrategy(good);
    k.start();
    expect(() => {
      for (const [t, bid] of [[2_000, 10], [3_000, 11], [4_000, 12], [5_000, 13]] as const) send(t, bid);
    }).not.toThrow();
    expect(errors).toEqual([['BUGGY-001', 'bug in onQuote', 'onQuote']]);
    expect(buggy.state).toBe('FAULTED');
    expect(buggy.fault).toEqual({ where: 'onQuote', message: 'bug in onQuote' });
    expect(buggy.n).toBe(2); // no quote reached it after the fault
    // Its resting limit is still working at the venue (a fault must not pull a protective order by itself).
    const open = k.cache.ordersOpen().filter((o) => o.strategyId === 'BUGGY-001');
    expect(open.map((o) => o.status)).toEqual(['ACCEPTED']);
    // The other strategy traded its whole round trip.
    expect(good.n).toBe(4);
    const gp = k.cache.positions().filter((p) => p.strategyId === 'GOOD-001');
    expect(gp.length).toBe(1);
    expect(gp[0].isClosed()).toBe(true);
    // stop() on a faulted strategy does nothing (its onStop is not called).
    buggy.stop();
    expect(buggy.state).toBe('FAULTED');
  });

  it('backtest-style (no onStrategyError): the exception propagates to whoever pushed the data', () => {
    const { k, send } = liveKernel();
    const buggy = new BuggyStrategy({ id: 'BUGGY-001' });
    k.addStrategy(buggy);
    k.start();
    send(2_000, 10);
    expect(() => send(3_000, 11)).toThrow('bug in onQuote');
  });

  it('a throwing onStart faults the strategy at start (live)', () => {
    const errors: string[] = [];
    const { k } = liveKernel((_id, _e, where) => errors.push(where));
    class BadStart extends Strategy {
      override onStart(): void {
        throw new Error('no');
      }
    }
    const s = new BadStart({ id: 'BAD-001' });
    k.addStrategy(s);
    expect(() => k.start()).not.toThrow();
    expect(s.state).toBe('FAULTED');
    expect(errors).toEqual(['onStart']);
  });
});
