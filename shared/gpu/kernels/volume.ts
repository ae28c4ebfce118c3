import type { KernelSpec } from '../kernel-spec.ts';

export const VOLUME_KERNELS: readonly KernelSpec[] = [
  { id: 'obv', shader: 'obv', mode: 'series', columns: ['close', 'volume'], params: [], outputs: ['obv'] },
];
