import type { AioDb } from './db.ts';
import { buildExportFile, type ExportFile } from './export-file.ts';
import type { StoredResult, StoredStrategy } from './records.ts';

/** Strategies and backtest results kept in this browser, with whole-workspace export and import. */
export class WorkspaceStore {
  constructor(private readonly db: AioDb) {}

  listStrategies(): Promise<StoredStrategy[]> {
    return this.db.strategies.orderBy('updatedAt').reverse().toArray();
  }

  getStrategy(id: string): Promise<StoredStrategy | undefined> {
    return this.db.strategies.get(id);
  }

  async saveStrategy(s: StoredStrategy): Promise<void> {
    await this.db.strategies.put(s);
  }

  /** Deleting a strategy deletes its results too: a result without its strategy cannot be re-run. */
  async deleteStrategy(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.strategies, this.db.results, async () => {
      await this.db.results.where('strategyId').equals(id).delete();
      await this.db.strategies.delete(id);
    });
  }

  listResults(strategyId?: string): Promise<StoredResult[]> {
    const q = strategyId === undefined ? this.db.results.toCollection() : this.db.results.where('strategyId').equals(strategyId);
    return q.reverse().sortBy('createdAt');
  }

  async saveResult(r: StoredResult): Promise<void> {
    await this.db.results.put(r);
  }

  getResult(id: string): Promise<StoredResult | undefined> {
    return this.db.results.get(id);
  }

  async deleteResult(id: string): Promise<void> {
    await this.db.results.delete(id);
  }

  async counts(): Promise<{ strategies: number; results: number }> {
    const [strategies, results] = await Promise.all([this.db.strategies.count(), this.db.results.count()]);
    return { strategies, results };
  }

  async exportAll(now: number): Promise<ExportFile> {
    const [strategies, results] = await Promise.all([this.db.strategies.toArray(), this.db.results.toArray()]);
    return buildExportFile(strategies, results, now);
  }

  /**
   * Write a validated export into the database in one transaction. 'merge' keeps what is here and overwrites
   * records with the same id; 'replace' empties both tables first.
   */
  async importFile(file: ExportFile, mode: 'merge' | 'replace'): Promise<{ strategies: number; results: number }> {
    await this.db.transaction('rw', this.db.strategies, this.db.results, async () => {
      if (mode === 'replace') {
        await this.db.results.clear();
        await this.db.strategies.clear();
      }
      await this.db.strategies.bulkPut(file.strategies);
      await this.db.results.bulkPut(file.results);
    });
    return { strategies: file.strategies.length, results: file.results.length };
  }

  async clearAll(): Promise<void> {
    await this.db.transaction('rw', this.db.strategies, this.db.results, async () => {
      await this.db.results.clear();
      await this.db.strategies.clear();
    });
  }
}
