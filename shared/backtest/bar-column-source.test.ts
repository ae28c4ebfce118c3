import { describe, expect, it } from 'vitest';
import { AccountType, AggregationSource, BarAggregation, BarSpecification, BarType, OrderSide, PriceType, USD, type Bar } from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { BarColumnSource } from './bar-column-source.ts';
import { bar, MINUTE, minuteBars, testEquity } from './test-fixtures.ts';

const acme = testEquity('ACME', 0.001);
const zeta = testEquity('ZETA', 0.001);
const btA = minuteBars(acme.id);
const btZ = minuteBars(zeta.id);

const row = (b: Bar): number[] => [b.open, b.high, b.low, b.close, b.volume, b.tsEvent, b.tsInit];

describe('BarColumnSource', () => {
  it('builds bars stamped at open time + the bar duration, in row order', () => {
    const s = new BarColumnSource(btA, {
      time: [0, MINUTE], open: [1, 2], high: [3, 4], low: [0.5, 1.5], close: [2, 3], volume: [10, 20],
    });
    expect(s.length).toBe(2);
    expect([s.firstTs, s.lastTs]).toEqual([MINUTE, 2 * MINUTE]);
    const bars = [...s];
    expect(bars.map(row)).toEqual([
      [1, 3, 0.5, 2, 10, MINUTE, MINUTE],
      [2, 4, 1.5, 3, 20, 2 * MINUTE, 2 * MINUTE],
    ]);
    expect(bars[0].barType).toBe(btA);
    expect(bars[0]).not.toBe(bars[1]);
  });

  it("reads close times as they are with { time: 'close' }, and a row range", () => {
    const cols = { time: [5, 6, 7], open: [1, 1, 1], high: [1, 1, 1], low: [1, 1, 1], close: [1, 2, 3], volume: [0, 0, 0] };
    const s = new BarColumnSource(btA, cols, { time: 'close', from: 1, to: 3 });
    expect([...s].map((b) => [b.tsEvent, b.close])).toEqual([[6, 2], [7, 3]]);
  });

  it('divides integer-tick prices exactly (57 / 100 is 0.57; 57 * 0.01 is not) and leaves volumes alone', () => {
    const cents = Int32Array.from([29, 57, 1, 115]);
    const s = new BarColumnSource(btA, { time: [0], open: cents.subarray(0, 1), high: cents.subarray(1, 2), low: cents.subarray(2, 3), close: cents.subarray(3, 4), volume: [7] }, { priceDivisor: 100 });
    expect(row(s.next().value as Bar)).toEqual([0.29, 0.57, 0.01, 1.15, 7, MINUTE, MINUTE]);
    expect(57 * 0.01).not.toBe(0.57);
    expect(s.next().done).toBe(true);
  });

  it('refuses columns of different lengths, a bad divisor, and open times for bars without a duration', () => {
    const ok = { time: [0, 1], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1], volume: [1, 1] };
    expect(() => new BarColumnSource(btA, { ...ok, low: [1] })).toThrow(/column 'low' has 1 rows but 'time' has 2/);
    expect(() => new BarColumnSource(btA, ok, { priceDivisor: 0 })).toThrow(/priceDivisor 0/);
    const tickBars = new BarType(acme.id, new BarSpecification(100, BarAggregation.TICK, PriceType.LAST), AggregationSource.EXTERNAL);
    expect(() => new BarColumnSource(tickBars, ok)).toThrow(/pass \{ time: 'close' \}/);
    expect(new BarColumnSource(tickBars, ok, { time: 'close' }).length).toBe(2);
  });
});

/** Buys on every 3rd bar of each instrument and sells on the next, so that fills, positions and equity all move. */
class Churn extends Strategy {
  private readonly n = new Map<string, number>();
  override onStart(): void {
    this.subscribeBars(btA);
    this.subscribeBars(btZ);
  }
  override onBar(b: Bar): void {
    const k = this.n.get(b.barType.key) ?? 0;
    this.n.set(b.barType.key, k + 1);
    const instrumentId = b.barType.instrumentId;
    if (k % 3 === 0) this.submitOrder(this.orderFactory.market({ instrumentId, side: OrderSide.BUY, quantity: 5 }));
    if (k % 3 === 1) this.submitOrder(this.orderFactory.market({ instrumentId, side: OrderSide.SELL, quantity: 5 }));
  }
}

