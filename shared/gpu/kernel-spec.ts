import { GpuInputError } from './errors.ts';
import type { ColumnName, InstrumentColumns, ParamSet, SweepRequest } from './types.ts';

export interface ParamSpec {
  readonly name: string;
  /** Smallest allowed value (periods: 1 or 2). */
  readonly min: number;
  readonly max?: number;
  readonly integer: boolean;
  readonly default?: number;
}

/**
 * What a sweep kernel is: its WGSL file, how invocations map onto the grid, and its inputs, parameters and outputs.
 * - `series`: one invocation per (instrument, parameter set), walking the bars in order (recursive indicators).
 * - `bar`: one invocation per (instrument, parameter set, bar), re-reading its window (window indicators).
 */
export interface KernelSpec {
  readonly id: string;
  /** File name in shaders/ without `.wgsl`. */
  readonly shader: string;
  readonly mode: 'series' | 'bar';
  readonly columns: readonly ColumnName[];
  readonly params: readonly ParamSpec[];
  readonly outputs: readonly string[];
  /** Cross-parameter rule, e.g. MACD fast < slow; returns a message when violated. */
  readonly check?: (p: ParamSet) => string | undefined;
}

export const period = (name = 'period', min = 1, def?: number): ParamSpec => ({ name, min, integer: true, max: 1_000_000, ...(def === undefined ? {} : { default: def }) });
export const real = (name: string, min: number, def?: number, max?: number): ParamSpec => ({ name, min, integer: false, ...(def === undefined ? {} : { default: def }), ...(max === undefined ? {} : { max }) });

/** Resolves and validates one parameter set; throws GpuInputError with the offending name and value. */
export function resolveParams(spec: KernelSpec, p: ParamSet, index: number): number[] {
  const values = spec.params.map((ps) => {
    const v = p[ps.name] ?? ps.default;
    const where = `${spec.id} paramSets[${index}].${ps.name}`;
    if (v === undefined) throw new GpuInputError(`${where} is missing (parameters: ${spec.params.map((x) => x.name).join(', ')})`);
    if (!Number.isFinite(v)) throw new GpuInputError(`${where} = ${v} is not a finite number`);
    if (ps.integer && !Number.isInteger(v)) throw new GpuInputError(`${where} = ${v} must be an integer`);
    if (v < ps.min || (ps.max !== undefined && v > ps.max)) throw new GpuInputError(`${where} = ${v} is outside [${ps.min}, ${ps.max ?? 'inf'}]`);
    return v;
  });
  const bad = spec.check?.(p);
  if (bad) throw new GpuInputError(`${spec.id} paramSets[${index}]: ${bad}`);
  return values;
}

/** Checks the request's shape: at least one instrument and parameter set, every needed column present, equal lengths. */
export function checkRequestShape(spec: KernelSpec, req: SweepRequest): number {
  const { instruments, paramSets } = req;
  if (instruments.length === 0) throw new GpuInputError(`${spec.id}: no instruments given`);
  if (paramSets.length === 0 && spec.params.length > 0) throw new GpuInputError(`${spec.id}: no parameter sets given`);
  const nBars = columnOf(spec, instruments[0], spec.columns[0], 0).length;
  instruments.forEach((ins, i) => {
    for (const c of spec.columns) {
      const len = columnOf(spec, ins, c, i).length;
      if (len !== nBars) throw new GpuInputError(`${spec.id}: instruments[${i}].${c} has ${len} bars, instruments[0] has ${nBars}; pad or trim to one length`);
    }
  });
  return nBars;
}

export function columnOf(spec: KernelSpec, ins: InstrumentColumns, c: ColumnName, i: number): ArrayLike<number> {
  const col = ins[c];
  if (!col) throw new GpuInputError(`${spec.id} needs column "${c}" but instruments[${i}] has none (needs: ${spec.columns.join(', ')})`);
  return col;
}

/** Parameter sets for a kernel without parameters (OBV): one empty set. */
export function effectiveParamSets(req: SweepRequest): readonly ParamSet[] {
  return req.paramSets.length === 0 ? [{}] : req.paramSets;
}
