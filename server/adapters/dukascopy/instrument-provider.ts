/** The FX pairs and metals Dukascopy serves that we know the price scale of, as shared/model Instruments. */
import { DUKASCOPY_SCALES } from '../../../shared/data/bi5.ts';
import { currency, registerCurrency, type Currency } from '../../../shared/model/currency.ts';
import { fxPair, type Instrument } from '../../../shared/model/instrument.ts';
import { instrumentId } from '../../../shared/model/identifiers.ts';
import type { InstrumentProvider } from '../types.ts';

function cur(code: string): Currency {
  try {
    return currency(code);
  } catch {
    return registerCurrency(code, 2, 'COMMODITY');
  }
}

export class DukascopyInstrumentProvider implements InstrumentProvider {
  private byId = new Map<string, Instrument>();

  constructor(readonly venue = 'DUKASCOPY') {}

  async loadAll(): Promise<Instrument[]> {
    for (const [sym, scale] of Object.entries(DUKASCOPY_SCALES)) {
      const ins = fxPair({ id: instrumentId(sym, this.venue), baseCurrency: cur(sym.slice(0, 3)), quoteCurrency: cur(sym.slice(3)), priceIncrement: 1 / scale, sizeIncrement: 1000, minQuantity: 1000 });
      this.byId.set(ins.id, ins);
    }
    return [...this.byId.values()];
  }

  find(id: string): Instrument | undefined {
    return this.byId.get(id);
  }
}
