import type { StoredResult, WorkspaceStore } from '../storage/index.ts';
import type { BacktestRunner } from './backtest-runner.svelte.ts';
import { reopenStoredResult } from './saved-run.ts';

// The backtest results kept in IndexedDB, listed in the Backtests view: reopen one as a full report, tick it
// for the side-by-side comparison, or delete it. Imported results are here too: they share the table.

export interface SavedRunRow {
  id: string;
  name: string;
  instrument: string;
  timeframe: string;
  createdAt: number;
  totalReturn: number | undefined;
  sharpe: number | undefined;
  maxDrawdown: number | undefined;
  trades: number | undefined;
}

export function toRow(r: StoredResult): SavedRunRow {
  const m = r.metrics;
  return {
    id: r.id, name: r.name, instrument: r.dataset.instrument, timeframe: r.dataset.timeframe, createdAt: r.createdAt,
    totalReturn: m.totalReturn, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, trades: m.tradeCount,
  };
}

export class SavedRuns {
  rows = $state.raw<SavedRunRow[]>([]);
  loaded = $state(false);
  /** Why the last open or delete failed, for the trader to read (an old record, a storage error). */
  message = $state<string | null>(null);

  constructor(
    private readonly store: WorkspaceStore | null,
    private readonly runner: BacktestRunner,
  ) {}

  async refresh(): Promise<void> {
    if (!this.store) return;
    try {
      this.rows = (await this.store.listResults()).map(toRow);
    } catch (err) {
      this.message = `Could not read the saved runs from this browser's storage: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.loaded = true;
  }

  /** Loads a saved run into the runner (shown, and available to compare); false with `message` set when it cannot. */
  async load(id: string): Promise<boolean> {
    this.message = null;
    if (this.runner.runs.some((r) => r.id === id)) return true;
    const r = await this.store?.getResult(id);
    if (!r) {
      this.message = 'That saved run is no longer in this browser (deleted in another tab?).';
      await this.refresh();
      return false;
    }
    const back = reopenStoredResult(r);
    if (!back.ok) {
      this.message = back.error;
      return false;
    }
    this.runner.show(back.run);
    return true;
  }

  async open(id: string): Promise<void> {
    if (await this.load(id)) this.runner.currentId = id;
  }

  async toggleCompare(id: string): Promise<void> {
    if (this.runner.compare.includes(id)) this.runner.toggleCompare(id);
    else if (await this.load(id)) this.runner.toggleCompare(id);
  }

  async remove(id: string): Promise<void> {
    this.message = null;
    try {
      await this.store?.deleteResult(id);
    } catch (err) {
      this.message = `Could not delete the saved run: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    this.runner.forget(id);
    await this.refresh();
  }
}
