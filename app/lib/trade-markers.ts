import type { SeriesMarker, Time } from 'lightweight-charts';
import type { CandleRow } from './chart-data.ts';

export interface TradeLike {
  side: 'LONG' | 'SHORT';
  entryTs: number;
  exitTs: number;
  pnl: number;
}

/** Index of the last bar that opened at or before `ms` (bars sorted by time in seconds); -1 if none. */
export function barAt(rows: readonly CandleRow[], ms: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0 || rows[0].time * 1000 > ms) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid].time * 1000 <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Entry and exit markers for backtest trades. A fill's timestamp is the instant it happened; the marker goes on
 * the bar that was open at that instant (a market order placed at a bar's close fills at the next bar's open).
 * Sorted by time, as lightweight-charts requires.
 */
export function tradeMarkers(trades: readonly TradeLike[], rows: readonly CandleRow[], max = 2000): SeriesMarker<Time>[] {
  const out: SeriesMarker<Time>[] = [];
  for (const t of trades.slice(0, max)) {
    const e = barAt(rows, t.entryTs);
    const x = barAt(rows, t.exitTs);
    if (e >= 0) {
      out.push(
        t.side === 'LONG'
          ? { time: rows[e].time as unknown as Time, position: 'belowBar', color: '#2f81f7', shape: 'arrowUp', text: 'Buy' }
          : { time: rows[e].time as unknown as Time, position: 'aboveBar', color: '#d2a8ff', shape: 'arrowDown', text: 'Sell short' },
      );
    }
    if (x >= 0) {
      out.push({
        time: rows[x].time as unknown as Time,
        position: t.side === 'LONG' ? 'aboveBar' : 'belowBar',
        color: t.pnl >= 0 ? '#26a69a' : '#ef5350',
        shape: 'circle',
        text: `Exit ${t.pnl >= 0 ? '+' : ''}${t.pnl.toFixed(0)}`,
      });
    }
  }
  return out.sort((a, b) => (a.time as number) - (b.time as number));
}
