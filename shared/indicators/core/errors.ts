/** A parameter outside its documented range: the message names the indicator, the parameter and the range. */
export class IndicatorParamError extends Error {
  override name = 'IndicatorParamError';
}

/** Ensures an integer period within [min, max]; indicators call this in constructors and batch functions. */
export function ensurePeriod(indicator: string, name: string, value: number, min = 1, max = 100_000): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new IndicatorParamError(`${indicator}: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** Ensures a finite real number within [min, max]. */
export function ensureReal(indicator: string, name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new IndicatorParamError(`${indicator}: ${name} must be a number in [${min}, ${max}], got ${value}`);
  }
  return value;
}
