import { readFileSync } from 'node:fs';
import type { BarColumns } from '../../shared/api/bars.ts';

/**
 * Loads the embedded S&P 500 daily file (data/sp500-daily-2000-2020.csv: date,open,high,low,close,adjclose,volume).
 * `time` is the trading date at 00:00 UTC. The file is ours and fixed, so a malformed row is a hard error that names
 * the line, not something to skip silently.
 */
export function loadSpxDaily(path: string): BarColumns {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]?.split(',');
  if (!header || header.join(',') !== 'date,open,high,low,close,adjclose,volume') {
    throw new Error(`${path}: unexpected header '${lines[0] ?? ''}' (want date,open,high,low,close,adjclose,volume)`);
  }
  const out: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(f[0] ?? '');
    const nums = f.slice(1).map(Number);
    if (f.length !== 7 || !m || nums.some((x) => !Number.isFinite(x))) {
      throw new Error(`${path}:${i + 1}: malformed row '${lines[i]}'`);
    }
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (out.time.length && t <= out.time[out.time.length - 1]) throw new Error(`${path}:${i + 1}: dates not increasing`);
    out.time.push(t);
    out.open.push(nums[0]);
    out.high.push(nums[1]);
    out.low.push(nums[2]);
    out.close.push(nums[3]);
    out.volume.push(nums[5]);
  }
  return out;
}
