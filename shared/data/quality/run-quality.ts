/**
 * Runs every applicable check on a dataset and applies each check's policy:
 *   reject      -> the dataset is marked rejected (nothing should be stored)
 *   drop        -> offending rows are removed
 *   forwardFill -> offending rows take the previous good row's price (volume 0); gaps get synthetic flat bars
 *   flag        -> reported only
 * Order matters and is fixed: structure (order, duplicates), then values (non-positive, OHLC, crossed), then
 * statistics on the rows still trusted (spikes, stale, zero volume), then gaps on the result.
 */
import type { Columns, DataKind } from '../columns.ts';
import { CRYPTO_24X7 } from '../calendar/sessions.ts';
import { CHECKS, type CheckId, type CheckResult, type Finding, type Policy, type QualityOptions, type QualityReport } from './types.ts';
import { findCrossed, findDuplicates, findGaps, findNonPositive, findOhlc, findOutOfOrder, findSpikes, findStale, findZeroVolume, inferStep, priceSeries } from './checks.ts';

export interface QualityResult {
  report: QualityReport;
  /** Cleaned data (policies applied). Meaningless when `report.rejected`. */
  columns: Columns;
}

export class PolicyError extends RangeError {
  override name = 'PolicyError';
}

export function resolvePolicies(kind: DataKind, given: Partial<Record<string, Policy>> = {}): Partial<Record<CheckId, Policy>> {
  const out: Partial<Record<CheckId, Policy>> = {};
  for (const [id, p] of Object.entries(given)) {
    const spec = CHECKS[id as CheckId];
    if (!spec) throw new PolicyError(`unknown check '${id}'; checks are: ${Object.keys(CHECKS).join(', ')}`);
    if (!spec.policies.includes(p as Policy)) throw new PolicyError(`policy '${p}' is not available for ${id}; choose one of: ${spec.policies.join(', ')}`);
  }
  for (const [id, spec] of Object.entries(CHECKS) as [CheckId, (typeof CHECKS)[CheckId]][]) {
    if (!spec.kinds.includes(kind)) continue;
    out[id] = (given[id] as Policy | undefined) ?? spec.defaultPolicy;
  }
  return out;
}

