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
    let now = 1_000;
    const src: TimeSource = { now: () => now, schedule: () => 0, cancel: () => {} };
    const clock = new LiveClock(src);
    const k = new Kernel({ clock });
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
    const s = new ThreeQuotes();
    k.addStrategy(s);
    k.start();
    const push = k.bus.endpoint<MarketData>(Endpoints.DATA_PROCESS);
    for (const [t, bid] of [[2_000, 10], [3_000, 11], [4_000, 12]] as const) {
      now = t;
      push.send(quote(acme.id, t, bid, bid + 0.1));
    }
    const [p] = k.cache.positions();
    expect(p.isClosed()).toBe(true);
    expect(p.avgPxOpen).toBe(10.1); // bought at the ask of the first quote
    expect(p.avgPxClose).toBe(12); // sold at the bid of the third
    expect(p.realizedPnl).toBeCloseTo(1.9, 10);
    expect(k.portfolio.equity(acme.venue)).toBeCloseTo(1_001.9, 10);
    expect(p.tsOpened).toBe(2_000);
  });
});
