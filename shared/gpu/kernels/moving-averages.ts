import type { KernelSpec } from '../kernel-spec.ts';

export const MOVING_AVERAGE_KERNELS: readonly KernelSpec[] = [
  { id: 'sma', shader: 'sma', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['sma'] },
  { id: 'ema', shader: 'ema', mode: 'series', columns: ['close'], params: ['period'], outputs: ['ema'] },
  { id: 'wma', shader: 'wma', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['wma'] },
  { id: 'dema', shader: 'dema', mode: 'series', columns: ['close'], params: ['period'], outputs: ['dema'] },
  { id: 'tema', shader: 'tema', mode: 'series', columns: ['close'], params: ['period'], outputs: ['tema'] },
  { id: 'hma', shader: 'hma', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['hma'] },
  { id: 'kama', shader: 'kama', mode: 'series', columns: ['close'], params: ['period'], outputs: ['kama'] },
  { id: 'vwma', shader: 'vwma', mode: 'bar', columns: ['close', 'volume'], params: ['period'], outputs: ['vwma'] },
];
