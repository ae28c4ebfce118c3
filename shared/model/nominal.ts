/**
 * Nominal ("branded") types: a Price and a Quantity are both numbers at run time, but the compiler keeps them apart,
 * so a price cannot be passed where a quantity is expected (lightweight-charts `src/helpers/nominal.ts`).
 * The brand costs nothing at run time.
 */
declare const brand: unique symbol;

export type Brand<T, B extends string> = T & { readonly [brand]: B };