export function runQuality(kind: DataKind, cols: Columns, opts: QualityOptions = {}): QualityResult {
  const policies = resolvePolicies(kind, opts.policies);
  const cal = opts.calendar ?? CRYPTO_24X7;
  const n = cols.time.length;
  const time = cols.time;
  const maxFindings = opts.maxFindings ?? 100;
  const keep = new Uint8Array(n).fill(1);
  const fill = new Uint8Array(n);
  const results: CheckResult[] = [];
  let rejected = false;

  const apply = (id: CheckId, findings: Finding[], rowsOf: (f: Finding) => number[] = (f) => [f.row]): void => {
    const policy = policies[id];
    if (!policy) return;
    let action = findings.length === 0 ? 'none' : 'flagged';
    if (findings.length > 0) {
      if (policy === 'reject') {
        rejected = true;
        action = 'rejected dataset';
      } else if (policy === 'drop') {
        let c = 0;
        for (const f of findings) for (const r of rowsOf(f)) if (keep[r]) (keep[r] = 0), c++;
        action = `dropped ${c} row(s)`;
      } else if (policy === 'forwardFill' && id !== 'gaps') {
        let c = 0;
        for (const f of findings) for (const r of rowsOf(f)) if (keep[r] && !fill[r]) (fill[r] = 1), c++;
        action = `forward-filled ${c} row(s)`;
      }
    }
    results.push({ id, policy, count: findings.length, findings: findings.slice(0, maxFindings), action });
  };

  const ooo = findOutOfOrder(time);
  apply('outOfOrder', ooo);
  const oooRows = new Set(policies.outOfOrder === 'drop' ? ooo.map((f) => f.row) : []);
  if (policies.duplicates) apply('duplicates', findDuplicates(cols, oooRows, kind !== 'bars'));
  apply('nonPositive', findNonPositive(kind, cols));
  if (kind === 'bars') apply('ohlc', findOhlc(cols));
  if (kind === 'quotes') apply('crossed', findCrossed(cols));

  const trusted = (): number[] => {
    const o: number[] = [];
    for (let i = 0; i < n; i++) if (keep[i] && !fill[i]) o.push(i);
    return o;
  };
  let order = trusted();
  apply('spikes', findSpikes(priceSeries(kind, cols), time, order, opts.spikeZ ?? 8));
  order = trusted();
  const pos = new Int32Array(n).fill(-1);
  order.forEach((r, k) => (pos[r] = k));
  const runRows = (f: Finding, from: number): number[] => {
    const k = pos[f.row];
    return order.slice(k + from, k + from + (f.length ?? 1));
  };
  if (kind !== 'trades') apply('stale', findStale(kind, cols, order, opts.staleRun ?? 30), (f) => runRows(f, 0));
  if (kind === 'bars') {
    const anyVolume = cols.volume.some((v) => v !== 0);
    apply('zeroVolume', anyVolume ? findZeroVolume(cols, order, opts.zeroVolumeRun ?? 5) : [], (f) => runRows(f, 0));
  }

  // Materialise kept rows, forward-filling the marked ones from the last output row.
  const fields = Object.keys(cols);
  const outIdx: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) outIdx.push(i);
  let out: Columns = {};
  for (const f of fields) out[f] = new Float64Array(outIdx.length);
  let m = 0;
  for (const i of outIdx) {
    if (fill[i]) {
      if (m === 0) continue; // nothing before it to carry forward
      for (const f of fields) out[f][m] = out[f][m - 1];
      out.time[m] = time[i];
      flatten(kind, out, m);
    } else for (const f of fields) out[f][m] = cols[f][i];
    m++;
  }
  for (const f of fields) out[f] = out[f].subarray(0, m);

  const step = opts.timeframeMs ?? inferStep(out.time);
  if (kind === 'bars' && policies.gaps) {
    const all = Array.from({ length: m }, (_, k) => k);
    const g = step > 0 ? findGaps(out.time, all, step, cal) : { findings: [], slots: [] };
    apply('gaps', g.findings);
    if (policies.gaps === 'forwardFill' && g.findings.length > 0) {
      out = fillGaps(out, g.findings.map((f) => f.row), g.slots);
      results[results.length - 1].action = `inserted ${g.slots.reduce((s, x) => s + x.length, 0)} flat bar(s)`;
    }
  }
  const report: QualityReport = {
    dataset: opts.dataset ?? 'dataset',
    kind,
    rowsIn: n,
    rowsOut: out.time.length,
    timeframeMs: step,
    calendar: cal.kind === 'exchange' ? cal.name : cal.kind,
    first: n ? time[0] : NaN,
    last: n ? time[n - 1] : NaN,
    rejected,
    checks: results,
  };
  return { report, columns: out };
}

/** A forward-filled row carries the last price with no activity. */
function flatten(kind: DataKind, c: Columns, m: number): void {
  if (kind === 'bars') {
    c.open[m] = c.high[m] = c.low[m] = c.close[m];
    c.volume[m] = 0;
  } else if (kind === 'quotes') c.bidSize[m] = c.askSize[m] = 0;
  else c.size[m] = 0;
}

function fillGaps(c: Columns, beforeRows: number[], slots: number[][]): Columns {
  const extra = slots.reduce((s, x) => s + x.length, 0);
  const n = c.time.length;
  const out: Columns = {};
  for (const f of Object.keys(c)) out[f] = new Float64Array(n + extra);
  let g = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (g < beforeRows.length && beforeRows[g] === i) {
      for (const t of slots[g]) {
        out.time[m] = t;
        out.open[m] = out.high[m] = out.low[m] = out.close[m] = c.close[i - 1];
        out.volume[m] = 0;
        m++;
      }
      g++;
    }
    for (const f of Object.keys(c)) out[f][m] = c[f][i];
    m++;
  }
  return out;
}
