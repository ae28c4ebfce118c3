import { findIndicator, resolveParams } from '../indicators/registry.ts';
import type { BarColumns } from '../indicators/types.ts';
import type { CpuTwin } from './cpu-sweep.ts';

/**
 * The CPU twin of a kernel is the indicator's batch function from the registry (TA-Lib-checked, float64), run on
 * one (instrument, parameter set) series; outputs in the registry's order. Used as the fallback and as the oracle.
 */
export function cpuTwin(id: string): CpuTwin | undefined {
  const def = findIndicator(id);
  if (!def) return undefined;
  return (cols, p) => {
    const r = def.batch(cols as BarColumns, resolveParams(def, p));
    return def.outputs.map((o) => r[o]);
  };
}
