import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from './errors.ts';
import { ensureInstrumentId, instrumentId, parseInstrumentId, strategyId, symbolOf, venueOf } from './identifiers.ts';

describe('InstrumentId', () => {
  it('parses SYMBOL.VENUE, splitting at the last dot', () => {
    expect(parseInstrumentId('BTCUSDT.BINANCE')).toEqual({ symbol: 'BTCUSDT', venue: 'BINANCE' });
    expect(parseInstrumentId('BRK.B.NYSE')).toEqual({ symbol: 'BRK.B', venue: 'NYSE' });
    expect(parseInstrumentId('EUR/USD.IDEALPRO')).toEqual({ symbol: 'EUR/USD', venue: 'IDEALPRO' });
    const id = instrumentId('ETH-PERP', 'SIM');
    expect(id).toBe('ETH-PERP.SIM');
    expect([symbolOf(id), venueOf(id)]).toEqual(['ETH-PERP', 'SIM']);
  });

  it('refuses malformed ids with a typed error that says how to fix them', () => {
    expect(() => ensureInstrumentId('BTCUSDT')).toThrow(InvalidIdentifierError);
    expect(() => ensureInstrumentId('BTCUSDT')).toThrow(/expected SYMBOL\.VENUE/);
    expect(() => ensureInstrumentId('BTC USDT.BINANCE')).toThrow(/without spaces/);
    expect(() => ensureInstrumentId('.BINANCE')).toThrow(InvalidIdentifierError);
    expect(() => ensureInstrumentId('BTCUSDT.')).toThrow(InvalidIdentifierError);
    expect(() => ensureInstrumentId('BTC.BIN*ANCE')).toThrow(/invalid venue/);
    expect(() => strategyId('')).toThrow(InvalidIdentifierError);
  });
});
