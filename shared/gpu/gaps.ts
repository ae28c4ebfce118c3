// NaN gaps on the GPU. The indicators' NaN policy (shared/indicators/core/segments.ts) restarts an indicator after
// any row where a column it reads is NaN: exactly as if each NaN-free run were its own series. So the host cuts
// every instrument into its NaN-free runs, groups runs with the same bar range (instruments that start later, a
// market holiday shared by all, ...), runs each group as a sub-grid and places the results; NaN elsewhere.
import { GpuInputError } from './errors.ts';
import type { KernelSpec } from './kernel-spec.ts';
import type { InstrumentColumns, SweepRequest } from './types.ts';

/** Bars [from, to) of the listed instruments, all NaN-free in the kernel's columns. */
export interface GapGroup {
  readonly from: number;
  readonly to: number;
  readonly instruments: readonly number[];
}

/** Above this many distinct runs the CPU twins are the better tool (one dispatch per group). */
export const MAX_GAP_GROUPS = 64;

/** The NaN-free runs grouped by bar range, or undefined when no column the kernel reads has a NaN. */
export function gapGroups(spec: KernelSpec, req: SweepRequest, nBars: number): GapGroup[] | undefined {
  const byRange = new Map<string, { from: number; to: number; instruments: number[] }>();
  let anyNaN = false;
  req.instruments.forEach((ins, i) => {
    const cols = spec.columns.map((c) => ins[c]!);
    let from = -1;
    for (let t = 0; t <= nBars; t++) {
      let nan = t === nBars;
      for (let k = 0; k < cols.length && !nan; k++) {
        const v = cols[k][t];
        if (v !== v) nan = true;
      }
      if (nan && t < nBars) anyNaN = true;
      if (!nan && from < 0) from = t;
      if (nan && from >= 0) {
        const key = `${from}:${t}`;
        const g = byRange.get(key) ?? { from, to: t, instruments: [] };
        g.instruments.push(i);
        byRange.set(key, g);
        from = -1;
      }
    }
  });
  if (!anyNaN) return undefined;
  if (byRange.size > MAX_GAP_GROUPS) {
    throw new GpuInputError(`${spec.id}: NaN gaps cut the instruments into ${byRange.size} different bar ranges (GPU limit ${MAX_GAP_GROUPS}); computing on the CPU`);
  }
  return [...byRange.values()];
}

/** Bars [from, to) of an instrument's columns (views where the columns are typed arrays). */
export function sliceInstrument(spec: KernelSpec, ins: InstrumentColumns, from: number, to: number): InstrumentColumns {
  const out: Record<string, ArrayLike<number>> = {};
  for (const c of spec.columns) {
    const col = ins[c]!;
    out[c] = ArrayBuffer.isView(col) ? (col as unknown as Float64Array).subarray(from, to) : Array.prototype.slice.call(col, from, to);
  }
  return out;
}
