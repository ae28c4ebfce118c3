import { findIndicator, INPUT_COLUMNS } from '../../indicators/registry.ts';
import type { KernelSpec } from '../kernel-spec.ts';
import type { ColumnName } from '../types.ts';
import { MOVING_AVERAGE_KERNELS } from './moving-averages.ts';
import { OSCILLATOR_KERNELS } from './oscillators.ts';
import { VOLATILITY_KERNELS } from './volatility.ts';
import { VOLUME_KERNELS } from './volume.ts';

/** Every WGSL sweep kernel, by registry id. */
export const KERNELS: Readonly<Record<string, KernelSpec>> = Object.fromEntries(
  [...MOVING_AVERAGE_KERNELS, ...OSCILLATOR_KERNELS, ...VOLATILITY_KERNELS, ...VOLUME_KERNELS]
    // Only kernels whose indicator is in the registry: the registry is the contract (and the CPU twin).
    .filter((k) => findIndicator(k.id) !== undefined).map((k) => [k.id, k]),
);

/**
 * The kernel spec of an indicator, or for a registry indicator without a GPU kernel a CPU-only spec (columns,
 * parameters and outputs from the registry) so the runtime can still sweep it on the CPU. Undefined if unknown.
 */
export function specFor(id: string): KernelSpec | undefined {
  const k = KERNELS[id];
  if (k) return k;
  const def = findIndicator(id);
  if (!def) return undefined;
  return {
    id: def.id,
    shader: '',
    mode: 'series',
    columns: INPUT_COLUMNS[def.inputs] as readonly ColumnName[],
    params: def.params.map((p) => p.name),
    outputs: def.outputs,
  };
}
