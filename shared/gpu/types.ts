// Types of an indicator sweep: many instruments x many parameter sets in one call, on any backend.

/** `time` (epoch ms) is read only by session-anchored indicators (VWAP), which run on the CPU. */
export type ColumnName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'time';

/** One instrument's bars as columns. Only the columns the indicator needs must be present; all the same length. */
export type InstrumentColumns = Partial<Record<ColumnName, ArrayLike<number>>>;

/** One parameter set, by the indicator's parameter names, e.g. `{ period: 14 }`. */
export type ParamSet = Readonly<Record<string, number>>;

export interface SweepRequest {
  /** Indicator id as in the kernel list (`sma`, `ema`, `rsi`, `bbands`, ...). */
  readonly indicator: string;
  readonly instruments: readonly InstrumentColumns[];
  readonly paramSets: readonly ParamSet[];
}

/**
 * The result grid. `values` is bar-major: index `((o * nBars + t) * nInstruments + i) * nParamSets + p`
 * (this is the layout the GPU writes with coalesced stores). NaN marks warm-up bars.
 * Use `seriesOf()` to pull one (output, instrument, parameter set) series out as a contiguous array.
 */
export interface SweepGrid {
  readonly indicator: string;
  readonly outputs: readonly string[];
  readonly nBars: number;
  readonly nInstruments: number;
  readonly nParamSets: number;
  readonly values: Float32Array;
}

export type Backend = 'webgpu' | 'cpu';

export interface SweepResult extends SweepGrid {
  /** Where this call actually ran (a call can fall back to the CPU even when the runtime prefers WebGPU). */
  readonly backend: Backend;
  /** Why it ran there, in words a trader can act on. */
  readonly reason: string;
  readonly elapsedMs: number;
}

/** Progress and cancellation for a long sweep (the app's progress bar and its Cancel button). */
export interface SweepOptions {
  /** Called after each finished chunk with the fraction of series done, 0..1. */
  readonly onProgress?: (fraction: number) => void;
  /** Checked between chunks; an AbortSignal fits. A cancelled sweep rejects with SweepCancelledError. */
  readonly signal?: { readonly aborted: boolean };
}

/** A contiguous slice of series `[series0, series0 + nLocal)`, laid out `[output][bar][local series]`. */
export interface SeriesChunk {
  readonly series0: number;
  readonly nLocal: number;
  readonly data: Float32Array;
}
