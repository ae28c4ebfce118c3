import type { SeriesChunk, SweepGrid } from './types.ts';

/** Flat index into a grid's `values` (bar-major layout, see SweepGrid). */
export function gridIndex(g: SweepGrid, output: number, bar: number, instrument: number, paramSet: number): number {
  return ((output * g.nBars + bar) * g.nInstruments + instrument) * g.nParamSets + paramSet;
}

/** One (output, instrument, parameter set) series as a contiguous Float32Array (copied out of the grid). */
export function seriesOf(g: SweepGrid, output: number | string, instrument: number, paramSet: number): Float32Array {
  const o = typeof output === 'string' ? g.outputs.indexOf(output) : output;
  if (o < 0 || o >= g.outputs.length) throw new RangeError(`unknown output ${String(output)}; outputs: ${g.outputs.join(', ')}`);
  if (instrument < 0 || instrument >= g.nInstruments) throw new RangeError(`instrument ${instrument} outside 0..${g.nInstruments - 1}`);
  if (paramSet < 0 || paramSet >= g.nParamSets) throw new RangeError(`paramSet ${paramSet} outside 0..${g.nParamSets - 1}`);
  const out = new Float32Array(g.nBars);
  const nSeries = g.nInstruments * g.nParamSets;
  let i = gridIndex(g, o, 0, instrument, paramSet);
  for (let t = 0; t < g.nBars; t++, i += nSeries) out[t] = g.values[i];
  return out;
}

/** Copies a chunk laid out `[output][bar][local]` into a full grid's values `[output][bar][series]`. */
export function placeChunk(values: Float32Array, nOutputs: number, nBars: number, nSeries: number, chunk: SeriesChunk): void {
  const { series0, nLocal, data } = chunk;
  if (series0 === 0 && nLocal === nSeries) {
    values.set(data.subarray(0, nOutputs * nBars * nSeries));
    return;
  }
  for (let row = 0; row < nOutputs * nBars; row++) {
    values.set(data.subarray(row * nLocal, (row + 1) * nLocal), row * nSeries + series0);
  }
}
