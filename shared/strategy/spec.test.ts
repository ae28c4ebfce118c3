import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { StrategySpecSchema as StrategySpec } from './spec.ts';
import { catalogFrom, type IndicatorCatalog } from './spec-catalog.ts';
import { formatSpecErrors, parseSpec, validateSpec, type SpecError } from './spec-validate.ts';
import { defaultIndicatorProvider } from './compile-indicators.ts';

// A small hand-written catalog, so these tests do not depend on the registry's contents.
const catalog: IndicatorCatalog = catalogFrom([
  { type: 'SMA', params: [{ name: 'period', default: 14, min: 1, max: 10000, integer: true }], outputs: ['value'], input: 'series' },
  { type: 'EMA', params: [{ name: 'period', default: 14, min: 1, max: 10000, integer: true }], outputs: ['value'], input: 'series' },
  { type: 'RSI', params: [{ name: 'period', default: 14, min: 1, max: 10000, integer: true }], outputs: ['value'], input: 'series' },
  { type: 'ATR', params: [{ name: 'period', default: 14, min: 1, integer: true }], outputs: ['value'], input: 'bar' },
  {
    type: 'MACD',
    params: [
      { name: 'fast', default: 12, min: 1, integer: true },
      { name: 'slow', default: 26, min: 1, integer: true },
      { name: 'signal', default: 9, min: 1, integer: true },
    ],
    outputs: ['macd', 'signal', 'histogram'],
    input: 'series',
  },
  { type: 'STDEV', params: [{ name: 'period', min: 2, integer: true }], outputs: ['value'], input: 'series' },
]);

const base = () => ({
  version: 1,
  name: 'SMA cross',
  instruments: ['SPX.INDEX'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 10 } },
    { id: 'slow', type: 'SMA', params: { period: 30 } },
  ],
  long: {
    entry: { op: 'crossesAbove', left: 'fast', right: 'slow' },
    exit: { op: 'crossesBelow', left: 'fast', right: 'slow' },
  },
  sizing: { type: 'fixedQuantity', quantity: 1 },
});

const errs = (v: unknown): SpecError[] => {
  const r = validateSpec(v, catalog);
  return r.ok ? [] : r.errors;
};
const paths = (v: unknown): string[] => errs(v).map((e) => e.path);

