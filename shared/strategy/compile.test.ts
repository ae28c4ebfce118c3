import { describe, expect, it } from 'vitest';
import { AccountType, AggregationSource, Bar, BarType, USD } from '../model/index.ts';
import { BacktestEngine } from '../backtest/backtest-engine.ts';
import { backtestSpec, fileInstrument, type BarRow } from './compile-run.ts';
import { compileSpec, SpecCompileError, barSpecOf } from './compile.ts';
import type { StrategySpec } from './spec.ts';

/**
 * A hand-made daily series. Signals (worked out in compile-signals.test.ts): SMA(2) crosses below SMA(3) on bar 4
 * and bar 10, above on bar 7. Market orders fill at the signal bar's close; a bar's timestamp is its close
 * (open time + 1 day). high = max(open, close) + 0.5, low = min(open, close) - 0.5.
 *
 * bar     0     1     2     3     4     5     6     7     8     9     10    11
 * open    10    10.5  11.5  11.8  10.6  9.4   9.2   10.4  12.2  12.8  11.6  10.5
 * close   10    11    12    11    10    9     10    12    13    12    11    10
 * high    10.5  11.5  12.5  12.3  11.1  9.9   10.5  12.5  13.5  13.3  12.1  11
 * low     9.5   10    11    10.5  9.5   8.5   8.7   9.9   11.7  11.5  10.5  9.5
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const CLOSES = [10, 11, 12, 11, 10, 9, 10, 12, 13, 12, 11, 10];
const OPENS = [10, 10.5, 11.5, 11.8, 10.6, 9.4, 9.2, 10.4, 12.2, 12.8, 11.6, 10.5];
const makeBars = (opens = OPENS): BarRow[] =>
  CLOSES.map((close, i) => {
    const open = opens[i];
    return { time: T0 + i * DAY, open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume: 1000 };
  });
/** Close time of bar i: when its fills are stamped. */
const closeTs = (i: number) => T0 + (i + 1) * DAY;

const spec = (over: Partial<StrategySpec> = {}): StrategySpec => ({
  version: 1,
  name: 'SMA 2/3',
  instruments: ['TEST.SIM'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 2 } },
    { id: 'slow', type: 'SMA', params: { period: 3 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 1 },
  ...over,
});

const run = (s: StrategySpec, opts: { bars?: BarRow[]; cash?: number } = {}) =>
  backtestSpec({ spec: s, instrumentId: 'TEST.SIM', bars: opts.bars ?? makeBars(), startingCash: opts.cash ?? 1000, tickSize: 0.01, lotSize: 0.0001 });

const brief = (r: ReturnType<typeof run>) =>
  r.result.trades.map((t) => ({ side: t.side, qty: t.qty, entryTs: t.entryTs, entry: t.entryPrice, exitTs: t.exitTs, exit: t.exitPrice, pnl: Math.round(t.pnl * 1e6) / 1e6 }));

