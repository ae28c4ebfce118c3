import type { EquityPoint } from './types.ts';

export interface DrawdownPoint {
  ts: number;
  /** E[t] / max(E[0..t]) - 1: 0 at a new high, negative below it. */
  drawdown: number;
}

/** Drawdown series: one point per equity point. */
export function drawdownSeries(curve: readonly EquityPoint[]): DrawdownPoint[] {
  const out: DrawdownPoint[] = [];
  let peak = -Infinity;
  for (const p of curve) {
    if (p.equity > peak) peak = p.equity;
    out.push({ ts: p.ts, drawdown: p.equity / peak - 1 });
  }
  return out;
}

export interface MaxDrawdown {
  /** Deepest drawdown, a fraction <= 0 (-0.25 = 25 % below the running peak). 0 when equity never falls. */
  depth: number;
  /** Timestamps of the peak before the deepest trough and of the trough itself (undefined without a drawdown). */
  peakTs: number | undefined;
  troughTs: number | undefined;
  /** When equity first regained the peak after the trough; undefined if it never did. */
  recoveryTs: number | undefined;
}

/** The deepest drawdown, with its peak, trough and recovery. */
export function maxDrawdown(curve: readonly EquityPoint[]): MaxDrawdown {
  let peak = -Infinity;
  let peakIdx = -1;
  let best: MaxDrawdown = { depth: 0, peakTs: undefined, troughTs: undefined, recoveryTs: undefined };
  let bestPeakIdx = -1;
  for (let i = 0; i < curve.length; i++) {
    const e = curve[i].equity;
    if (e > peak) {
      peak = e;
      peakIdx = i;
    }
    const dd = e / peak - 1;
    if (dd < best.depth) {
      best = { depth: dd, peakTs: curve[peakIdx].ts, troughTs: curve[i].ts, recoveryTs: undefined };
      bestPeakIdx = peakIdx;
    }
  }
  if (bestPeakIdx >= 0) {
    const peakEquity = curve[bestPeakIdx].equity;
    const troughIdx = curve.findIndex((p) => p.ts === best.troughTs);
    for (let i = troughIdx + 1; i < curve.length; i++) {
      if (curve[i].equity >= peakEquity) {
        best.recoveryTs = curve[i].ts;
        break;
      }
    }
  }
  return best;
}

export interface DrawdownDuration {
  /** Longest time below a previous peak: from the peak to the point that regains it (or to the last point). */
  ms: number;
  /** The same in periods (equity points). */
  periods: number;
  startTs: number | undefined;
  /** The recovery point, or the last point when the drawdown is still open at the end. */
  endTs: number | undefined;
  /** False when the longest drawdown had not recovered by the end of the curve. */
  recovered: boolean;
}

/**
 * Longest drawdown duration, measured peak-to-recovery (a point at or above the peak ends it); a drawdown still open
 * at the end counts up to the last point. This is quantstats' "longest DD days" idea, measured in time and periods.
 */
export function maxDrawdownDuration(curve: readonly EquityPoint[]): DrawdownDuration {
  let best: DrawdownDuration = { ms: 0, periods: 0, startTs: undefined, endTs: undefined, recovered: true };
  let peak = -Infinity;
  let peakIdx = -1;
  const consider = (endIdx: number, recovered: boolean): void => {
    const periods = endIdx - peakIdx;
    if (periods > 0 && periods > best.periods) {
      best = { ms: curve[endIdx].ts - curve[peakIdx].ts, periods, startTs: curve[peakIdx].ts, endTs: curve[endIdx].ts, recovered };
    }
  };
  for (let i = 0; i < curve.length; i++) {
    const e = curve[i].equity;
    if (e >= peak) {
      // Regaining (or extending) the peak closes any drawdown that started at the previous peak.
      if (peakIdx >= 0 && i - peakIdx > 1) consider(i, true);
      peak = e;
      peakIdx = i;
    }
  }
  if (peakIdx >= 0 && peakIdx < curve.length - 1) consider(curve.length - 1, false);
  return best;
}
