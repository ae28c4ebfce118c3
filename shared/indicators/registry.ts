/**
 * The indicator registry: metadata, a streaming factory and a batch function for every indicator. The app's
 * indicator picker, the `aio indicator` CLI, the StrategySpec compiler and the GPU twins all read this one table.
 */
import type { BarColumns } from './types.ts';
import { IndicatorParamError } from './core/errors.ts';
import { INPUT_COLUMNS, type IndicatorDef, type ParamSpec, type Params } from './registry-types.ts';
import { ENTRIES } from './registry-entries.ts';

export type { IndicatorDef, ParamSpec, Params, InputKind, DisplaySpec } from './registry-types.ts';
export { INPUT_COLUMNS } from './registry-types.ts';

const byId = new Map<string, IndicatorDef>(ENTRIES.map((d) => [d.id, d]));

/** Every indicator, in the order the picker lists them. */
export const INDICATORS: readonly IndicatorDef[] = ENTRIES;

export function indicatorIds(): string[] {
  return ENTRIES.map((d) => d.id);
}

/** The definition for an id (case-insensitive), or undefined. */
export function findIndicator(id: string): IndicatorDef | undefined {
  return byId.get(id.toLowerCase());
}

/** The definition for an id; throws a message listing the known ids when there is none. */
export function getIndicator(id: string): IndicatorDef {
  const d = findIndicator(id);
  if (!d) throw new IndicatorParamError(`unknown indicator '${id}'. Known indicators: ${indicatorIds().join(', ')}`);
  return d;
}

/**
 * Fills defaults and checks every parameter against its spec (range, integer). Unknown names are errors, so a typo
 * in a StrategySpec or on the command line is caught rather than silently ignored.
 */
export function resolveParams(def: IndicatorDef, given: Readonly<Record<string, number>> = {}): Params {
  const out: Record<string, number> = {};
  for (const name of Object.keys(given)) {
    if (!def.params.some((p) => p.name === name)) {
      const known = def.params.map((p) => p.name).join(', ') || '(none)';
      throw new IndicatorParamError(`${def.id}: unknown parameter '${name}'. Parameters: ${known}`);
    }
  }
  for (const spec of def.params) {
    const v = given[spec.name] ?? spec.default;
    checkParam(def.id, spec, v);
    out[spec.name] = v;
  }
  return out;
}

export function checkParam(id: string, spec: ParamSpec, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new IndicatorParamError(`${id}: ${spec.name} must be a finite number, got ${String(v)}`);
  }
  if (spec.integer && !Number.isInteger(v)) {
    throw new IndicatorParamError(`${id}: ${spec.name} must be an integer, got ${v}`);
  }
  if (v < spec.min || v > spec.max) {
    const what = spec.choices ? `one of ${spec.choices.map((c, i) => `${i}=${c}`).join(', ')}` : `in [${spec.min}, ${spec.max}]`;
    throw new IndicatorParamError(`${id}: ${spec.name} must be ${what}, got ${v}`);
  }
}

/** Runs an indicator's batch function after resolving params and checking the needed columns are present. */
export function computeBatch(id: string, cols: BarColumns, params: Readonly<Record<string, number>> = {}): Record<string, Float64Array> {
  const def = getIndicator(id);
  const p = resolveParams(def, params);
  for (const c of INPUT_COLUMNS[def.inputs]) {
    const a = cols[c];
    if (!a) throw new IndicatorParamError(`${def.id}: needs the '${c}' column`);
    if (a.length !== cols.close.length) throw new IndicatorParamError(`${def.id}: column '${c}' has ${a.length} rows, close has ${cols.close.length}`);
  }
  return def.batch(cols, p);
}