describe('compiled SMA crossover on hand-made bars', () => {
  it('long only: enters at the close of bar 7, exits at the close of bar 10', () => {
    const r = run(spec());
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(10), exit: 11, pnl: -1 }]);
    expect(r.result.report.tradeCount).toBe(1);
    // equity: 1000 until bar 7, then follows the close; back to 1000 - 1 after the exit
    expect(r.result.equityCurve.at(-1)?.equity).toBe(999);
    expect(r.notes).toEqual([]);
  });

  it('long and short: each cross reverses the position', () => {
    const s = spec({ long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' } }, short: { entry: { op: 'crossesBelow', left: 'fast', right: 'slow' } } });
    const r = run(s);
    expect(brief(r)).toEqual([
      { side: 'SHORT', qty: 1, entryTs: closeTs(4), entry: 10, exitTs: closeTs(7), exit: 12, pnl: -2 },
      { side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(10), exit: 11, pnl: -1 },
    ]);
    // the short opened at bar 10's close (11) is still open at the end: 1000 - 3 + (11 - 10) = 998
    expect(r.result.equityCurve.at(-1)?.equity).toBe(998);
  });

  it('a stop-loss fills at its trigger inside a later bar', () => {
    // entry 12; 3 % stop at 11.64; bar 8 low 11.7 (no); bar 9 low 11.5 (yes) -> exit 11.64 in bar 9
    const r = run(spec({ stopLoss: { type: 'percent', value: 3 } }));
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(9), exit: 11.64, pnl: -0.36 }]);
  });

  it('a stop gapped through fills at the open', () => {
    // same, 2 % stop at 11.76, but bar 8 opens at 11.5: below the stop -> filled at the open 11.5
    const opens = [...OPENS];
    opens[8] = 11.5;
    const r = run(spec({ stopLoss: { type: 'percent', value: 2 } }), { bars: makeBars(opens) });
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(8), exit: 11.5, pnl: -0.5 }]);
  });

  it('a take-profit fills at its limit, or at a better open', () => {
    // 5 % target 12.6: bar 8 (open 12.2, high 13.5) reaches it -> 12.6
    expect(brief(run(spec({ takeProfit: { type: 'percent', value: 5 } })))[0]).toMatchObject({ exitTs: closeTs(8), exit: 12.6 });
    // 1 % target 12.12: bar 8 opens at 12.2, above it -> filled at the open 12.2
    expect(brief(run(spec({ takeProfit: { type: 'percent', value: 1 } })))[0]).toMatchObject({ exitTs: closeTs(8), exit: 12.2 });
  });

  it('stop-loss and take-profit are one-cancels-other', () => {
    // 5 % target 12.6 fills in bar 8; the 3 % stop (11.64) would have filled in bar 9 but was cancelled
    const r = run(spec({ takeProfit: { type: 'percent', value: 5 }, stopLoss: { type: 'percent', value: 3 } }));
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(8), exit: 12.6, pnl: 0.6 }]);
    const sl = r.result.orders.find((o) => o.type === 'STOP_MARKET');
    expect(sl?.status).toBe('CANCELED');
  });

  it('ATR distances use Wilder ATR at the signal bar', () => {
    // True ranges (bars 1..7): 1.5, 1.5, 1.8, 1.6, 1.5, 1.8, 2.6. ATR(2): 1.5 at bar 2, then (prev + tr) / 2:
    // 1.65, 1.625, 1.5625, 1.68125, 2.140625 at bar 7. Stop 0.2 x 2.140625 = 0.428125 below 12 -> 11.571875 -> tick 11.57;
    // bar 9 (low 11.5) reaches it.
    const r = run(spec({ stopLoss: { type: 'atr', multiple: 0.2, period: 2 } }));
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(9), exit: 11.57, pnl: -0.43 }]);
  });

  it('a trailing stop ratchets up with the bar path and fills at a gap open', () => {
    // 60 ticks = 0.6 behind: starts at 11.4; bar 8 path open 12.2 -> 11.6, low 11.7 (safe), high 13.5 -> 12.9;
    // bar 9 opens at 12.8, below 12.9 -> filled at the open
    const r = run(spec({ trailingStop: { type: 'ticks', ticks: 60 } }));
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(9), exit: 12.8, pnl: 0.8 }]);
  });

  it('a percent trailing offset is rounded to the tick', () => {
    // 4.9 % of 12 = 0.588 -> 0.59: starts at 11.41; bar 8 -> 11.61 at the open, 12.91 at the high; bar 9 opens at 12.8
    const r = run(spec({ trailingStop: { type: 'percent', value: 4.9 } }));
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(7), entry: 12, exitTs: closeTs(9), exit: 12.8, pnl: 0.8 }]);
    expect(r.result.orders.find((o) => o.type === 'TRAILING_STOP_MARKET')?.status).toBe('FILLED');
  });

  it('stops are priced from the fill: a limit filled at a better open', () => {
    // limit 4 % under 12 = 11.52; bar 8 opens at 11.0, through it -> filled at 11.0. A 5 % stop from the FILL is 10.45
    // (bar 8's low 10.5 does not reach it; from the limit price it would be 10.94 and would have been hit);
    // the position is closed by the rule at bar 10's close (11).
    const opens = [...OPENS];
    opens[8] = 11;
    const r = run(spec({ entryOrder: { type: 'limit', offset: { type: 'percent', value: 4 }, expireBars: 2 }, stopLoss: { type: 'percent', value: 5 } }), { bars: makeBars(opens) });
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(8), entry: 11, exitTs: closeTs(10), exit: 11, pnl: 0 }]);
    expect(r.result.orders.find((o) => o.type === 'STOP_MARKET')?.triggerPrice).toBe(10.45);
  });

  it('stops placed on an intrabar entry fill work from the NEXT bar on', () => {
    // as above, with a 4 % stop from the fill 11.0 = 10.56: bar 8 goes open 11.0 -> low 10.5 -> ... but the stop is
    // sent from the fill callback and the venue runs it after the bar (docs/strategy-spec.md, rule 7); bar 9's low is
    // 11.5; bar 10 goes open 11.6 -> high 12.1 -> low 10.5: the stop fills at 10.56 in bar 10, before the rule's exit
    const opens = [...OPENS];
    opens[8] = 11;
    const r = run(spec({ entryOrder: { type: 'limit', offset: { type: 'percent', value: 4 }, expireBars: 2 }, stopLoss: { type: 'percent', value: 4 } }), { bars: makeBars(opens) });
    expect(brief(r)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(8), entry: 11, exitTs: closeTs(10), exit: 10.56, pnl: -0.44 }]);
  });

  it('ticks distances use the instrument tick', () => {
    // 36 ticks of 0.01 = 0.36 below 12 -> the same stop as 3 %
    const r = run(spec({ stopLoss: { type: 'ticks', ticks: 36 } }));
    expect(brief(r)[0]).toMatchObject({ exitTs: closeTs(9), exit: 11.64 });
  });

  it('sizing: percent of equity and risk per trade, rounded down to the lot', () => {
    // 50 % of 1000 at 12 -> 41.6666 (lot 0.0001)
    expect(brief(run(spec({ sizing: { type: 'percentEquity', percent: 50 } })))[0].qty).toBe(41.6666);
    // fixed notional 600 at 12 -> 50
    expect(brief(run(spec({ sizing: { type: 'fixedNotional', notional: 600 } })))[0].qty).toBe(50);
    // risk 1 % of 1000 = 10 over a 5 % stop distance of 12 = 0.6 -> 16.6666
    const r = run(spec({ sizing: { type: 'riskPerTrade', riskPercent: 1 }, stopLoss: { type: 'percent', value: 5 } }));
    expect(brief(r)[0].qty).toBe(16.6666);
  });

  it('a limit entry rests for expireBars bars after the signal', () => {
    // 4 % below the signal close 12 -> 11.52; bar 8 low 11.7, bar 9 low 11.5 -> filled at 11.52 in bar 9 when it may rest 2 bars
    const two = run(spec({ entryOrder: { type: 'limit', offset: { type: 'percent', value: 4 }, expireBars: 2 } }));
    expect(brief(two)).toEqual([{ side: 'LONG', qty: 1, entryTs: closeTs(9), entry: 11.52, exitTs: closeTs(10), exit: 11, pnl: -0.52 }]);
    // with 1 bar it is cancelled at the close of bar 8: no trade
    const one = run(spec({ entryOrder: { type: 'limit', offset: { type: 'percent', value: 4 } } }));
    expect(one.result.trades).toEqual([]);
    expect(one.result.orders.map((o) => [o.type, o.status])).toEqual([['LIMIT', 'CANCELED']]);
  });

  it('skips an entry whose size rounds below the lot, with a note', () => {
    const r = run(spec({ sizing: { type: 'fixedNotional', notional: 0.0001 } }));
    expect(r.result.trades).toEqual([]);
    expect(r.notes.map((n) => n.message)).toEqual([expect.stringMatching(/rounds below the minimum quantity 0.0001/)]);
  });
});

