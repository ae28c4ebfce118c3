import type { KernelSpec } from '../kernel-spec.ts';

export const VOLATILITY_KERNELS: readonly KernelSpec[] = [
  { id: 'atr', shader: 'atr', mode: 'series', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['atr'], constants: { NORMALISE: 0 } },
  { id: 'natr', shader: 'atr', mode: 'series', columns: ['high', 'low', 'close'], params: ['period'], outputs: ['natr'], constants: { NORMALISE: 1 } },
  { id: 'stddev', shader: 'stddev', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['stddev'], constants: { ZSCORE: 0 } },
  { id: 'zscore', shader: 'stddev', mode: 'bar', columns: ['close'], params: ['period'], outputs: ['zscore'], constants: { ZSCORE: 1 } },
  { id: 'bbands', shader: 'bbands', mode: 'bar', columns: ['close'], params: ['period', 'mult'], outputs: ['upper', 'middle', 'lower'] },
  { id: 'keltner', shader: 'keltner', mode: 'series', columns: ['high', 'low', 'close'], params: ['period', 'mult', 'atrPeriod'], outputs: ['upper', 'middle', 'lower'] },
  {
    id: 'ichimoku', shader: 'ichimoku', mode: 'bar', columns: ['high', 'low'], params: ['tenkan', 'kijun', 'senkouB', 'displacement'],
    outputs: ['tenkan', 'kijun', 'spanA', 'spanB', 'leadA', 'leadB'],
  },
  // Branches on recursively computed bands: df64 state so the decisions follow the float64 twin.
  { id: 'supertrend', shader: 'supertrend', mode: 'series', columns: ['high', 'low', 'close'], params: ['atrPeriod', 'factor'], outputs: ['supertrend', 'direction'], df64: true },
  { id: 'psar', shader: 'psar', mode: 'series', columns: ['high', 'low'], params: ['step', 'max'], outputs: ['psar'], df64: true },
  { id: 'donchian', shader: 'donchian', mode: 'bar', columns: ['high', 'low'], params: ['period'], outputs: ['upper', 'middle', 'lower'] },
];
