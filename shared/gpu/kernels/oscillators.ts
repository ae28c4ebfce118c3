import type { KernelSpec } from '../kernel-spec.ts';

export const OSCILLATOR_KERNELS: readonly KernelSpec[] = [
  { id: 'rsi', shader: 'rsi', mode: 'series', columns: ['close'], params: ['period'], outputs: ['rsi'] },
  { id: 'macd', shader: 'macd', mode: 'series', columns: ['close'], params: ['fast', 'slow', 'signal'], outputs: ['macd', 'signal', 'histogram'] },
  { id: 'roc', shader: 'roc', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['roc'], constants: { MODE: 0 } },
  { id: 'mom', shader: 'roc', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['mom'], constants: { MODE: 1 } },
  { id: 'willr', shader: 'willr', mode: 'bar', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['willr'] },
  { id: 'cci', shader: 'cci', mode: 'bar', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['cci'] },
];
