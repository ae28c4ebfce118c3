import type { Brand } from './nominal.ts';
import { InvalidValueError } from './errors.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const InvalidValueError_ = InvalidValueError;

/**
 * Units. Price, Quantity and Money are branded numbers (no boxing, no allocation on the hot path).
 * Float-safe grid arithmetic: values are snapped by converting to an integer count of increments
 * (ticks or lots), then back through a power of ten, so 0.1 + 0.2 style residue never reaches a fill or a balance.
 */
export type Price = Brand<number, 'Price'>;
export type Quantity = Brand<number, 'Quantity'>;
/** An amount in some Currency; the currency travels beside it (e.g. `commission` + `commissionCurrency`). */
export type Money = Brand<number, 'Money'>;

/** Unchecked casts for trusted hot paths (values already validated). */
export const asPrice = (x: number): Price => x as Price;
export const asQty = (x: number): Quantity => x as Quantity;
export const asMoney = (x: number): Money => x as Money;

export const MAX_PRECISION = 16;
const POW10: readonly number[] = Array.from({ length: MAX_PRECISION + 1 }, (_, i) => 10 ** i);

/** Decimal places of an increment: 0.01 -> 2, 0.5 -> 1, 1 -> 0, 1e-8 -> 8, 25 -> 0. */
export function precisionOf(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment)) {
    throw new InvalidValueError_(`Increment ${increment} is invalid: it must be a positive finite number (e.g. 0.01).`);
  }
  for (let p = 0; p <= MAX_PRECISION; p++) {
    const scaled = increment * POW10[p];
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return p;
  }
  return MAX_PRECISION;
}

/** Rounds x to p decimal places (half away from zero), giving the nearest double to the decimal value. */
export function roundToPrecision(x: number, p: number): number {
  const s = POW10[p];
  const v = Math.abs(x) * s;
  // Half away from zero with a few ulps of tolerance: 1.005 * 100 is 100.49999999999999 in binary but means 100.5.
  const r = Math.floor(v + 0.5 + v * 4e-16) / s;
  return x < 0 ? -r : r;
}

/** Tolerance, in units of the increment, for "this value is on the grid" (float residue of x / increment). */
function unitTolerance(q: number): number {
  return 1e-9 + Math.abs(q) * 1e-12;
}

/**
 * Removes binary floating residue from a sum or product of grid values (e.g. 0.1 + 0.2 -> 0.3) by rounding to the
 * most decimals that a double can hold for this magnitude (at most 10). Used where the grid is not at hand.
 */
export function cleanFloat(x: number): number {
  if (Number.isInteger(x) || !Number.isFinite(x)) return x;
  const mag = Math.abs(x);
  const intDigits = mag < 1 ? 0 : Math.floor(Math.log10(mag)) + 1;
  const p = Math.min(10, 15 - intDigits);
  if (p <= 0) return x;
  return roundToPrecision(x, p);
}

export type RoundingMode = 'nearest' | 'down' | 'up';

/** Integer number of increments in x (x / increment), snapped against float residue; mode decides off-grid values. */
export function toUnits(x: number, increment: number, mode: RoundingMode = 'nearest'): number {
  const q = x / increment;
  const n = Math.round(q);
  const tol = unitTolerance(q);
  if (Math.abs(q - n) < tol) return n;
  // Half away from zero, with a tolerance: 100.005 / 0.01 is 10000.4999999... in binary but means 10000.5.
  if (mode === 'nearest') return q >= 0 ? Math.floor(q + 0.5 + tol) : -Math.floor(-q + 0.5 + tol);
  return mode === 'down' ? Math.floor(q) : Math.ceil(q);
}

/** n increments back to a decimal value with `precision` places. */
export function fromUnits(n: number, increment: number, precision: number): number {
  return roundToPrecision(n * increment, precision);
}

/** Snaps a value to the grid (tick size or lot size). */
export function roundToIncrement(x: number, increment: number, precision: number, mode: RoundingMode = 'nearest'): number {
  return fromUnits(toUnits(x, increment, mode), increment, precision);
}

/** True when x lies on the grid of `increment` (within float residue). */
export function isOnIncrement(x: number, increment: number): boolean {
  const q = x / increment;
  return Math.abs(q - Math.round(q)) < unitTolerance(q);
}

/** A finite, strictly positive price; `where` names the field for the message. */
export function ensurePrice(x: number, where: string): Price {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
    throw new InvalidValueError_(`${where}: price ${x} is invalid; it must be a finite number above 0.`);
  }
  return x as Price;
}

/** A finite quantity >= 0. */
export function ensureQuantity(x: number, where: string): Quantity {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
    throw new InvalidValueError_(`${where}: quantity ${x} is invalid; it must be a finite number >= 0.`);
  }
  return x as Quantity;
}

/** A finite quantity > 0 (what an order needs). */
export function ensurePositiveQuantity(x: number, where: string): Quantity {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
    throw new InvalidValueError_(`${where}: quantity ${x} is invalid; it must be a finite number above 0.`);
  }
  return x as Quantity;
}

/** A finite amount of money (may be negative: a loss, a rebate). */
export function ensureMoney(x: number, where: string): Money {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InvalidValueError_(`${where}: amount ${x} is invalid; it must be a finite number.`);
  }
  return x as Money;
}

/** A value in [0, 1] (probabilities, fractions, fee rates are checked separately). */
export function ensureFraction(x: number, where: string): number {
  if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
    throw new InvalidValueError_(`${where}: ${x} is invalid; it must be a number between 0 and 1.`);
  }
  return x;
}
