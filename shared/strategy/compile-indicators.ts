/**
 * Which indicator types a compiled spec can use, and how to build their streaming instances.
 *
 * An IndicatorProvider is a catalog (for validation) plus a factory. `builtinIndicatorProvider` covers the
 * single-output moving averages, RSI and ATR from shared/indicators directly; when the indicators registry exposes a
 * factory, an adapter over it replaces this list (see docs/strategy-spec.md, "Indicators").
 */
import type { StreamingIndicator, Outputs } from '../indicators/types.ts';
import { SMA } from '../indicators/sma.ts';
import { EMA } from '../indicators/ema.ts';
import { RSI } from '../indicators/rsi.ts';
import { ATR } from '../indicators/atr.ts';
import { DEMA } from '../indicators/dema.ts';
import { TEMA } from '../indicators/tema.ts';
import { WMA } from '../indicators/wma.ts';
import { HMA } from '../indicators/hma.ts';
import { KAMA } from '../indicators/kama.ts';
import { VWMA } from '../indicators/vwma.ts';
import { catalogFrom, type IndicatorCatalog, type IndicatorTypeInfo } from './spec-catalog.ts';

export type AnyIndicator = StreamingIndicator<number | Outputs> & { push?(x: number): number | undefined };

export interface IndicatorProvider extends IndicatorCatalog {
  /** Builds a fresh instance; params are complete (defaults filled in) and already validated. */
  create(type: string, params: Readonly<Record<string, number>>): AnyIndicator;
}

const period = (max = 100_000) => [{ name: 'period', default: 14, min: 1, max, integer: true }];

const BUILTIN: readonly (IndicatorTypeInfo & { make: (p: Readonly<Record<string, number>>) => AnyIndicator })[] = [
  { type: 'SMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new SMA(p.period) },
  { type: 'EMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new EMA(p.period) },
  { type: 'WMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new WMA(p.period) },
  { type: 'DEMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new DEMA(p.period) },
  { type: 'TEMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new TEMA(p.period) },
  { type: 'HMA', params: [{ name: 'period', default: 14, min: 2, max: 100_000, integer: true }], outputs: ['value'], input: 'series', make: (p) => new HMA(p.period) },
  { type: 'KAMA', params: period(), outputs: ['value'], input: 'series', make: (p) => new KAMA(p.period) },
  { type: 'RSI', params: period(), outputs: ['value'], input: 'series', make: (p) => new RSI(p.period) },
  { type: 'ATR', params: period(), outputs: ['value'], input: 'bar', make: (p) => new ATR(p.period) },
  { type: 'VWMA', params: period(), outputs: ['value'], input: 'bar', make: (p) => new VWMA(p.period) },
];

export function providerFrom(list: typeof BUILTIN): IndicatorProvider {
  const cat = catalogFrom(list);
  const byName = new Map(list.map((i) => [i.type.toUpperCase(), i]));
  return {
    ...cat,
    create(type, params) {
      const e = byName.get(type.toUpperCase());
      if (!e) throw new Error(`unknown indicator type "${type}"`);
      return e.make(params);
    },
  };
}

export const builtinIndicatorProvider: IndicatorProvider = providerFrom(BUILTIN);

/** The spec's params with the catalog's defaults filled in. */
export function resolveParams(info: IndicatorTypeInfo, given: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of info.params) {
    const v = given?.[p.name] ?? p.default;
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}
