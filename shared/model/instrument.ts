import type { Currency } from './currency.ts';
import { InvalidInstrumentError } from './errors.ts';
import type { InstrumentId, InstrumentSymbol, Venue } from './identifiers.ts';
import { parseInstrumentId } from './identifiers.ts';
import type { Price, Quantity } from './units.ts';
import { isOnIncrement, precisionOf, roundToIncrement, type RoundingMode } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const InvalidInstrumentError_ = InvalidInstrumentError;
const parseInstrumentId_ = parseInstrumentId;
const isOnIncrement_ = isOnIncrement;
const precisionOf_ = precisionOf;
const roundToIncrement_ = roundToIncrement;

export const InstrumentClass = {
  /** Spot currency pair (crypto spot, e.g. BTCUSDT): base and quote currencies both change hands. */
  SPOT: 'SPOT',
  /** Crypto perpetual swap (linear, settled in the quote currency). */
  PERPETUAL: 'PERPETUAL',
  /** FX pair (EURUSD): quantity in base-currency units, usually traded on margin. */
  FX: 'FX',
  /** Cash equity: quantity in shares, no base currency. */
  EQUITY: 'EQUITY',
  /** Dated future: multiplier, expiry. */
  FUTURE: 'FUTURE',
} as const;
export type InstrumentClass = (typeof InstrumentClass)[keyof typeof InstrumentClass];

export interface InstrumentSpec {
  id: InstrumentId;
  kind: InstrumentClass;
  /** null for instruments without a base currency (equities, futures on indices). */
  baseCurrency: Currency | null;
  quoteCurrency: Currency;
  /** Currency that PnL and margin settle in; defaults to the quote currency (linear instruments). */
  settlementCurrency?: Currency;
  /** Tick size, e.g. 0.01. */
  priceIncrement: number;
  /** Lot size, e.g. 0.001. */
  sizeIncrement: number;
  minQuantity?: number;
  maxQuantity?: number;
  /** Minimum notional (qty * price * multiplier) in the quote currency; 0 = none. */
  minNotional?: number;
  multiplier?: number;
  /** Fee rates as fractions of notional (0.001 = 10 bps). A negative maker fee is a rebate. */
  makerFee?: number;
  takerFee?: number;
  /** Initial and maintenance margin as fractions of notional (1 = fully funded). */
  marginInit?: number;
  marginMaint?: number;
  /** Epoch ms of expiry (futures); null = never expires. */
  expiry?: number | null;
  tsInit?: number;
}

/**
 * A tradable instrument. One monomorphic class for every kind (the kind is a field), so code that touches
 * instruments on the hot path sees one hidden class.
 *
 * `isInverse` is always false: inverse contracts (quantity in quote currency, PnL settled in base, e.g. BitMEX XBTUSD)
 * are not modelled; PnL is (exit - entry) * qty * multiplier for every instrument, computed in quote-currency units
 * and booked in the settlement currency WITHOUT conversion: exact when they are the same (the usual case), an
 * approximation when they differ (e.g. a USD-quoted contract settled in USDC).
 */
export class Instrument {
  readonly id: InstrumentId;
  readonly symbol: InstrumentSymbol;
  readonly venue: Venue;
  readonly kind: InstrumentClass;
  readonly baseCurrency: Currency | null;
  readonly quoteCurrency: Currency;
  readonly settlementCurrency: Currency;
  readonly isInverse: boolean = false;
  readonly priceIncrement: number;
  readonly pricePrecision: number;
  readonly sizeIncrement: number;
  readonly sizePrecision: number;
  readonly minQuantity: number;
  readonly maxQuantity: number;
  readonly minNotional: number;
  readonly multiplier: number;
  readonly makerFee: number;
  readonly takerFee: number;
  readonly marginInit: number;
  readonly marginMaint: number;
  readonly expiry: number | null;
  readonly tsInit: number;

  constructor(spec: InstrumentSpec) {
    const where = `Instrument ${spec.id}`;
    const parts = parseInstrumentId_(spec.id);
    this.id = spec.id;
    this.symbol = parts.symbol;
    this.venue = parts.venue;
    this.kind = spec.kind;
    this.baseCurrency = spec.baseCurrency;
    this.quoteCurrency = spec.quoteCurrency;
    this.settlementCurrency = spec.settlementCurrency ?? spec.quoteCurrency;
    this.priceIncrement = spec.priceIncrement;
    this.sizeIncrement = spec.sizeIncrement;
    this.pricePrecision = precisionOrThrow(spec.priceIncrement, `${where}: priceIncrement`);
    this.sizePrecision = precisionOrThrow(spec.sizeIncrement, `${where}: sizeIncrement`);
    this.minQuantity = spec.minQuantity ?? spec.sizeIncrement;
    this.maxQuantity = spec.maxQuantity ?? Number.POSITIVE_INFINITY;
    this.minNotional = spec.minNotional ?? 0;
    this.multiplier = spec.multiplier ?? 1;
    this.makerFee = spec.makerFee ?? 0;
    this.takerFee = spec.takerFee ?? 0;
    this.marginInit = spec.marginInit ?? 1;
    this.marginMaint = spec.marginMaint ?? this.marginInit;
    this.expiry = spec.expiry ?? null;
    this.tsInit = spec.tsInit ?? 0;
    const bad = (what: string): never => {
      throw new InvalidInstrumentError_(`${where}: ${what}`);
    };
    if (!(this.minQuantity > 0) || this.minQuantity > this.maxQuantity) bad(`minQuantity ${this.minQuantity} must be > 0 and <= maxQuantity ${this.maxQuantity}.`);
    if (!(this.minNotional >= 0)) bad(`minNotional ${this.minNotional} must be >= 0.`);
    if (!(this.multiplier > 0) || !Number.isFinite(this.multiplier)) bad(`multiplier ${this.multiplier} must be a positive number.`);
    if (!Number.isFinite(this.makerFee) || !Number.isFinite(this.takerFee) || Math.abs(this.makerFee) >= 1 || Math.abs(this.takerFee) >= 1) {
      bad(`fees (maker ${this.makerFee}, taker ${this.takerFee}) must be fractions of notional in (-1, 1), e.g. 0.001 for 10 bps.`);
    }
    if (!(this.marginInit > 0 && this.marginInit <= 1) || !(this.marginMaint > 0 && this.marginMaint <= this.marginInit)) {
      bad(`margins (init ${this.marginInit}, maint ${this.marginMaint}) must satisfy 0 < maint <= init <= 1.`);
    }
  }

