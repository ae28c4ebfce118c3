import { describe, expect, it } from 'vitest';
import {
  annualVolatility,
  cagr,
  calmar,
  downsideDeviation,
  drawdownSeries,
  exposure,
  maxDrawdown,
  maxDrawdownDuration,
  monthlyReturns,
  performanceReport,
  periodReturns,
  resolvePeriodsPerYear,
  sharpe,
  sortino,
  totalReturn,
  tradeStats,
  turnover,
  type EquityPoint,
  type TradeRecord,
} from './index.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

// Worked example, written out by hand (docs/analytics.md repeats it):
// equity 100, 110, 99, 99, 118.8 -> returns +10 %, -10 %, 0 %, +20 %
// mean = 0.05; deviations 0.05, -0.15, -0.05, 0.15; sum of squares 0.05; sample variance 0.05/3; std = 0.1290994
// with 4 periods per year: vol = 0.1290994 * 2 = 0.2581989; Sharpe = 0.05 / 0.1290994 * 2 = sqrt(0.6) = 0.7745967
// downside: only -0.10 -> sqrt(0.01 / 4) * 2 = 0.1; Sortino = 0.05 * 4 / 0.1 = 2
// total return 0.188; 4 returns / 4 per year = 1 year -> CAGR 0.188; max DD 99/110 - 1 = -0.1; Calmar 1.88
const E = [100, 110, 99, 99, 118.8];
const curve: EquityPoint[] = E.map((equity, i) => ({ ts: T0 + i * DAY, equity }));
const opts = { periodsPerYear: 4 };

describe('return metrics on the hand-worked curve', () => {
  it('period and total returns', () => {
    const r = periodReturns(curve);
    [0.1, -0.1, 0, 0.2].forEach((x, i) => expect(r[i]).toBeCloseTo(x, 12));
    expect(totalReturn(curve)).toBeCloseTo(0.188, 12);
  });
  it('CAGR, volatility, Sharpe, Sortino, Calmar', () => {
    expect(cagr(curve, opts)).toBeCloseTo(0.188, 12);
    expect(annualVolatility(curve, opts)).toBeCloseTo(0.2581989, 7);
    expect(sharpe(curve, opts)).toBeCloseTo(Math.sqrt(0.6), 10);
    expect(downsideDeviation(curve, opts)).toBeCloseTo(0.1, 12);
    expect(sortino(curve, opts)).toBeCloseTo(2, 10);
    expect(calmar(curve, opts)).toBeCloseTo(1.88, 10);
  });
  it('risk-free rate is converted per period: annual 1.01^4 - 1 gives 1 % per period', () => {
    // excess returns 0.09, -0.11, -0.01, 0.19: mean 0.04, same std 0.1290994
    // Sharpe = 0.04 / 0.1290994 * 2 = 0.6196773; downside sqrt((0.0121 + 0.0001) / 4) * 2 = 0.1104536
    // Sortino = 0.04 * 4 / 0.1104536 = 1.4485719
    const o = { periodsPerYear: 4, riskFreeRate: 1.01 ** 4 - 1 };
    expect(sharpe(curve, o)).toBeCloseTo(0.6196773, 6);
    expect(downsideDeviation(curve, o)).toBeCloseTo(0.1104536, 6);
    expect(sortino(curve, o)).toBeCloseTo(1.4485719, 6);
  });
  it('CAGR over half a year of periods compounds up', () => {
    // 2 returns at 4 per year = 0.5 years: (110/100)^(1/0.5) - 1 = 0.21
    expect(cagr(curve.slice(0, 2).concat([{ ts: T0 + 2 * DAY, equity: 110 }]), opts)).toBeCloseTo(0.21, 12);
  });
  it('infers periods per year from calendar time', () => {
    // 253 points spread evenly over exactly one Julian year -> 252 periods per year
    const year = 365.25 * DAY;
    const c = Array.from({ length: 253 }, (_, i) => ({ ts: T0 + (i * year) / 252, equity: 100 + i }));
    expect(resolvePeriodsPerYear(c)).toBeCloseTo(252, 9);
    expect(cagr(c)).toBeCloseTo(352 / 100 - 1, 9);
  });
  it('undefined metrics are NaN, not zero', () => {
    const flat = [100, 100, 100].map((equity, i) => ({ ts: T0 + i * DAY, equity }));
    expect(sharpe(flat, opts)).toBeNaN();
    expect(sortino(flat, opts)).toBeNaN();
    expect(calmar(flat, opts)).toBeNaN();
    expect(totalReturn(flat.slice(0, 1))).toBeNaN();
  });
});

