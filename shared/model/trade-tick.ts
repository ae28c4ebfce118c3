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
  const where = `Trade ${t.instrumentId} at ${t.tsEvent}`;
  if (!(t.price > 0) || !Number.isFinite(t.price)) return `${where}: price ${t.price} must be finite and above 0`;
  if (!(t.size >= 0) || !Number.isFinite(t.size)) return `${where}: size ${t.size} must be finite and >= 0`;
  if (!Number.isFinite(t.tsEvent)) return `${where}: tsEvent must be epoch milliseconds`;
  return null;
}
