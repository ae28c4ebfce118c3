import { InvalidValueError } from './errors.ts';
import type { Money } from './units.ts';
import { roundToPrecision } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const InvalidValueError_ = InvalidValueError;
const roundToPrecision_ = roundToPrecision;

export type CurrencyType = 'FIAT' | 'CRYPTO' | 'COMMODITY';

/** A currency with the number of decimals its amounts are kept to (USD 2, BTC 8, JPY 0). */
export class Currency {
  constructor(
    readonly code: string,
    readonly precision: number,
    readonly type: CurrencyType,
  ) {}

  /** Rounds an amount to this currency's precision. */
  round(amount: number): Money {
    return roundToPrecision_(amount, this.precision) as Money;
  }

  toString(): string {
    return this.code;
  }
}

const registry = new Map<string, Currency>();

/**
 * Adds a currency to the process-wide registry. Registering a code again with the same precision and type returns
 * the existing instance (so identity comparisons keep working); a different definition replaces it.
 */
export function registerCurrency(code: string, precision: number, type: CurrencyType): Currency {
  if (!/^[A-Z0-9]{2,12}$/.test(code) || !Number.isInteger(precision) || precision < 0 || precision > 16) {
    throw new InvalidValueError_(
      `Currency '${code}' (precision ${precision}) is invalid: use 2-12 upper-case letters/digits and a precision 0..16.`,
    );
  }
  const existing = registry.get(code);
  if (existing !== undefined && existing.precision === precision && existing.type === type) return existing;
  const c = new Currency(code, precision, type);
  registry.set(code, c);
  return c;
}

for (const [code, p] of [['USD', 2], ['EUR', 2], ['GBP', 2], ['CHF', 2], ['AUD', 2], ['CAD', 2], ['NZD', 2], ['JPY', 0],
  ['HKD', 2], ['SGD', 2], ['CNH', 2], ['SEK', 2], ['NOK', 2]] as const) registerCurrency(code, p, 'FIAT');
for (const [code, p] of [['BTC', 8], ['ETH', 8], ['USDT', 8], ['USDC', 8], ['BNB', 8], ['SOL', 8], ['XRP', 8],
  ['ADA', 8], ['DOGE', 8], ['LTC', 8], ['BUSD', 8], ['DAI', 8]] as const) registerCurrency(code, p, 'CRYPTO');
registerCurrency('XAU', 2, 'COMMODITY');
registerCurrency('XAG', 2, 'COMMODITY');

/** Looks up a registered currency; throws with a fix when unknown. */
export function currency(code: string): Currency {
  const c = registry.get(code);
  if (c === undefined) {
    throw new InvalidValueError_(
      `Currency '${code}' is unknown: register it first with registerCurrency('${code}', precision, 'FIAT' | 'CRYPTO').`,
    );
  }
  return c;
}

export const USD = currency('USD');
export const USDT = currency('USDT');
export const BTC = currency('BTC');
export const EUR = currency('EUR');