describe('drawdowns', () => {
  it('series, depth, peak, trough and recovery', () => {
    expect(drawdownSeries(curve).map((d) => d.drawdown)).toEqual([0, 0, 99 / 110 - 1, 99 / 110 - 1, 0]);
    const m = maxDrawdown(curve);
    expect(m.depth).toBeCloseTo(-0.1, 12);
    expect(m.peakTs).toBe(T0 + DAY);
    expect(m.troughTs).toBe(T0 + 2 * DAY);
    expect(m.recoveryTs).toBe(T0 + 4 * DAY);
  });
  it('duration runs from the peak to the point that regains it', () => {
    const d = maxDrawdownDuration(curve);
    expect(d).toEqual({ ms: 3 * DAY, periods: 3, startTs: T0 + DAY, endTs: T0 + 4 * DAY, recovered: true });
  });
  it('picks the longest, not the deepest, and counts an open drawdown to the end', () => {
    // 100 -> 80 (deep, 2 periods to recover at idx 2) ; 120 at idx 3, then 119, 118, 117, 116 unrecovered (4 periods)
    const c = [100, 80, 100, 120, 119, 118, 117, 116].map((equity, i) => ({ ts: T0 + i * DAY, equity }));
    expect(maxDrawdown(c).depth).toBeCloseTo(-0.2, 12);
    expect(maxDrawdown(c).recoveryTs).toBe(T0 + 2 * DAY);
    expect(maxDrawdownDuration(c)).toEqual({ ms: 4 * DAY, periods: 4, startTs: T0 + 3 * DAY, endTs: T0 + 7 * DAY, recovered: false });
  });
  it('no drawdown on a rising curve', () => {
    const c = [1, 2, 3].map((equity, i) => ({ ts: i, equity }));
    expect(maxDrawdown(c)).toEqual({ depth: 0, peakTs: undefined, troughTs: undefined, recoveryTs: undefined });
    expect(maxDrawdownDuration(c).periods).toBe(0);
  });
});

const trade = (pnl: number, fees = 1, extra: Partial<TradeRecord> = {}): TradeRecord => ({
  side: 'LONG', qty: 1, entryTs: T0, exitTs: T0 + DAY, entryPrice: 100, exitPrice: 100 + pnl, pnl, fees, ...extra,
});

describe('trade statistics', () => {
  it('win rate, profit factor, expectancy, averages', () => {
    // pnl 50, -20, 0, 30, -10: 2 wins, 2 losses, 1 flat
    // win rate 2/5; gross profit 80, gross loss -30, PF 80/30; expectancy 50/5 = 10; avg win 40, avg loss -15
    const s = tradeStats([trade(50), trade(-20), trade(0), trade(30), trade(-10)]);
    expect(s.tradeCount).toBe(5);
    expect(s.winRate).toBeCloseTo(0.4, 12);
    expect(s.grossProfit).toBe(80);
    expect(s.grossLoss).toBe(-30);
    expect(s.profitFactor).toBeCloseTo(80 / 30, 12);
    expect(s.expectancy).toBe(10);
    expect(s.averageWin).toBe(40);
    expect(s.averageLoss).toBe(-15);
    expect(s.payoffRatio).toBeCloseTo(40 / 15, 12);
    expect(s.largestWin).toBe(50);
    expect(s.largestLoss).toBe(-20);
    expect(s.totalFees).toBe(5);
    expect(s.averageHoldingMs).toBe(DAY);
  });
  it('edge cases: no trades, no losses', () => {
    const none = tradeStats([]);
    expect(none.winRate).toBeNaN();
    expect(none.profitFactor).toBeNaN();
    expect(none.expectancy).toBeNaN();
    expect(tradeStats([trade(5)]).profitFactor).toBe(Infinity);
  });
});

describe('exposure and turnover', () => {
  it('union of trade intervals over the span', () => {
    // span 4 days; trades [0.5, 1.5] and [1, 2] overlap -> union [0.5, 2] = 1.5 days -> 0.375
    const t = [trade(1, 0, { entryTs: T0 + 0.5 * DAY, exitTs: T0 + 1.5 * DAY }), trade(1, 0, { entryTs: T0 + DAY, exitTs: T0 + 2 * DAY })];
    expect(exposure(curve, t)).toBeCloseTo(0.375, 12);
  });
  it('gross exposure on the curve takes precedence', () => {
    // in the market during the periods that start at days 0, 2 and 3 -> 3 of 4 days
    const c = curve.map((p, i) => ({ ...p, grossExposure: [1000, 0, 500, 500, 0][i] }));
    expect(exposure(c, [])).toBeCloseTo(0.75, 12);
  });
  it('turnover = traded notional / mean equity', () => {
    // qty 2, 100 -> 110: notional (100 + 110) * 2 = 420; mean equity 526.8 / 5 = 105.36
    const t = turnover(curve, [trade(20, 0, { qty: 2, exitPrice: 110 })], opts);
    expect(t.tradedNotional).toBe(420);
    expect(t.turnover).toBeCloseTo(420 / 105.36, 12);
    expect(t.annualTurnover).toBeCloseTo(420 / 105.36, 12); // exactly one year of periods
  });
});

