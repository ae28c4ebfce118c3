import type { BarColumns, StreamingIndicator, Outputs } from './types.ts';

/** Which columns an indicator reads. `cv` = close + volume; `hlcvt` adds the bar time (session-anchored VWAP). */
export type InputKind = 'close' | 'cv' | 'hl' | 'hlc' | 'hlcv' | 'hlcvt';

export const INPUT_COLUMNS: Readonly<Record<InputKind, readonly (keyof BarColumns)[]>> = {
  close: ['close'],
  cv: ['close', 'volume'],
  hl: ['high', 'low'],
  hlc: ['high', 'low', 'close'],
  hlcv: ['high', 'low', 'close', 'volume'],
  hlcvt: ['high', 'low', 'close', 'volume', 'time'],
};

/**
 * One numeric parameter. Parameters are always numbers so the GPU sweep and the optimiser can grid them; a choice
 * parameter (e.g. VWAP's anchor) holds the index into `choices`, and the CLI accepts the choice's name.
 */
export interface ParamSpec {
  readonly name: string;
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly choices?: readonly string[];
}

/** How the app draws an indicator: on the price chart or in its own pane, with optional reference lines. */
export interface DisplaySpec {
  readonly placement: 'overlay' | 'pane';
  /** Horizontal reference lines, e.g. RSI 30/70. */
  readonly levels?: readonly number[];
  /** Fixed value range of the pane, when the indicator is bounded (e.g. 0..100). */
  readonly range?: readonly [number, number];
}

export type Params = Readonly<Record<string, number>>;

export interface IndicatorDef {
  /** Stable id used by StrategySpecs, the CLI and the app, e.g. `rsi`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  readonly inputs: InputKind;
  /** Output names: keys of the streaming value object (multi-output) and of the batch result. */
  readonly outputs: readonly string[];
  readonly display: DisplaySpec;
  /** The TA-Lib function this matches exactly, when there is one. */
  readonly talib?: string;
  /** Bars before the first complete output (every output defined), TA-Lib's "lookback" — for resolved params. */
  lookback(p: Params): number;
  /**
   * First defined bar per output, in `outputs` order, where outputs start at different bars (e.g. the MACD line
   * before its signal); absent when every output starts at `lookback`. Batch outputs are NaN exactly before these.
   */
  outputLookbacks?(p: Params): number[];
  /** A streaming instance. Single-output indicators yield numbers; multi-output ones objects keyed by `outputs`. */
  create(p: Params): StreamingIndicator<number | Outputs>;
  /** Batch over columns: one Float64Array per output name, NaN during warm-up and on NaN gaps. */
  batch(cols: BarColumns, p: Params): Record<string, Float64Array>;
}
