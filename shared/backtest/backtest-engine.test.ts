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

describe('determinism with chance in the fill model', () => {
  it('two runs with the same seed give byte-identical JSON; another seed gives different fills', () => {
    const run = (seed: number): string => {
      const e = new BacktestEngine();
      e.addVenue({
        venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1_000_000 }],
        seed, fillModel: { probFillOnLimit: 0.5, probSlippage: 0.5, slippageTicks: 1 },
      });
      const b = testEquity('BBB', 0.001);
      e.addInstrument(acme);
      e.addInstrument(b);
      const bars: Bar[] = [];
      for (let i = 0; i < 200; i++) {
        const c = 100 + Math.round(Math.sin(i / 7) * 500) / 100;
        bars.push(bar(bt, (i + 1) * MINUTE, c, c - 0.3, c + 0.5, c - 0.6));
        bars.push(bar(minuteBars(b.id), (i + 1) * MINUTE, c + 1, c + 0.7, c + 1.5, c + 0.4));
      }
      e.addData(bars);
      class Alternate extends Strategy {
        private n = 0;
        override onStart(): void {
          this.subscribeBars(bt);
          this.subscribeBars(minuteBars(b.id));
        }
        override onBar(x: Bar): void {
          const id = x.barType.instrumentId;
          const side = this.n++ % 4 < 2 ? OrderSide.BUY : OrderSide.SELL;
          if (this.n % 3 === 0) this.submitOrder(this.orderFactory.market({ instrumentId: id, side: OrderSide.BUY, quantity: 1 }));
          else if (this.netPosition(id) > 0 || side === OrderSide.BUY) {
            const px = side === OrderSide.BUY ? x.close - 0.1 : x.close + 0.1;
            this.submitOrder(this.orderFactory.limit({ instrumentId: id, side, quantity: 1, price: Math.round(px * 100) / 100, reduceOnly: side === OrderSide.SELL }));
          }
        }
      }
      e.addStrategy(new Alternate());
      return JSON.stringify(e.run());
    };
    const a = run(1);
    expect(JSON.parse(a).fills.length).toBeGreaterThan(50);
    expect(run(1)).toBe(a);
    expect(run(2)).not.toBe(a);
  });
});

describe('latency through the kernel', () => {
  it('an order sent at a bar close reaches the venue latencyMs later (simulated time) and fills then', () => {
    const e = new BacktestEngine();
    e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }], latencyMs: 30_000 });
    e.addInstrument(acme);
    e.addData(data());
    e.addStrategy(new BuySell(0, 99));
    const r = e.run();
    expect(r.orders[0].initTs).toBe(MINUTE); // created at the first bar's close
    expect(r.fills.map((f) => f.ts)).toEqual([MINUTE + 30_000]); // arrived 30 s later, before the second bar
  });
});

describe('two venues', () => {
  it('a latency-delayed order on a venue without data of its own is filled at its arrival time', () => {
    const e = new BacktestEngine();
    e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }] });
    e.addVenue({ venue: 'SLOW', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }], latencyMs: 30_000 });
    const slow = testEquity('XYZ', 0, 0, 'SLOW');
    e.addInstrument(acme);
    e.addInstrument(slow);
    const slowBars = minuteBars(slow.id);
    e.addData([bar(slowBars, MINUTE, 50), ...[100, 101, 102, 103].map((c, i) => bar(bt, (i + 1) * MINUTE, c))]);
    class Cross extends Strategy {
      override onStart(): void {
        this.subscribeBars(bt);
      }
      override onBar(b: Bar): void {
        if (b.close === 100) this.submitOrder(this.orderFactory.market({ instrumentId: slow.id, side: OrderSide.BUY, quantity: 2 }));
      }
    }
    e.addStrategy(new Cross());
    const r = e.run();
    // Sent at 60 s, reaches SLOW at 90 s, fills at SLOW's last price (the 60 s bar's close, 50).
    expect(r.fills.map((f) => [f.instrumentId, f.ts, f.price, f.qty])).toEqual([['XYZ.SLOW', 90_000, 50, 2]]);
    // Equity sums both venues: 20 000 - 100 paid + 2 x 50 held = 20 000.
    expect(r.equityCurve[r.equityCurve.length - 1].equity).toBe(20_000);
  });
});
