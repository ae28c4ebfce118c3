import { describe, expect, it } from 'vitest';
import { USD, USDT, BTC, currency, registerCurrency } from './currency.ts';
import { InvalidInstrumentError, InvalidValueError } from './errors.ts';
import type { InstrumentId } from './identifiers.ts';
import { Instrument, InstrumentClass, cryptoPerpetual, spotPair } from './instrument.ts';
import { cleanFloat, ensurePositiveQuantity, ensurePrice, isOnIncrement, precisionOf, roundToIncrement, toUnits } from './units.ts';

describe('units: float-safe grid arithmetic', () => {
  it('finds the precision of an increment', () => {
    expect([precisionOf(0.01), precisionOf(0.5), precisionOf(1), precisionOf(25), precisionOf(1e-8), precisionOf(0.00025)]).toEqual([2, 1, 0, 0, 8, 5]);
    expect(() => precisionOf(0)).toThrow(InvalidValueError);
  });

  it('snaps to the grid through integer units', () => {
    expect(roundToIncrement(100.123, 0.01, 2)).toBe(100.12);
    expect(roundToIncrement(100.005, 0.01, 2)).toBe(100.01); // half away from zero, despite 100.005 being 100.00499.. in binary
    expect(roundToIncrement(1.2345, 0.001, 3, 'down')).toBe(1.234);
    expect(roundToIncrement(1.2341, 0.001, 3, 'up')).toBe(1.235);
    expect(roundToIncrement(0.3, 0.1, 1, 'down')).toBe(0.3); // 0.3 / 0.1 = 2.9999999999999996 in binary: still 3 units
    expect(toUnits(0.7, 0.1, 'down')).toBe(7);
    expect(roundToIncrement(1.125, 0.25, 2)).toBe(1.25); // 4.5 units -> 5
    expect(isOnIncrement(0.3, 0.1)).toBe(true);
    expect(isOnIncrement(0.35, 0.1)).toBe(false);
  });

  it('cleans binary residue from sums', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(cleanFloat(0.1 + 0.2)).toBe(0.3);
    expect(cleanFloat(1.1 + 2.2)).toBe(3.3);
    expect(cleanFloat(123456.789 + 0.001)).toBe(123456.79);
  });

  it('ensure*() refuses NaN, infinities and non-positive values with the field named', () => {
    expect(() => ensurePrice(Number.NaN, 'order.price')).toThrow(/order.price: price NaN is invalid/);
    expect(() => ensurePrice(-1, 'x')).toThrow(InvalidValueError);
    expect(() => ensurePositiveQuantity(0, 'qty')).toThrow(InvalidValueError);
    expect(ensurePrice(1.5, 'x')).toBe(1.5);
  });
});

describe('currencies', () => {
  it('round to their precision and can be registered', () => {
    expect(USD.round(1.005)).toBe(1.01);
    expect(BTC.round(0.123456789)).toBe(0.12345679);
    expect(currency('USDT')).toBe(USDT);
    expect(() => currency('XYZ')).toThrow(/registerCurrency/);
    expect(registerCurrency('XYZ', 3, 'CRYPTO').round(1.2345)).toBe(1.235);
    expect(registerCurrency('USDT', 8, 'CRYPTO')).toBe(USDT); // same definition: the same instance
  });
});

describe('instruments', () => {
  const btc = spotPair({ id: 'BTCUSDT.BINANCE' as InstrumentId, baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.01, sizeIncrement: 0.00001, minNotional: 5, makerFee: 0.001, takerFee: 0.001 });

  it('derive precision and snap prices/quantities', () => {
    expect([btc.pricePrecision, btc.sizePrecision, btc.kind, btc.isInverse]).toEqual([2, 5, InstrumentClass.SPOT, false]);
    expect(btc.makePrice(43210.123)).toBe(43210.12);
    expect(btc.makeQty(0.123456)).toBe(0.12345);
    expect(btc.addTicks(100, -3)).toBe(99.97);
    expect(btc.notional(0.5, 20_000)).toBe(10_000);
  });

  it('explain why a quantity or price cannot be traded', () => {
    expect(btc.checkQuantity(0.000015, null)).toMatch(/not a multiple of the lot size 0.00001/);
    expect(btc.checkQuantity(0.0001, 20_000)).toMatch(/notional 2 USDT is below the minimum 5/);
    expect(btc.checkQuantity(0.001, 20_000)).toBeNull();
    expect(btc.checkPrice(100.001)).toMatch(/tick size 0.01/);
    expect(btc.checkPrice(Number.NaN)).toMatch(/finite number above 0/);
  });

  it('refuse impossible definitions', () => {
    expect(() => new Instrument({ id: 'X.SIM' as InstrumentId, kind: 'EQUITY', baseCurrency: null, quoteCurrency: USD, priceIncrement: 0, sizeIncrement: 1 })).toThrow(InvalidInstrumentError);
    expect(() => cryptoPerpetual({ id: 'X.SIM' as InstrumentId, baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.1, sizeIncrement: 0.001, marginInit: 0.05, marginMaint: 0.1 })).toThrow(/maint <= init/);
  });
});
