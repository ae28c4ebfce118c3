import type { KernelSpec } from '../kernel-spec.ts';

export const VOLUME_KERNELS: readonly KernelSpec[] = [
  {
    id: 'vwap', shader: 'vwap', mode: 'series', columns: ['high', 'low', 'close', 'volume', 'time'], params: ['anchor', 'offsetMinutes'], outputs: ['vwap'],
    timeAsMinutes: true,
  },
  { id: 'obv', shader: 'obv', mode: 'series', columns: ['close', 'volume'], params: [], outputs: ['obv'] },
];
