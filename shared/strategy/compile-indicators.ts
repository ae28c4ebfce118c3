/**
 * Which indicator types a spec can use, and how to build their streaming instances: an adapter over the indicators
 * registry (shared/indicators/registry.ts), the one table the app's picker, the CLI and the GPU twins read too.
 */
import type { StreamingIndicator, Outputs } from '../indicators/types.ts';
import { INDICATORS, findIndicator, resolveParams as resolveRegistryParams } from '../indicators/registry.ts';
import type { IndicatorDef } from '../indicators/registry-types.ts';
import type { IndicatorCatalog, IndicatorTypeInfo } from './spec-catalog.ts';

export type AnyIndicator = StreamingIndicator<number | Outputs>;

export interface IndicatorProvider extends IndicatorCatalog {
  /** Builds a fresh instance; `params` may omit parameters that have defaults. Throws on invalid params. */
  create(type: string, params: Readonly<Record<string, number>>): AnyIndicator;
}

function infoOf(def: IndicatorDef): IndicatorTypeInfo {
  return {
    type: def.id,
    params: def.params.map((p) => ({ name: p.name, default: p.default, min: p.min, max: p.max, integer: p.integer })),
    outputs: def.outputs,
    // Indicators of the close alone can take another series as their input (`source`); the rest read the bar.
    input: def.inputs === 'close' ? 'series' : 'bar',
  };
}

const infos = new Map<IndicatorDef, IndicatorTypeInfo>(INDICATORS.map((d) => [d, infoOf(d)]));

/** The registry as an IndicatorProvider (type lookup is case-insensitive: "SMA" and "sma" are the same). */
export const defaultIndicatorProvider: IndicatorProvider = {
  get(type) {
    const d = findIndicator(type);
    return d ? infos.get(d) : undefined;
  },
  types: () => INDICATORS.map((d) => d.id),
  create(type, params) {
    const d = findIndicator(type);
    if (!d) throw new Error(`unknown indicator type "${type}"`);
    return d.create(resolveRegistryParams(d, params));
  },
};