function run(add: (e: BacktestEngine) => void): ReturnType<BacktestEngine['run']> {
  const e = new BacktestEngine();
  e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1_000_000 }] });
  e.addInstrument(acme);
  e.addInstrument(zeta);
  add(e);
  e.addStrategy(new Churn({ id: 'Churn-001' }));
  return e.run();
}

describe('BacktestEngine.addBarColumns', () => {
  // Two instruments in lockstep sharing one time column; prices in cents.
  const n = 40;
  const time = Float64Array.from({ length: n }, (_, i) => i * MINUTE);
  const cols = (seed: number) => {
    const c = (i: number) => 10_000 + ((i * 37 + seed * 11) % 50) - 25;
    const open = Int32Array.from({ length: n }, (_, i) => c(i));
    const close = Int32Array.from({ length: n }, (_, i) => c(i + 1));
    const high = Int32Array.from({ length: n }, (_, i) => Math.max(open[i], close[i]) + 3);
    const low = Int32Array.from({ length: n }, (_, i) => Math.min(open[i], close[i]) - 2);
    return { time, open, high, low, close, volume: new Float64Array(n).fill(500) };
  };
  const ca = cols(1);
  const cz = cols(2);
  const asBars = (bt: BarType, c: ReturnType<typeof cols>): Bar[] =>
    Array.from({ length: n }, (_, i) => bar(bt, c.time[i] + MINUTE, c.close[i] / 100, c.open[i] / 100, c.high[i] / 100, c.low[i] / 100, c.volume[i]));

  it('gives the same result, byte for byte, as the same bars added as Bar arrays', () => {
    const fromArrays = run((e) => {
      e.addData(asBars(btA, ca));
      e.addData(asBars(btZ, cz));
    });
    const fromColumns = run((e) => {
      e.addBarColumns(btA, ca, { priceDivisor: 100 });
      e.addBarColumns(btZ, cz, { priceDivisor: 100 });
    });
    expect(fromArrays.fills.length).toBe(2 * 27); // buys on bars 0,3,..,39 (14) and sells on 1,4,..,37 (13), per instrument
    expect(JSON.stringify(fromColumns)).toBe(JSON.stringify(fromArrays));
  });

  it('keeps progress fractions (the columns know their range), unlike a plain stream', () => {
    const fractions: (number | null)[] = [];
    const e = new BacktestEngine();
    e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1_000 }] });
    e.addInstrument(acme);
    e.addBarColumns(btA, ca, { priceDivisor: 100 });
    e.run({ progressEvery: 10, onProgress: (p) => fractions.push(p.fraction) });
    // Stamps run from 1 to 40 minutes: the 10th bar is at 10 minutes, (10 - 1) / (40 - 1) of the way.
    expect(fractions[0]).toBeCloseTo(9 / 39, 12);
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('reports a row whose time goes backwards as a DataError and skips it', () => {
    const c = { time: [0, 2 * MINUTE, MINUTE, 3 * MINUTE], open: [1, 1, 1, 1], high: [5, 5, 5, 5], low: [1, 1, 1, 1], close: [1, 2, 3, 4], volume: [1, 1, 1, 1] };
    const seen: number[] = [];
    class Watch extends Strategy {
      override onStart(): void {
        this.subscribeBars(btA);
      }
      override onBar(b: Bar): void {
        seen.push(b.close);
      }
    }
    const e = new BacktestEngine();
    e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1_000 }] });
    e.addInstrument(acme);
    e.addBarColumns(btA, c);
    e.addStrategy(new Watch({ id: 'Watch-001' }));
    const r = e.run();
    expect(seen).toEqual([1, 2, 4]);
    expect(r.dataErrors.map((d) => d.code)).toEqual(['DATA_TIME_BACKWARDS']);
  });
});
