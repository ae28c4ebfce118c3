import { describe, expect, it } from 'vitest';
import { SpecSignals, signalColumns, type Signals } from './compile-signals.ts';
import { defaultIndicatorProvider } from './compile-indicators.ts';
import { validateSpec } from './spec-validate.ts';
import type { Condition, StrategySpec } from './spec.ts';

const closes = [10, 11, 12, 11, 10, 9, 10, 12, 13, 12];
const bars = closes.map((c) => ({ open: c, high: c + 1, low: c - 1, close: c, volume: 100 }));

const spec = (over: Partial<StrategySpec>): StrategySpec => {
  const s: StrategySpec = {
    version: 1,
    name: 't',
    instruments: ['X.SIM'],
    timeframe: '1d',
    indicators: [
      { id: 'fast', type: 'SMA', params: { period: 2 } },
      { id: 'slow', type: 'SMA', params: { period: 3 } },
    ],
    long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
    sizing: { type: 'fixedQuantity', quantity: 1 },
    ...over,
  };
  const r = validateSpec(s, defaultIndicatorProvider);
  expect(r.errors).toEqual([]);
  return s;
};

const run = (s: StrategySpec): Signals[] => {
  const sig = new SpecSignals(s, defaultIndicatorProvider);
  return bars.map((b) => ({ ...sig.update(b) }));
};
const at = (xs: Signals[], k: keyof Signals): number[] => xs.flatMap((x, i) => (x[k] ? [i] : []));
const when = (c: Condition): number[] => at(run(spec({ long: { entry: c } })), 'longEntry');

describe('SpecSignals on a hand-made series', () => {
  // closes      10    11    12    11    10    9     10    12    13    12
  // SMA(2)      -     10.5  11.5  11.5  10.5  9.5   9.5   11    12.5  12.5
  // SMA(3)      -     -     11    11.33 11    10    9.67  10.33 11.67 12.33
  // fast-slow   -     -     +.5   +.17  -.5   -.5   -.17  +.67  +.83  +.17
  it('SMA(2)/SMA(3): cross below at bar 4, cross above at bar 7; no cross at bar 2 (slow not defined at bar 1)', () => {
    const s = run(spec({}));
    expect(at(s, 'longEntry')).toEqual([7]);
    expect(at(s, 'longExit')).toEqual([4]);
    expect(at(s, 'shortEntry')).toEqual([]);
  });

  it('threshold crossings use <= / >= on the previous bar and strict > / < on the current one', () => {
    // close vs 11: 10 -> 11 is not a cross above (11 > 11 is false); 11 -> 12 is (bar 2). 11 -> 10 crosses below (bar 4).
    expect(when({ op: 'crossesAbove', left: 'close', right: 11 })).toEqual([2, 7]);
    expect(when({ op: 'crossesBelow', left: 'close', right: 11 })).toEqual([4]);
    // constant on the left: 11 crosses above close when close goes from >= 11 to < 11
    expect(when({ op: 'crossesAbove', left: 11, right: 'close' })).toEqual([4]);
  });

  it('above / below are strict and false during warm-up', () => {
    expect(when({ op: 'above', left: 'fast', right: 'slow' })).toEqual([2, 3, 7, 8, 9]);
    expect(when({ op: 'below', left: 'close', right: 'slow' })).toEqual([3, 4, 5, 9]); // bar 9: 12 < 12.33
    expect(when({ op: 'above', left: 'close', right: 11.5 })).toEqual([2, 7, 8, 9]);
  });

  it('all / any combine', () => {
    const a: Condition = { op: 'above', left: 'close', right: 10.5 };
    const b: Condition = { op: 'below', left: 'close', right: 12.5 };
    expect(when({ op: 'all', conditions: [a, b] })).toEqual([1, 2, 3, 7, 9]);
    expect(when({ op: 'any', conditions: [{ op: 'below', left: 'close', right: 10 }, { op: 'above', left: 'close', right: 12 }] })).toEqual([5, 8]);
  });

  it('price sources: hl2, hlc3 and ohlc4 of a bar with high = close + 1, low = close - 1', () => {
    // hl2 = close, so hl2 crossing 11 matches close crossing 11
    expect(when({ op: 'crossesAbove', left: 'hl2', right: 11 })).toEqual([2, 7]);
    const sig = new SpecSignals(spec({}), defaultIndicatorProvider);
    sig.update({ open: 1, high: 4, low: 1, close: 2, volume: 0 });
    expect(sig.value('hlc3')).toBeCloseTo(7 / 3, 12);
    expect(sig.value('ohlc4')).toBe(2);
  });

  it('chains indicators: SMA(2) of SMA(2) starts when its input has two values', () => {
    // SMA(2) of close: 10.5, 11.5, 11.5, 10.5 ... -> SMA(2) of that: bar 2: 11, bar 3: 11.5, bar 4: 11
    const s = spec({
      indicators: [
        { id: 'fast', type: 'SMA', params: { period: 2 } },
        { id: 'smooth', type: 'SMA', params: { period: 2 }, source: 'fast' },
      ],
      long: { entry: { op: 'above', left: 'smooth', right: 0 } },
    });
    const sig = new SpecSignals(s, defaultIndicatorProvider);
    const out = bars.slice(0, 5).map((b) => {
      sig.update(b);
      return sig.value('smooth');
    });
    expect(out).toEqual([undefined, undefined, 11, 11.5, 11]);
  });

  it('declares indicators in any order (dependency order is resolved)', () => {
    const s = spec({
      indicators: [
        { id: 'smooth', type: 'SMA', params: { period: 2 }, source: 'fast' },
        { id: 'fast', type: 'SMA', params: { period: 2 } },
      ],
      long: { entry: { op: 'above', left: 'smooth', right: 0 } },
    });
    const sig = new SpecSignals(s, defaultIndicatorProvider);
    for (const b of bars.slice(0, 3)) sig.update(b);
    expect(sig.value('smooth')).toBe(11);
  });

  it('provides ATR for ATR distances and resets cleanly', () => {
    // TR from bar 1 on (high - low = 2 and |high - prevClose|, |low - prevClose| <= 2): TR = 2, 2 -> ATR(2) = 2 at bar 2
    const s = spec({ stopLoss: { type: 'atr', multiple: 2, period: 2 } });
    const sig = new SpecSignals(s, defaultIndicatorProvider);
    sig.update(bars[0]);
    sig.update(bars[1]);
    expect(sig.atr(2)).toBeUndefined();
    sig.update(bars[2]);
    expect(sig.atr(2)).toBe(2);
    sig.reset();
    expect(sig.atr(2)).toBeUndefined();
    expect(sig.value('fast')).toBeUndefined();
    expect(bars.map((b) => sig.update(b)).flatMap((x, i) => (x.longEntry ? [i] : []))).toEqual([7]);
  });
});

describe('signalColumns', () => {
  it('gives the same signals as 0/1 columns', () => {
    const c = signalColumns(spec({}), defaultIndicatorProvider, bars);
    expect([...c.longEntry]).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect([...c.longExit]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect([...c.shortEntry]).toEqual(new Array(10).fill(0));
  });
});