describe('monthly returns', () => {
  it('groups by UTC month and compounds into years', () => {
    const c: EquityPoint[] = [
      { ts: Date.UTC(2020, 0, 15), equity: 100 },
      { ts: Date.UTC(2020, 0, 31, 23, 59), equity: 110 },
      { ts: Date.UTC(2020, 1, 10), equity: 99 },
      { ts: Date.UTC(2020, 2, 2), equity: 99 },
      { ts: Date.UTC(2021, 0, 5), equity: 118.8 },
    ];
    const m = monthlyReturns(c);
    expect(m.months.map((x) => [x.year, x.month])).toEqual([[2020, 1], [2020, 2], [2020, 3], [2021, 1]]);
    [0.1, -0.1, 0, 0.2].forEach((r, i) => expect(m.months[i].return).toBeCloseTo(r, 12));
    expect(m.years.map((y) => y.year)).toEqual([2020, 2021]);
    expect(m.years[0].months.slice(3)).toEqual(new Array(9).fill(null));
    expect(m.years[0].total).toBeCloseTo(1.1 * 0.9 - 1, 12);
    expect(m.years[1].total).toBeCloseTo(0.2, 12);
  });
  it('a point at midnight on the 1st closes the previous month (bar close times)', () => {
    // daily bars of Jan 30 and Jan 31 close at Jan 31 00:00 and Feb 1 00:00; the bar of Feb 3 closes Feb 4 00:00
    const c: EquityPoint[] = [
      { ts: Date.UTC(2020, 0, 31), equity: 100 },
      { ts: Date.UTC(2020, 1, 1), equity: 110 },
      { ts: Date.UTC(2020, 1, 4), equity: 121 },
    ];
    const m = monthlyReturns(c);
    expect(m.months.map((x) => [x.month, Math.round(x.return * 1e12) / 1e12])).toEqual([[1, 0.1], [2, 0.1]]);
  });
});

// Independent reference: the same formulas written in numpy (empyrical's conventions) for a 12-point curve,
// printed to 10 digits and pasted here. Script:
//   e = np.array([1000,1012,1003,1021,1018,990,1005,1040,1032,1051,1047,1066.])
//   r = e[1:]/e[:-1]-1; ppy=252
//   vol = r.std(ddof=1)*sqrt(ppy); sharpe = r.mean()/r.std(ddof=1)*sqrt(ppy)
//   dd = sqrt(np.mean(np.minimum(r,0)**2))*sqrt(ppy); sortino = r.mean()*ppy/dd
//   cagr = (e[-1]/e[0])**(ppy/len(r))-1; mdd = (e/np.maximum.accumulate(e)-1).min()
describe('agrees with an independent numpy computation (empyrical conventions)', () => {
  const e = [1000, 1012, 1003, 1021, 1018, 990, 1005, 1040, 1032, 1051, 1047, 1066];
  const c = e.map((equity, i) => ({ ts: T0 + i * DAY, equity }));
  const o = { periodsPerYear: 252 };
  it('matches', () => {
    expect(annualVolatility(c, o)).toBeCloseTo(REF.vol, 8);
    expect(sharpe(c, o)).toBeCloseTo(REF.sharpe, 8);
    expect(sortino(c, o)).toBeCloseTo(REF.sortino, 7);
    expect(cagr(c, o)).toBeCloseTo(REF.cagr, 6);
    expect(maxDrawdown(c).depth).toBeCloseTo(REF.mdd, 10);
  });
});
const REF = { vol: 0.2796292851, sharpe: 5.3782218393, sortino: 10.3709752475, cagr: 3.3240661144, mdd: -0.0303623898 };

describe('performanceReport', () => {
  it('is JSON-safe and combines the metrics', () => {
    const r = performanceReport(curve, [trade(50), trade(-20), trade(0), trade(30), trade(-10)], opts);
    expect(r.totalReturn).toBeCloseTo(0.188, 12);
    expect(r.sharpe).toBeCloseTo(Math.sqrt(0.6), 10);
    expect(r.maxDrawdown).toBeCloseTo(-0.1, 12);
    expect(r.maxDrawdownDurationPeriods).toBe(3);
    expect(r.tradeCount).toBe(5);
    expect(r.profitFactor).toBeCloseTo(80 / 30, 12);
    expect(r.totalFees).toBe(5);
    expect(r.periods).toBe(4);
    const noLoss = performanceReport(curve, [trade(5)], opts);
    expect(noLoss.profitFactor).toBeNull();
    expect(JSON.parse(JSON.stringify(noLoss))).toEqual(noLoss);
    const empty = performanceReport([], []);
    expect(empty.totalReturn).toBeNull();
    expect(empty.sharpe).toBeNull();
    expect(empty.tradeCount).toBe(0);
  });
});
