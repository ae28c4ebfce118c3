// What the app keeps in the browser's IndexedDB. A strategy is stored as its StrategySpec JSON (data, never
// code); a result keeps what the report needs so it can be reopened without re-running the backtest.

export interface StoredStrategy {
  id: string;
  name: string;
  /** The StrategySpec document, stored as plain JSON (its schema version lives inside it). */
  spec: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface DatasetRef {
  instrument: string;
  timeframe: string;
  from?: number;
  to?: number;
  synthetic?: boolean;
}

export interface StoredResult {
  id: string;
  strategyId: string;
  name: string;
  createdAt: number;
  dataset: DatasetRef;
  /** Scalar metrics by name (netProfit, sharpe, maxDrawdown, ...). */
  metrics: Record<string, number>;
  /** Equity curve as parallel columns (epoch ms, account value). */
  equity?: { time: number[]; value: number[] };
  /** Anything else the report needs (trades, monthly returns); opaque to storage. */
  extra?: unknown;
}
