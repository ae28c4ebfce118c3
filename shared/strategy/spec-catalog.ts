/**
 * What the spec validator and compiler need to know about indicator types: their parameters, outputs and whether
 * they read one series or the whole bar. An adapter over the indicators registry provides it (spec-registry.ts);
 * tests may pass a small hand-written catalog.
 */
export interface IndicatorParamInfo {
  name: string;
  default?: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface IndicatorTypeInfo {
  /** Registry name, e.g. "SMA". */
  type: string;
  params: readonly IndicatorParamInfo[];
  /** Output names; the first is the default one a bare `id` reference reads. A single-output indicator has one. */
  outputs: readonly string[];
  /** 'series': reads one input series (close by default, `source` may change it); 'bar': reads OHLCV (ATR, VWAP). */
  input: 'series' | 'bar';
}

export interface IndicatorCatalog {
  get(type: string): IndicatorTypeInfo | undefined;
  types(): readonly string[];
}

/** A catalog over a fixed list (for tests and for adapters). Type lookup is case-insensitive. */
export function catalogFrom(infos: readonly IndicatorTypeInfo[]): IndicatorCatalog {
  const byName = new Map(infos.map((i) => [i.type.toUpperCase(), i]));
  return {
    get: (type) => byName.get(type.toUpperCase()),
    types: () => infos.map((i) => i.type),
  };
}