  /** Snaps a price to the tick grid (nearest by default). */
  makePrice(x: number, mode: RoundingMode = 'nearest'): Price {
    return roundToIncrement_(x, this.priceIncrement, this.pricePrecision, mode) as Price;
  }

  /** Snaps a quantity to the lot grid (down by default: never trade more than asked). */
  makeQty(x: number, mode: RoundingMode = 'down'): Quantity {
    return roundToIncrement_(x, this.sizeIncrement, this.sizePrecision, mode) as Quantity;
  }

  isPriceOnTick(x: number): boolean {
    return isOnIncrement_(x, this.priceIncrement);
  }

  isQtyOnLot(x: number): boolean {
    return isOnIncrement_(x, this.sizeIncrement);
  }

  /** Notional value in the quote currency. */
  notional(qty: number, price: number): number {
    return qty * price * this.multiplier;
  }

  /** Price moved by n ticks (n may be negative), on the grid. */
  addTicks(price: number, n: number): Price {
    return roundToIncrement_(price + n * this.priceIncrement, this.priceIncrement, this.pricePrecision) as Price;
  }

  /**
   * Why an order of `qty` at `price` cannot be placed, or null when it can. Checks lot size, min/max quantity and,
   * when a price is known, min notional. The RiskEngine and the simulated exchange both use it.
   */
  checkQuantity(qty: number, price: number | null): string | null {
    if (!Number.isFinite(qty) || qty <= 0) return `quantity ${qty} must be a finite number above 0`;
    if (!this.isQtyOnLot(qty)) {
      return `quantity ${qty} is not a multiple of the lot size ${this.sizeIncrement} for ${this.id}; round it with instrument.makeQty()`;
    }
    if (qty < this.minQuantity) return `quantity ${qty} is below the minimum ${this.minQuantity} for ${this.id}`;
    if (qty > this.maxQuantity) return `quantity ${qty} is above the maximum ${this.maxQuantity} for ${this.id}`;
    if (price !== null && this.minNotional > 0 && this.notional(qty, price) < this.minNotional) {
      return `notional ${this.notional(qty, price)} ${this.quoteCurrency.code} is below the minimum ${this.minNotional} for ${this.id}`;
    }
    return null;
  }

  /** Why `price` is not a valid order price for this instrument, or null. */
  checkPrice(price: number, field = 'price'): string | null {
    if (!Number.isFinite(price) || price <= 0) return `${field} ${price} must be a finite number above 0`;
    if (!this.isPriceOnTick(price)) {
      return `${field} ${price} is not a multiple of the tick size ${this.priceIncrement} for ${this.id}; round it with instrument.makePrice()`;
    }
    return null;
  }
}

function precisionOrThrow(increment: number, where: string): number {
  if (!(increment > 0) || !Number.isFinite(increment)) {
    throw new InvalidInstrumentError_(`${where} ${increment} must be a positive finite number (e.g. 0.01).`);
  }
  return precisionOf_(increment);
}

type Common = Omit<InstrumentSpec, 'kind' | 'baseCurrency'>;

/** Spot currency pair, e.g. BTCUSDT on a crypto exchange (cash account: both currencies change hands). */
export function spotPair(spec: Common & { baseCurrency: Currency }): Instrument {
  return new Instrument({ ...spec, kind: InstrumentClass.SPOT });
}

/** Linear crypto perpetual (settled in quote currency), e.g. BTCUSDT-PERP.BINANCE. */
export function cryptoPerpetual(spec: Common & { baseCurrency: Currency }): Instrument {
  return new Instrument({ marginInit: 0.1, marginMaint: 0.05, ...spec, kind: InstrumentClass.PERPETUAL });
}

/** FX pair, e.g. EUR/USD.IDEALPRO (quantity in base units). */
export function fxPair(spec: Common & { baseCurrency: Currency }): Instrument {
  return new Instrument({ marginInit: 0.03333, marginMaint: 0.03333, ...spec, kind: InstrumentClass.FX });
}

/** Cash equity, e.g. AAPL.NASDAQ. */
export function equity(spec: Common): Instrument {
  return new Instrument({ ...spec, kind: InstrumentClass.EQUITY, baseCurrency: null });
}

/** Dated future, e.g. ESZ6.CME with multiplier 50. */
export function future(spec: Common & { baseCurrency?: Currency | null }): Instrument {
  return new Instrument({ marginInit: 0.1, marginMaint: 0.08, ...spec, kind: InstrumentClass.FUTURE, baseCurrency: spec.baseCurrency ?? null });
}
