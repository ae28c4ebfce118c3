import { Dexie, type EntityTable } from 'dexie';
import type { StoredResult, StoredStrategy } from './records.ts';

/** The app's IndexedDB database. Bump the version with a new `stores()` call when an index changes. */
export class AioDb extends Dexie {
  strategies!: EntityTable<StoredStrategy, 'id'>;
  results!: EntityTable<StoredResult, 'id'>;

  constructor(name = 'aio-workspace') {
    super(name);
    this.version(1).stores({
      strategies: 'id, name, updatedAt',
      results: 'id, strategyId, createdAt',
    });
  }
}
