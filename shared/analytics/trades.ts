import type { TradeRecord } from './types.ts';

export interface TradeStats {
  tradeCount: number;
  wins: number;
  losses: number;
  /** wins / tradeCount; a trade with pnl exactly 0 is neither a win nor a loss but counts in the denominator. NaN without trades. */
  winRate: number;
  grossProfit: number;
  /** Sum of losing trades' pnl, a number <= 0. */
  grossLoss: number;
  /** grossProfit / |grossLoss|; Infinity with profits and no losses; NaN with neither. */
  profitFactor: number;
  /** Mean net pnl per trade (account currency); NaN without trades. */
  expectancy: number;
  /** Mean pnl of winning trades / of losing trades (the latter negative); NaN when there are none. */
  averageWin: number;
  averageLoss: number;
  /** averageWin / |averageLoss|. */
  payoffRatio: number;
  largestWin: number;
  largestLoss: number;
  /** Sum of fees over the trades. */
  totalFees: number;
  netPnl: number;
  /** Mean holding time in milliseconds. */
  averageHoldingMs: number;
}

export function tradeStats(trades: readonly TradeRecord[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let fees = 0;
  let largestWin = NaN;
  let largestLoss = NaN;
  let holding = 0;
  for (const t of trades) {
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
      if (!(t.pnl <= largestWin)) largestWin = t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      grossLoss += t.pnl;
      if (!(t.pnl >= largestLoss)) largestLoss = t.pnl;
    }
    fees += t.fees;
    holding += t.exitTs - t.entryTs;
  }
  const n = trades.length;
  const averageWin = wins > 0 ? grossProfit / wins : NaN;
  const averageLoss = losses > 0 ? grossLoss / losses : NaN;
  return {
    tradeCount: n,
    wins,
    losses,
    winRate: n > 0 ? wins / n : NaN,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss < 0 ? grossProfit / -grossLoss : grossProfit > 0 ? Infinity : NaN,
    expectancy: n > 0 ? (grossProfit + grossLoss) / n : NaN,
    averageWin,
    averageLoss,
    payoffRatio: averageWin / -averageLoss,
    largestWin,
    largestLoss,
    totalFees: fees,
    netPnl: grossProfit + grossLoss,
    averageHoldingMs: n > 0 ? holding / n : NaN,
  };
}

/** Traded notional of one round trip: (entry price + exit price) * qty * multiplier. */
export function tradeNotional(t: TradeRecord): number {
  return (t.entryPrice + t.exitPrice) * t.qty * (t.multiplier ?? 1);
}
