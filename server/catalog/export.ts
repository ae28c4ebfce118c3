/**
 * Catalog -> Parquet (hyparquet-writer): the interchange format NautilusTrader's catalog and DuckDB read.
 * `time` is written as TIMESTAMP (ms, UTC), the other fields as DOUBLE.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { fieldsOf, type Columns, type DataKind } from '../../shared/data/columns.ts';

export function columnsToParquet(kind: DataKind, cols: Columns): Uint8Array {
  const columnData = fieldsOf(kind).map((name) =>
    name === 'time'
      ? { name: 'timestamp', data: Array.from(cols.time, (t) => new Date(t)), type: 'TIMESTAMP' as const }
      : { name, data: cols[name], type: 'DOUBLE' as const },
  );
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}