describe('several instruments', () => {
  it('runs the rules on each instrument independently, with its own indicators and position', () => {
    // A gets the hand-made series; B the same closes shifted by 2 bars, led by two bars at 10:
    //   B close  10  10  10  11  12  11  10  9   10  12  13  12
    //   SMA(2)   -   10  10  10.5 11.5 11.5 10.5 9.5 9.5 11 12.5 12.5
    //   SMA(3)   -   -   10  10.33 11 11.33 11  10  9.67 10.33 11.67 12.33
    // At bar 2 the averages are EQUAL (10 = 10), so bar 3 is a cross above (<= then >): B enters at 11 (bar 3),
    // exits at 10 (bar 6), enters again at 12 (bar 9, A's bar 7 shifted) and is still long at the end.
    const s = spec({ instruments: ['A.SIM', 'B.SIM'] });
    const bt = new BacktestEngine();
    bt.addVenue({ venue: 'SIM', accountType: AccountType.MARGIN, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1000 }] });
    const data: Bar[] = [];
    for (const [id, closes] of [['A.SIM', CLOSES], ['B.SIM', [10, 10, ...CLOSES.slice(0, -2)]]] as const) {
      bt.addInstrument(fileInstrument(id, { tickSize: 0.01, lotSize: 1 }));
      const bt1 = new BarType(fileInstrument(id).id, barSpecOf('1d'), AggregationSource.EXTERNAL);
      closes.forEach((c, i) => data.push(new Bar(bt1, c, c + 0.5, c - 0.5, c, 1000, closeTs(i), closeTs(i))));
    }
    bt.addData(data);
    const strat = compileSpec(s);
    bt.addStrategy(strat);
    const r = bt.run();
    expect(r.trades.map((t) => [t.instrumentId, t.side, t.entryTs, t.entryPrice, t.exitTs, t.exitPrice])).toEqual([
      ['B.SIM', 'LONG', closeTs(3), 11, closeTs(6), 10],
      ['A.SIM', 'LONG', closeTs(7), 12, closeTs(10), 11],
    ]);
    expect(r.positions.filter((p) => p.side !== 'FLAT').map((p) => [p.instrumentId, p.side, p.openedTs, p.avgPxOpen])).toEqual([
      ['B.SIM', 'LONG', closeTs(9), 12],
    ]);
  });
});

describe('determinism', () => {
  it('the same inputs give a byte-identical result', () => {
    const s = spec({ short: { entry: { op: 'crossesBelow', left: 'fast', right: 'slow' } }, trailingStop: { type: 'percent', value: 4 } });
    expect(JSON.stringify(run(s).result)).toBe(JSON.stringify(run(s).result));
  });
});

describe('compileSpec', () => {
  it('refuses an invalid spec with every error', () => {
    const bad = { ...spec(), version: 2, sizing: { type: 'x' } };
    expect(() => compileSpec(bad)).toThrow(SpecCompileError);
    try {
      compileSpec(bad);
    } catch (e) {
      expect((e as SpecCompileError).errors.map((x) => x.path)).toEqual(['/version', '/sizing/type']);
    }
  });
  it('maps timeframes to bar specifications', () => {
    expect(barSpecOf('15m').toString()).toBe('15-MINUTE-LAST');
    expect(barSpecOf('1d').toString()).toBe('1-DAY-LAST');
    expect(barSpecOf('4h').durationMs()).toBe(4 * 3_600_000);
  });
});
