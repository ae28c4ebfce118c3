import { describe, expect, it } from 'vitest';
import { BTC, USDT } from './currency.ts';
import type { InstrumentId } from './identifiers.ts';
import { cryptoPerpetual } from './instrument.ts';
import { instrumentFromJson, instrumentToJson } from './serialization.ts';

describe('instrument JSON', () => {
  it('round-trips through JSON (and structured clone) into a working Instrument', () => {
    const perp = cryptoPerpetual({ id: 'BTCUSDT-PERP.BINANCE' as InstrumentId, baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.1, sizeIncrement: 0.001, makerFee: 0.0002, takerFee: 0.0004, minNotional: 5 });
    const j = JSON.parse(JSON.stringify(instrumentToJson(perp)));
    expect(j.maxQuantity).toBeNull(); // Infinity travels as null
    const back = instrumentFromJson(structuredClone(j));
    expect(back).toEqual(perp);
    expect(back.quoteCurrency).toBe(USDT);
    expect(back.makePrice(43_210.123)).toBe(43_210.1);
    expect(() => instrumentFromJson({ ...j, kind: 'OPTION' })).toThrow(/kind 'OPTION'/);
    expect(() => instrumentFromJson({ ...j, quoteCurrency: 'NOPE' })).toThrow(/Currency 'NOPE' is unknown/);
  });
});
