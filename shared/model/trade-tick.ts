import type { AggressorSide } from './enums.ts';
import type { InstrumentId, TradeId } from './identifiers.ts';

/** A trade printed on the venue. Plain numeric class (hot path); validate with `checkTradeTick()`. */
export class TradeTick {
  constructor(
    public instrumentId: InstrumentId,
    public price: number,
    public size: number,
    public aggressorSide: AggressorSide,
    public tradeId: TradeId,
    public tsEvent: number,
    public tsInit: number,
  ) {}
}

export function checkTradeTick(t: TradeTick): string | null {
  if (!(t.price > 0) || !Number.isFinite(t.price)) return `${where(t)}: price ${t.price} must be finite and above 0`;
  if (!(t.size >= 0) || !Number.isFinite(t.size)) return `${where(t)}: size ${t.size} must be finite and >= 0`;
  if (!Number.isFinite(t.tsEvent)) return `${where(t)}: tsEvent must be epoch milliseconds`;
  return null;
}

/** Built only when something is wrong: no string work on the hot path. */
function where(t: TradeTick): string {
  return `Trade ${t.instrumentId} at ${t.tsEvent}`;
}
