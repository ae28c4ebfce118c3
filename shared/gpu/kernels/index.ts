import type { KernelSpec } from '../kernel-spec.ts';
import { MOVING_AVERAGE_KERNELS } from './moving-averages.ts';

/** Every sweep kernel, by indicator id. */
export const KERNELS: Readonly<Record<string, KernelSpec>> = Object.fromEntries(
  [...MOVING_AVERAGE_KERNELS].map((k) => [k.id, k]),
);

export function kernelSpec(id: string): KernelSpec | undefined {
  return KERNELS[id];
}
