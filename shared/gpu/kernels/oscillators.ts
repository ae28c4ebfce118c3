import type { KernelSpec } from '../kernel-spec.ts';

export const OSCILLATOR_KERNELS: readonly KernelSpec[] = [
  { id: 'rsi', shader: 'rsi', mode: 'series', columns: ['close'], params: ['period'], outputs: ['rsi'] },
  { id: 'macd', shader: 'macd', mode: 'series', columns: ['close'], params: ['fast', 'slow', 'signal'], outputs: ['macd', 'signal', 'histogram'] },
  { id: 'roc', shader: 'roc', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['roc'], constants: { MODE: 0 } },
  { id: 'mom', shader: 'roc', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['mom'], constants: { MODE: 1 } },
  { id: 'willr', shader: 'willr', mode: 'bar', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['willr'] },
  { id: 'stoch', shader: 'stoch', mode: 'bar', columns: ['high', 'low', 'close'], params: ['kPeriod', 'kSmooth', 'dPeriod'], outputs: ['k', 'd'] },
  {
    id: 'stochrsi', shader: 'stochrsi', mode: 'series', columns: ['close'], params: ['rsiPeriod', 'stochPeriod', 'kSmooth', 'dSmooth'], outputs: ['k', 'd'],
    // Private rings of 128 entries in the shader (see shaders/stochrsi.wgsl).
    gpuMax: { stochPeriod: 128, kSmooth: 128, dSmooth: 128 },
  },
  { id: 'mfi', shader: 'mfi', mode: 'bar', columns: ['high', 'low', 'close', 'volume'], params: ['period'], outputs: ['mfi'] },
  { id: 'aroon', shader: 'aroon', mode: 'bar', columns: ['high', 'low'], params: ['period'], outputs: ['up', 'down', 'osc'] },
  { id: 'adx', shader: 'adx', mode: 'series', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['adx'], constants: { ADX_ONLY: 1 } },
  { id: 'dmi', shader: 'adx', mode: 'series', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['plusDI', 'minusDI', 'adx'], constants: { ADX_ONLY: 0 } },
  { id: 'linregslope', shader: 'linregslope', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['linregslope'] },
  { id: 'cci', shader: 'cci', mode: 'bar', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['cci'] },
];
