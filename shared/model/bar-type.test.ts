import { describe, expect, it } from 'vitest';
import { Bar, checkBar } from './bar.ts';
import { BarSpecification, BarType } from './bar-type.ts';
import { InvalidBarTypeError } from './errors.ts';
import type { InstrumentId } from './identifiers.ts';

describe('BarType', () => {
  it('parses and formats INSTRUMENT-STEP-AGGREGATION-PRICETYPE-SOURCE', () => {
    const t = BarType.parse('BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL');
    expect([t.instrumentId, t.spec.step, t.spec.aggregation, t.spec.priceType, t.source]).toEqual(['BTCUSDT.BINANCE', 1, 'MINUTE', 'LAST', 'EXTERNAL']);
    expect(t.toString()).toBe('BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL');
    expect(t.spec.durationMs()).toBe(60_000);
    expect(BarType.parse('EUR/USD.SIM-5-MINUTE-MID').key).toBe('EUR/USD.SIM-5-MINUTE-MID-EXTERNAL');
    expect(BarType.parse('BTC-PERP.FTX-100-TICK-LAST-INTERNAL').instrumentId).toBe('BTC-PERP.FTX');
    expect(new BarType('A.SIM' as InstrumentId, new BarSpecification(4, 'HOUR', 'BID')).spec.durationMs()).toBe(14_400_000);
  });

  it('refuses malformed bar types and says what is expected', () => {
    expect(() => BarType.parse('BTCUSDT.BINANCE-1-MINUTES-LAST')).toThrow(/aggregation 'MINUTES'/);
    expect(() => BarType.parse('BTCUSDT.BINANCE-0-MINUTE-LAST')).toThrow(/step '0'/);
    expect(() => BarType.parse('BTCUSDT-1-MINUTE-LAST')).toThrow(InvalidBarTypeError);
    expect(() => BarType.parse('1-MINUTE')).toThrow(/too few parts/);
    expect(() => BarType.parse('A.SIM-1-MINUTE-toString')).toThrow(/price type 'toString'/);
    expect(() => BarType.parse('BTCUSDT.BINANCE-1-TICK-LAST').spec.durationMs()).toThrow(/not time-aggregated/);
  });
});

describe('checkBar', () => {
  const t = BarType.parse('A.SIM-1-MINUTE-LAST');
  it('accepts a sane bar and explains a broken one', () => {
    expect(checkBar(new Bar(t, 10, 11, 9, 10.5, 100, 60_000, 60_000))).toBeNull();
    expect(checkBar(new Bar(t, 10, 9.5, 9, 10.5, 100, 60_000, 60_000))).toMatch(/do not bound/);
    expect(checkBar(new Bar(t, Number.NaN, 11, 9, 10, 100, 60_000, 60_000))).toMatch(/finite and above 0/);
    expect(checkBar(new Bar(t, 10, 11, 9, 10, -1, 60_000, 60_000))).toMatch(/volume/);
  });
});
