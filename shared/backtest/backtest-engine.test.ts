import { describe, expect, it } from 'vitest';
import { AccountType, OrderSide, USD, type Bar } from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { bar, MINUTE, minuteBars, testEquity } from './test-fixtures.ts';

const acme = testEquity('ACME', 0.001);
const bt = minuteBars(acme.id);

/** Buys `qty` on the bar with index `buyAt`, sells it on `sellAt` (market orders). */
class BuySell extends Strategy {
  n = 0;
  constructor(
    private readonly buyAt: number,
    private readonly sellAt: number,
    private readonly qty = 10,
  ) {
    super({ id: 'BuySell-001' });
  }
  override onStart(): void {
    this.subscribeBars(bt);
  }
  override onBar(_b: Bar): void {
    if (this.n === this.buyAt) this.submitOrder(this.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: this.qty }));
    if (this.n === this.sellAt) this.submitOrder(this.orderFactory.market({ instrumentId: acme.id, side: OrderSide.SELL, quantity: this.qty }));
    this.n++;
  }
}

function engine(): BacktestEngine {
  const e = new BacktestEngine();
  e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }] });
  e.addInstrument(acme);
  return e;
}

const closes = [100, 102, 105, 103, 104];
const data = () => closes.map((c, i) => bar(bt, (i + 1) * MINUTE, c));

describe('BacktestEngine: one round trip on bars, hand-computed', () => {
  it('fills market orders at the bar close (bars only: bid = ask = close) and books fees, cash, PnL and equity', () => {
    const e = engine();
    e.addData(data());
    e.addStrategy(new BuySell(0, 2));
    const r = e.run();
    // Buy 10 @ 100, fee 0.1 % = 1.00; sell 10 @ 105, fee 1.05.
    expect(r.fills.map((f) => [f.side, f.qty, f.price, f.commission])).toEqual([
      ['BUY', 10, 100, 1],
      ['SELL', 10, 105, 1.05],
    ]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ side: 'LONG', qty: 10, entryPrice: 100, exitPrice: 105, fees: 2.05 });
    expect(r.trades[0].pnl).toBeCloseTo(47.95, 10);
    // Equity after each bar: 8999 + 10 x close while long, then cash 10047.95.
    expect(r.equityCurve.map((p) => [p.ts / MINUTE, p.equity])).toEqual([
      [1, 9999],
      [2, 10019],
      [3, 10047.95],
      [4, 10047.95],
      [5, 10047.95],
    ]);
    expect(r.report.totalReturn).toBeCloseTo(10047.95 / 9999 - 1, 12);
    expect(r.report.tradeCount).toBe(1);
    expect(r.orders.map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
    expect(r.stats).toMatchObject({ dataEvents: 5, orders: 2, fills: 2, denied: 0, rejectedData: 0, cancelled: false });
    const last = r.accountSnapshots[r.accountSnapshots.length - 1];
    expect(last.balances).toEqual([{ currency: 'USD', total: 10047.95, locked: 0, free: 10047.95 }]);
  });

  it('gives byte-identical JSON for the same inputs', () => {
    const run = () => {
      const e = engine();
      e.addData(data());
      e.addStrategy(new BuySell(0, 2));
      return JSON.stringify(e.run());
    };
    expect(run()).toBe(run());
  });

  it('honours start/end, reports progress and stops on cancellation', () => {
    const e = engine();
    e.addData(data());
    const s = new BuySell(0, 99);
    e.addStrategy(s);
    const progress: number[] = [];
    const signal = { aborted: false };
    const r = e.run({
      start: 2 * MINUTE,
      end: 5 * MINUTE,
      progressEvery: 1,
      signal,
      onProgress: (p) => {
        progress.push(p.fraction ?? -1);
        if (p.dataEvents === 2) signal.aborted = true;
      },
    });
    expect(r.stats.dataEvents).toBe(2);
    expect(r.stats.cancelled).toBe(true);
    expect(progress).toEqual([0, 1 / 3, 1 / 3]);
    expect(r.fills[0].price).toBe(102); // the first bar in range closes at 102
  });
});
