import { period, type KernelSpec } from '../kernel-spec.ts';

export const MOVING_AVERAGE_KERNELS: readonly KernelSpec[] = [
  { id: 'sma', shader: 'sma', mode: 'bar', columns: ['close'], params: [period()], outputs: ['sma'] },
  { id: 'ema', shader: 'ema', mode: 'series', columns: ['close'], params: [period()], outputs: ['ema'] },
];
