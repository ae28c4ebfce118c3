/** Quality checks: what each looks for, which policies it accepts, and the report shape. */
import type { DataKind } from '../columns.ts';
import type { SessionCalendar } from '../calendar/sessions.ts';

export type CheckId = 'outOfOrder' | 'duplicates' | 'nonPositive' | 'ohlc' | 'crossed' | 'spikes' | 'stale' | 'zeroVolume' | 'gaps';
export type Policy = 'reject' | 'drop' | 'forwardFill' | 'flag';

export const CHECK_IDS: readonly CheckId[] = ['outOfOrder', 'duplicates', 'nonPositive', 'ohlc', 'crossed', 'spikes', 'stale', 'zeroVolume', 'gaps'];

export interface CheckSpec {
  description: string;
  kinds: DataKind[];
  policies: Policy[];
  defaultPolicy: Policy;
}

/**
 * Defaults: structural faults that would corrupt every later computation reject the dataset or drop the row;
 * things a trader may want to keep (gaps, quiet markets, big moves) are flagged.
 */
export const CHECKS: Record<CheckId, CheckSpec> = {
  outOfOrder: { description: 'timestamp earlier than a previous row', kinds: ['bars', 'quotes', 'trades'], policies: ['reject', 'drop', 'flag'], defaultPolicy: 'reject' },
  duplicates: { description: 'same timestamp as the previous row (ticks: an exact repeat)', kinds: ['bars', 'quotes'], policies: ['reject', 'drop', 'flag'], defaultPolicy: 'drop' },
  nonPositive: { description: 'price <= 0, NaN or infinite; negative volume', kinds: ['bars', 'quotes', 'trades'], policies: ['reject', 'drop', 'forwardFill', 'flag'], defaultPolicy: 'reject' },
  ohlc: { description: 'high/low inconsistent with open/close', kinds: ['bars'], policies: ['reject', 'drop', 'forwardFill', 'flag'], defaultPolicy: 'reject' },
  crossed: { description: 'bid above ask', kinds: ['quotes'], policies: ['reject', 'drop', 'forwardFill', 'flag'], defaultPolicy: 'drop' },
  spikes: { description: 'isolated jump that reverses at once (robust z-score of log returns)', kinds: ['bars', 'quotes', 'trades'], policies: ['reject', 'drop', 'forwardFill', 'flag'], defaultPolicy: 'flag' },
  stale: { description: 'price unchanged for a long run of rows', kinds: ['bars', 'quotes'], policies: ['reject', 'drop', 'flag'], defaultPolicy: 'flag' },
  zeroVolume: { description: 'run of bars with zero volume', kinds: ['bars'], policies: ['reject', 'drop', 'flag'], defaultPolicy: 'flag' },
  gaps: { description: 'bars missing inside the instrument\'s trading sessions', kinds: ['bars'], policies: ['reject', 'forwardFill', 'flag'], defaultPolicy: 'flag' },
};

export interface QualityOptions {
  /** Dataset label for the report (file name or instrument/bar type). */
  dataset?: string;
  calendar?: SessionCalendar;
  /** Bar interval in ms; inferred from the median spacing when omitted. */
  timeframeMs?: number;
  policies?: Partial<Record<CheckId, Policy>>;
  /** Robust z-score above which a return counts as extreme (default 8). */
  spikeZ?: number;
  /** Rows of unchanged price that make a stale run (default 30). */
  staleRun?: number;
  /** Bars of zero volume that make a run worth reporting (default 5). */
  zeroVolumeRun?: number;
  /** Findings kept per check in the report (default 100; counts are always complete). */
  maxFindings?: number;
}

export interface Finding {
  /** 0-based row index in the input. */
  row: number;
  time: number;
  message: string;
  /** Rows covered (runs, gaps). */
  length?: number;
}

export interface CheckResult {
  id: CheckId;
  policy: Policy;
  count: number;
  findings: Finding[];
  /** What the policy did: 'rejected dataset', 'dropped 3 rows', 'filled 12 bars', 'flagged'. */
  action: string;
}

export interface QualityReport {
  dataset: string;
  kind: DataKind;
  rowsIn: number;
  rowsOut: number;
  timeframeMs: number;
  calendar: string;
  first: number;
  last: number;
  rejected: boolean;
  checks: CheckResult[];
}
