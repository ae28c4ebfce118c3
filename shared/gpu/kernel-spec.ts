import { findIndicator, resolveParams as resolveRegistryParams, type IndicatorDef } from '../indicators/registry.ts';
import { GpuInputError } from './errors.ts';
import type { ColumnName, InstrumentColumns, ParamSet, SweepRequest } from './types.ts';

/**
 * What a sweep kernel is: its WGSL file, how invocations map onto the grid, and the order in which it reads
 * columns and parameters. Names, ranges and defaults of parameters and outputs come from the indicator registry
 * (shared/indicators/registry.ts), so the GPU and the CPU twin accept exactly the same parameter sets.
 * - `series`: one invocation per (instrument, parameter set), walking the bars in order (recursive indicators).
 * - `bar`: one invocation per (instrument, parameter set, bar), re-reading its window (window indicators).
 */
export interface KernelSpec {
  /** Registry id. */
  readonly id: string;
  /** File name in shaders/ without `.wgsl`. */
  readonly shader: string;
  readonly mode: 'series' | 'bar';
  /** Columns in the order the shader reads them as col(0u), col(1u), ... */
  readonly columns: readonly ColumnName[];
  /** Parameter names in the order the shader reads them as param(p, 0u), ... */
  readonly params: readonly string[];
  /** Output names in the order the shader writes them; equal to the registry's outputs. */
  readonly outputs: readonly string[];
  /** WGSL pipeline-overridable constants, when one shader serves several indicators (ATR/NATR). */
  readonly constants?: Readonly<Record<string, number>>;
  /**
   * Double-float kernel: every input column and parameter is packed as a (hi, lo) pair of float32 and the shader
   * includes shaders/df64.wgsl. For indicators whose branches must follow float64 exactly (SuperTrend, SAR).
   */
  readonly df64?: boolean;
  /**
   * The `time` column (epoch ms) goes to the GPU as whole epoch minutes + 2^30, in the bits of a float32 word
   * (a float32 cannot hold epoch milliseconds). For session-anchored indicators (VWAP).
   */
  readonly timeAsMinutes?: boolean;
  /** Largest parameter values the shader supports (fixed-size private arrays); larger ones run on the CPU twin. */
  readonly gpuMax?: Readonly<Record<string, number>>;
}

export function registryDef(spec: KernelSpec): IndicatorDef {
  const def = findIndicator(spec.id);
  if (!def) throw new GpuInputError(`GPU kernel ${spec.id} has no entry in the indicator registry`);
  return def;
}

/** Resolves defaults and validates one parameter set with the registry's rules; returns the packed values. */
export function resolveParams(spec: KernelSpec, p: ParamSet): number[] {
  const resolved = resolveRegistryParams(registryDef(spec), p);
  return spec.params.map((name) => resolved[name]);
}

/** Throws GpuInputError when a parameter exceeds what the shader supports (the runtime then uses the CPU twin). */
export function checkGpuLimits(spec: KernelSpec, p: ParamSet): void {
  for (const [name, max] of Object.entries(spec.gpuMax ?? {})) {
    const v = p[name] ?? registryDef(spec).params.find((x) => x.name === name)?.default ?? 0;
    if (v > max) throw new GpuInputError(`${spec.id}: ${name} = ${v} is above the GPU kernel's limit of ${max}; computing on the CPU`);
  }
}

/** Checks the request's shape: at least one instrument and parameter set, every needed column present, equal lengths. */
export function checkRequestShape(spec: KernelSpec, req: SweepRequest): number {
  const { instruments } = req;
  if (instruments.length === 0) throw new GpuInputError(`${spec.id}: no instruments given`);
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

/** No parameter sets means one set of the registry defaults (e.g. OBV, which has no parameters). */
export function effectiveParamSets(req: SweepRequest): readonly ParamSet[] {
  return req.paramSets.length === 0 ? [{}] : req.paramSets;
}
