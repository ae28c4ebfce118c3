// Number and time formatting for a trading UI. Times are epoch ms and always shown in UTC, so a bar reads the
// same on every machine and matches the gateway and exported files.

const TF_MS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
};

/** Length of a timeframe such as '15m', '4h', '1d' in ms; undefined for a label we do not know. */
export function timeframeMs(tf: string): number | undefined {
  if (tf in TF_MS) return TF_MS[tf];
  const m = /^(\d+)([mhdw])$/.exec(tf);
  if (!m) return undefined;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

/** True when bars of this timeframe start at midnight UTC, so a date without a clock time is unambiguous. */
export function isDailyOrLonger(tf: string): boolean {
  const ms = timeframeMs(tf);
  return ms !== undefined && ms >= 86_400_000;
}

export function timeframeLabel(tf: string): string {
  const m = /^(\d+)([mhdw])$/.exec(tf);
  if (!m) return tf;
  const n = Number(m[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** '2020-03-16' for daily bars, '2020-03-16 14:30' (UTC) for intraday ones. */
export function formatBarTime(ms: number, tf: string): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (isDailyOrLonger(tf)) return date;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function formatPrice(v: number | undefined, decimals: number): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Compact volume: 931.8M, 12.3K, 950. */
export function formatVolume(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (a >= size) return `${(v / size).toFixed(1)}${suffix}`;
  }
  return a >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(2);
}

/** Signed change in percent with two decimals: '+1.25%', '-0.40%'. */
export function formatChangePct(from: number, to: number): string {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === 0) return '—';
  const pct = ((to - from) / Math.abs(from)) * 100;
  const s = pct.toFixed(2);
  return `${pct > 0 ? '+' : pct < 0 ? '' : '±'}${s === '-0.00' ? '0.00' : s}%`;
}

/** '2000-01-03 → 2020-04-01' for a range of epoch ms. */
export function formatRange(fromMs: number, toMs: number, tf: string): string {
  return `${formatBarTime(fromMs, tf)} → ${formatBarTime(toMs, tf)}`;
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  const s = Math.floor(sec);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
