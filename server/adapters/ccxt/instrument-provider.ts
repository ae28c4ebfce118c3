/**
 * Exchange markets (ccxt `loadMarkets`) -> shared/model Instruments.
 * Ids: spot 'BTCUSDT.BINANCE' (the exchange's own market id), linear perpetuals 'BTCUSDT-PERP.BINANCE' so they
 * never collide with the spot market of the same id.
 */
import type { Exchange, Market } from 'ccxt';
import { registerCurrency, currency, type Currency } from '../../../shared/model/currency.ts';
import { Instrument, spotPair, cryptoPerpetual } from '../../../shared/model/instrument.ts';
import { instrumentId } from '../../../shared/model/identifiers.ts';
import type { InstrumentProvider } from '../types.ts';

const TICK_SIZE = 4;
const DECIMAL_PLACES = 2;

function currencyOf(code: string): Currency {
  try {
    return currency(code);
  } catch {
    // Exchanges list hundreds of tokens; unknown ones are registered as 8-decimal crypto.
    return registerCurrency(code.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12).padEnd(2, 'X'), 8, 'CRYPTO');
  }
}

/** ccxt precision (tick size or decimal places, by the exchange's precisionMode) -> increment. */
export function incrementOf(p: number | undefined, precisionMode: number): number | undefined {
  if (p === undefined || p === null || !Number.isFinite(p)) return undefined;
  if (precisionMode === TICK_SIZE) return p;
  if (precisionMode === DECIMAL_PLACES) return Number((10 ** -p).toFixed(Math.max(0, p)));
  return undefined; // significant digits: no fixed increment
}

export function instrumentFromMarket(m: Market, venue: string, precisionMode: number): Instrument | undefined {
  if (!m || m.active === false || !m.id || !m.base || !m.quote) return undefined;
  const priceIncrement = incrementOf(m.precision?.price, precisionMode);
  const sizeIncrement = incrementOf(m.precision?.amount, precisionMode);
  if (!priceIncrement || !sizeIncrement) return undefined;
  const common = {
    baseCurrency: currencyOf(m.base),
    quoteCurrency: currencyOf(m.quote),
    priceIncrement,
    sizeIncrement,
    minQuantity: m.limits?.amount?.min ?? undefined,
    maxQuantity: m.limits?.amount?.max ?? undefined,
    minNotional: m.limits?.cost?.min ?? undefined,
    makerFee: m.maker ?? undefined,
    takerFee: m.taker ?? undefined,
  };
  if (m.spot) return spotPair({ ...common, id: instrumentId(String(m.id), venue) });
  if (m.swap && m.linear) return cryptoPerpetual({ ...common, id: instrumentId(`${m.id}-PERP`, venue), settlementCurrency: m.settle ? currencyOf(String(m.settle)) : undefined });
  return undefined; // futures with expiry and inverse contracts are not modelled yet
}

export class CcxtInstrumentProvider implements InstrumentProvider {
  private byId = new Map<string, Instrument>();
  private symbolById = new Map<string, string>();

  constructor(
    private readonly exchange: Exchange,
    readonly venue: string,
  ) {}

  async loadAll(): Promise<Instrument[]> {
    const markets = await this.exchange.loadMarkets(true);
    this.byId.clear();
    this.symbolById.clear();
    for (const m of Object.values(markets)) {
      const ins = instrumentFromMarket(m as Market, this.venue, Number(this.exchange.precisionMode));
      if (!ins) continue;
      this.byId.set(ins.id, ins);
      this.symbolById.set(ins.id, String((m as Market)?.symbol));
    }
    return [...this.byId.values()];
  }

  find(id: string): Instrument | undefined {
    return this.byId.get(id);
  }

  /** The ccxt unified symbol ('BTC/USDT') of an instrument id ('BTCUSDT.BINANCE'). */
  symbolOf(id: string): string {
    const s = this.symbolById.get(id);
    if (!s) throw new RangeError(`unknown instrument '${id}' on ${this.venue}; load the instruments first (known: ${[...this.byId.keys()].slice(0, 5).join(', ')}...)`);
    return s;
  }
}
