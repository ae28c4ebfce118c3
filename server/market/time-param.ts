import { badRequest } from '../errors.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const MAX_MS = 8.64e15; // the largest time a JavaScript Date can hold

const HOW = 'Use epoch milliseconds (e.g. 1704067200000) or an ISO date (e.g. 2024-01-01 or 2024-01-01T14:30:00Z).';

/**
 * A `from`/`to` query value -> epoch ms UTC. Accepts whole epoch milliseconds or an ISO-8601 date / date-time;
 * a date-time without a zone is read as UTC (never the server's local zone, which would differ between machines).
 */
export function parseTimeParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const s = raw.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n > MAX_MS) throw badRequest('BAD_RANGE', `${name}=${raw} is out of range (the largest time is ${MAX_MS}). ${HOW}`, { param: name });
    return n;
  }
  const m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, hh = '00', mi = '00', ss = '00', ms = '0', zone = 'Z'] = m;
    const iso = `${y}-${mo}-${d}T${hh}:${mi}:${ss}.${ms.padEnd(3, '0')}${zone}`;
    const t = Date.parse(iso);
    // Date.parse rolls 2024-02-30 over to March; compare the calendar date back to catch that.
    const roll = Number.isFinite(t) && zone === 'Z' && new Date(t).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`;
    if (Number.isFinite(t) && !roll && Number(hh) < 24 && Number(mi) < 60 && Number(ss) < 60) return t;
    throw badRequest('BAD_RANGE', `${name}=${raw} is not a valid date or time. ${HOW}`, { param: name });
  }
  throw badRequest('BAD_RANGE', `${name}=${raw} is not a time. ${HOW}`, { param: name });
}

export const isoOf = (t: number): string => new Date(t).toISOString();