describe('validateSpec', () => {
  it('accepts a minimal SMA crossover, and the TypeBox schema agrees', () => {
    const r = validateSpec(base(), catalog);
    expect(r.ok).toBe(true);
    expect(Value.Check(StrategySpec, base())).toBe(true);
  });

  it('reports every error at once, each with its JSON Pointer path', () => {
    const s = {
      ...base(),
      version: 2,
      timeframe: 'daily',
      instruments: ['SPX'],
      indicators: [
        { id: 'fast', type: 'SMA', params: { period: 0 } },
        { id: 'fast', type: 'SMAA', params: { period: 30 } },
        { id: 'close', type: 'EMA' },
      ],
      long: { entry: { op: 'crossesAbov', left: 'fast', right: 'slow' }, exit: { op: 'below', left: 'fast', right: 'slow' } },
      sizing: { type: 'percentEquity', percent: -5 },
      stopLoss: { type: 'percent' },
      extra: true,
    };
    const e = errs(s);
    expect(e.map((x) => [x.path, x.code])).toEqual([
      ['/extra', 'unknown-field'],
      ['/version', 'version'],
      ['/instruments/0', 'format'],
      ['/timeframe', 'format'],
      ['/indicators/1/id', 'duplicate'],
      ['/indicators/0/params/period', 'range'],
      ['/indicators/1/type', 'unknown-indicator-type'],
      ['/indicators/2/id', 'invalid'],
      ['/long/entry/op', 'enum'],
      ['/long/exit/right', 'unknown-reference'],
      ['/sizing/percent', 'range'],
      ['/stopLoss/value', 'required'],
    ]);
    expect(Value.Check(StrategySpec, s)).toBe(false);
    // Messages say what is wrong and what would be right.
    const msg = (p: string) => e.find((x) => x.path === p)?.message;
    expect(msg('/indicators/0/params/period')).toBe('SMA period must be at least 1, got 0');
    expect(msg('/indicators/1/type')).toMatch(/unknown indicator type "SMAA"; known: SMA, EMA, RSI/);
    expect(msg('/long/entry/op')).toBe('a condition op "crossesAbov" is not one of: crossesAbove, crossesBelow, above, below, all, any');
    expect(msg('/long/exit/right')).toMatch(/"slow" is neither a price source .* nor a declared indicator \(fast\)/);
    expect(msg('/timeframe')).toMatch(/e\.g\. 1d, 4h, 15m/);
  });

  it('checks references to multi-output indicators and the parameters of the registry', () => {
    const s = {
      ...base(),
      indicators: [
        { id: 'm', type: 'MACD', params: { fast: 12, slow: 26, signal: 9, smoothing: 3 } },
        { id: 'sd', type: 'STDEV' },
        { id: 'a', type: 'ATR', source: 'hl2' },
        { id: 'e', type: 'EMA', params: { period: 2.5 } },
      ],
      long: { entry: { op: 'all', conditions: [{ op: 'crossesAbove', left: 'm.macd', right: 'm.sig' }, { op: 'above', left: 'm', right: 0 }] } },
    };
    expect(errs(s).map((x) => [x.path, x.code])).toEqual([
      ['/indicators/0/params/smoothing', 'unknown-param'],
      ['/indicators/1/params/period', 'required'],
      ['/indicators/2/source', 'invalid'],
      ['/indicators/3/params/period', 'type'],
      ['/long/entry/conditions/0/right', 'unknown-output'],
    ]);
  });

  it('allows indicator chains (an SMA of an RSI) but not cycles', () => {
    const chain = { ...base(), indicators: [{ id: 'r', type: 'RSI' }, { id: 'fast', type: 'SMA', source: 'r' }, { id: 'slow', type: 'SMA', source: 'close' }] };
    expect(errs(chain)).toEqual([]);
    const loop = { ...base(), indicators: [{ id: 'fast', type: 'SMA', source: 'slow' }, { id: 'slow', type: 'EMA', source: 'fast' }] };
    expect(errs(loop).map((x) => [x.path, x.code])).toEqual([
      ['/indicators/0/source', 'cycle'],
      ['/indicators/1/source', 'cycle'],
    ]);
  });

  it('needs at least one side, a stop for risk sizing, and a series in every comparison', () => {
    const { long: _l, ...noSide } = base();
    expect(paths(noSide)).toEqual(['/long']);
    expect(errs({ ...base(), sizing: { type: 'riskPerTrade', riskPercent: 1 } }).map((x) => x.path)).toEqual(['/stopLoss']);
    const consts = { ...base(), long: { entry: { op: 'above', left: 1, right: 2 } } };
    expect(paths(consts)).toEqual(['/long/entry']);
  });

  it('validates distances, entry orders and sizing variants', () => {
    const s = {
      ...base(),
      entryOrder: { type: 'limit', offset: { type: 'ticks', ticks: 2.5 }, expireBars: 0 },
      takeProfit: { type: 'atr', multiple: 2, period: 14, extra: 1 },
      trailingStop: { type: 'pips', value: 3 },
      sizing: { type: 'fixedNotional' },
    };
    expect(errs(s).map((x) => [x.path, x.code])).toEqual([
      ['/sizing/notional', 'required'],
      ['/entryOrder/offset/ticks', 'type'],
      ['/entryOrder/expireBars', 'range'],
      ['/takeProfit/extra', 'unknown-field'],
      ['/trailingStop/type', 'enum'],
    ]);
  });

  it('rejects non-objects and bad JSON with a root error', () => {
    expect(errs(42)).toEqual([{ path: '', code: 'type', message: 'the strategy spec must be an object, got a number' }]);
    const r = parseSpec('{"version": 1,', catalog);
    expect(r.ok).toBe(false);
    expect(r.errors[0].path).toBe('');
    expect(r.errors[0].message).toMatch(/^not valid JSON/);
  });

  it('escapes JSON Pointer segments (RFC 6901)', () => {
    const s = { ...base(), indicators: [{ id: 'fast', type: 'SMA', params: { 'a/b': 1 } }, { id: 'slow', type: 'SMA' }] };
    expect(paths(s)).toEqual(['/indicators/0/params/a~1b']);
  });

  it('formats errors one per line', () => {
    expect(formatSpecErrors([{ path: '/name', code: 'required', message: 'the strategy spec needs "name"' }])).toBe('  /name: the strategy spec needs "name"');
  });

  it('without a catalog still checks shape and references', () => {
    const s = { ...base(), indicators: [{ id: 'fast', type: 'WHATEVER' }] };
    const r = validateSpec(s);
    expect(r.ok).toBe(false);
    expect(r.errors.map((x) => x.path)).toEqual(['/long/entry/right', '/long/exit/right']);
  });
});

describe('with the real indicators registry', () => {
  it('knows the registry types case-insensitively and checks their parameter ranges', () => {
    const s = { ...base(), indicators: [{ id: 'fast', type: 'sma', params: { period: 10 } }, { id: 'slow', type: 'RSI', params: { period: 1 } }] };
    const r = validateSpec(s, defaultIndicatorProvider);
    expect(r.ok ? [] : r.errors.map((e) => [e.path, e.code])).toEqual([['/indicators/1/params/period', 'range']]);
  });
});

describe('docs/examples', () => {
  const dir = join(import.meta.dirname, '../../docs/examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it('has the documented examples', () => {
    expect(files).toEqual(expect.arrayContaining(['sma-crossover.json', 'rsi-mean-reversion.json', 'ema-cross-atr-trailing.json']));
  });
  for (const f of files) {
    it(`${f} is a valid spec (hand validator and JSON Schema)`, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const r = parseSpec(text, catalog);
      expect(r.ok ? [] : r.errors).toEqual([]);
      expect(Value.Check(StrategySpec, JSON.parse(text))).toBe(true);
      const real = parseSpec(text, defaultIndicatorProvider);
      expect(real.ok ? [] : real.errors).toEqual([]);
    });
  }
});
