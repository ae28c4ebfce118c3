import type { BarType } from './bar-type.ts';

/**
 * An OHLCV bar. Plain class with numeric fields and no getters: the engine pushes millions per second.
 * Timestamps are epoch milliseconds; `tsEvent` is the bar's CLOSE time (the moment it became known),
 * `tsInit` when the object was created (equal in backtests).
 * The constructor does not validate (hot path); call `checkBar()` at the data boundary.
 */
export class Bar {
  constructor(
    public barType: BarType,
    public open: number,
    public high: number,
    public low: number,
    public close: number,
    public volume: number,
    public tsEvent: number,
    public tsInit: number,
  ) {}
}

/** Why a bar is malformed (NaN/negative prices, high below open/close, low above them, negative volume), or null. */
export function checkBar(bar: Bar): string | null {
  const { open, high, low, close, volume } = bar;
  if (!(open > 0 && high > 0 && low > 0 && close > 0) || !Number.isFinite(open + high + low + close)) {
    return `${where(bar)}: prices must be finite and above 0 (open ${open}, high ${high}, low ${low}, close ${close})`;
  }
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    return `${where(bar)}: high ${high} / low ${low} do not bound open ${open} and close ${close}`;
  }
  if (!(volume >= 0) || !Number.isFinite(volume)) return `${where(bar)}: volume ${volume} must be a finite number >= 0`;
  if (!Number.isFinite(bar.tsEvent)) return `${where(bar)}: tsEvent must be epoch milliseconds`;
  return null;
}

/** Built only when something is wrong: no string work on the hot path. */
function where(bar: Bar): string {
  return `Bar ${bar.barType.key} at ${bar.tsEvent}`;
}
