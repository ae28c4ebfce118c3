/**
 * The contracts every indicator follows (STYLE.md #8): one streaming shape for the kernel and one batch shape
 * over typed-array columns for the app and the GPU twins. Both compute the same maths.
 */

/**
 * A bar as indicators see it: structural, so the kernel's Bar class, a plain object from a CSV parser or a
 * chart candle all fit. `time` (epoch milliseconds, UTC) is read only by session-anchored indicators (VWAP).
 */
export interface BarLike {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly time?: number;
}

/** Named outputs of a multi-output indicator, e.g. `{ macd, signal, histogram }` — keys equal the registry's outputs. */
export type Outputs = Readonly<Record<string, number>>;

/**
 * The streaming contract. `update` is O(1) amortised (CCI is the one exception: its mean deviation is O(period)).
 * Single-output indicators yield a number; multi-output ones a fresh small object whose keys are the registry's
 * output names (a fresh object, so a caller may keep it without it changing under them).
 * `update` returns undefined during warm-up. A NaN in any input the indicator reads restarts it (see docs/indicators.md).
 */
export interface StreamingIndicator<V = number | Outputs> {
  update(bar: BarLike): V | undefined;
  readonly isReady: boolean;
  readonly value: V | undefined;
  reset(): void;
}

/** A streaming indicator over a single series (close by default): `push` feeds any number, e.g. another indicator's output. */
export interface SeriesIndicator extends StreamingIndicator<number> {
  push(x: number): number | undefined;
}

/** Column-oriented bars for batch functions: equal-length Float64Arrays. `time` is epoch ms (needed by VWAP only). */
export interface BarColumns {
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  readonly close: Float64Array;
  readonly volume?: Float64Array;
  readonly time?: Float64Array;
}
