/** Public surface of the indicator library: streaming classes, batch functions, the registry and the contracts. */
export type { BarLike, BarColumns, Outputs, StreamingIndicator, SeriesIndicator } from './types.ts';
export { IndicatorParamError } from './core/errors.ts';
export { INDICATORS, indicatorIds, findIndicator, getIndicator, resolveParams, checkParam, computeBatch, INPUT_COLUMNS } from './registry.ts';
export type { IndicatorDef, ParamSpec, Params, InputKind, DisplaySpec } from './registry.ts';
export { sma, SMA } from './sma.ts';
export { ema, EMA } from './ema.ts';
export { wma, WMA } from './wma.ts';
export { dema, DEMA } from './dema.ts';
export { tema, TEMA } from './tema.ts';
export { hma, HMA } from './hma.ts';
export { kama, KAMA } from './kama.ts';
export { vwma, VWMA } from './vwma.ts';
export { rsi, RSI } from './rsi.ts';
export { macd, MACD, type MacdOutputs } from './macd.ts';
export { bbands, BollingerBands, type BandOutputs } from './bbands.ts';
export { atr, natr, trueRange, ATR, NATR } from './atr.ts';
export { stddev, StdDev } from './stddev.ts';
