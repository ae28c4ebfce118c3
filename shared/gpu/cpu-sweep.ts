import { GpuInputError } from './errors.ts';
import { placeChunk } from './grid.ts';
import { checkRequestShape, effectiveParamSets, resolveParams, type KernelSpec } from './kernel-spec.ts';
import type { ColumnName, InstrumentColumns, ParamSet, SeriesChunk, SweepGrid, SweepRequest } from './types.ts';

/** The CPU twin of a kernel: one (instrument, parameter set) series in float64, one array per output. */
export type CpuTwin = (columns: Readonly<Partial<Record<ColumnName, Float64Array>>>, params: ParamSet) => Float64Array[];

function toF64(col: ArrayLike<number> | undefined): Float64Array | undefined {
  if (!col) return undefined;
  return col instanceof Float64Array ? col : Float64Array.from(col);
}

export function instrumentF64(ins: InstrumentColumns): Partial<Record<ColumnName, Float64Array>> {
  const out: Partial<Record<ColumnName, Float64Array>> = {};
  for (const k of Object.keys(ins) as ColumnName[]) out[k] = toF64(ins[k]);
  return out;
}

/**
 * Runs the CPU twin over series `[series0, series0 + nLocal)` of a sweep grid and returns the chunk in the GPU's
 * layout `[output][bar][local series]`. Worker pools call this on slices of the grid.
 */
export function cpuSweepRange(spec: KernelSpec, twin: CpuTwin, req: SweepRequest, series0: number, nLocal: number): SeriesChunk {
  const paramSets = effectiveParamSets(req);
  const nBars = checkRequestShape(spec, req);
  paramSets.forEach((p) => resolveParams(spec, p));
  const nParams = paramSets.length;
  const nOut = spec.outputs.length;
  const data = new Float32Array(nOut * nBars * nLocal);
  const f64 = new Map<number, Partial<Record<ColumnName, Float64Array>>>();
  for (let local = 0; local < nLocal; local++) {
    const s = series0 + local;
    const instr = Math.floor(s / nParams);
    const p = s % nParams;
    let cols = f64.get(instr);
    if (!cols) {
      cols = instrumentF64(req.instruments[instr]);
      f64.set(instr, cols);
    }
    const outs = twin(cols, paramSets[p]);
    if (outs.length !== nOut) throw new GpuInputError(`${spec.id}: CPU twin returned ${outs.length} outputs, expected ${nOut}`);
    for (let o = 0; o < nOut; o++) {
      const y = outs[o];
      for (let t = 0; t < nBars; t++) data[(o * nBars + t) * nLocal + local] = y[t];
    }
  }
  return { series0, nLocal, data };
}

/** The whole grid on the CPU, in this thread. */
export function cpuSweep(spec: KernelSpec, twin: CpuTwin, req: SweepRequest): SweepGrid {
  const paramSets = effectiveParamSets(req);
  const nBars = checkRequestShape(spec, req);
  const nSeries = req.instruments.length * paramSets.length;
  const values = new Float32Array(spec.outputs.length * nBars * nSeries);
  placeChunk(values, spec.outputs.length, nBars, nSeries, cpuSweepRange(spec, twin, req, 0, nSeries));
  return { indicator: spec.id, outputs: spec.outputs, nBars, nInstruments: req.instruments.length, nParamSets: paramSets.length, values };
}
