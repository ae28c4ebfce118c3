import type { InstrumentId } from './identifiers.ts';

/** Top of book. Plain numeric class (hot path); validate with `checkQuoteTick()` at the data boundary. */
export class QuoteTick {
  constructor(
    public instrumentId: InstrumentId,
    public bid: number,
    public ask: number,
    public bidSize: number,
    public askSize: number,
    public tsEvent: number,
    public tsInit: number,
  ) {}
}

/** Why a quote is malformed (NaN/non-positive prices, crossed book, negative sizes), or null. */
export function checkQuoteTick(q: QuoteTick): string | null {
  if (!(q.bid > 0 && q.ask > 0) || !Number.isFinite(q.bid + q.ask)) return `${where(q)}: bid ${q.bid} / ask ${q.ask} must be finite and above 0`;
  if (q.bid > q.ask) return `${where(q)}: bid ${q.bid} is above ask ${q.ask} (crossed book)`;
  if (!(q.bidSize >= 0 && q.askSize >= 0) || !Number.isFinite(q.bidSize + q.askSize)) return `${where(q)}: sizes must be finite and >= 0`;
  if (!Number.isFinite(q.tsEvent)) return `${where(q)}: tsEvent must be epoch milliseconds`;
  return null;
}

/** Built only when something is wrong: no string work on the hot path. */
function where(q: QuoteTick): string {
  return `Quote ${q.instrumentId} at ${q.tsEvent}`;
}
