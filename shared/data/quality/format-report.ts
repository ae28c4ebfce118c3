/** Plain-text rendering of a QualityReport for the CLI (the app renders the JSON itself). */
import { CHECKS, type QualityReport } from './types.ts';

const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString().replace('.000Z', 'Z') : '-');

function duration(ms: number): string {
  if (!(ms > 0)) return '?';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function formatReport(r: QualityReport, maxPerCheck = 5): string {
  const lines = [
    `Quality report: ${r.dataset}`,
    `  ${r.kind}, ${r.rowsIn} rows in, ${r.rowsOut} rows out, ${iso(r.first)} .. ${iso(r.last)}, interval ${duration(r.timeframeMs)}, calendar ${r.calendar}`,
    `  verdict: ${r.rejected ? 'REJECTED (a check with policy "reject" found problems)' : 'accepted'}`,
    '',
  ];
  for (const c of r.checks) {
    const mark = c.count === 0 ? 'ok  ' : c.action === 'rejected dataset' ? 'FAIL' : 'warn';
    lines.push(`  [${mark}] ${c.id.padEnd(11)} ${String(c.count).padStart(7)}  policy=${c.policy.padEnd(11)} ${c.count ? c.action : ''}  (${CHECKS[c.id].description})`);
    for (const f of c.findings.slice(0, maxPerCheck)) lines.push(`           row ${f.row + 1} ${iso(f.time)}: ${f.message}`);
    if (c.count > maxPerCheck) lines.push(`           ... ${c.count - maxPerCheck} more`);
  }
  return lines.join('\n');
}
