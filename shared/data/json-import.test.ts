import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseJson } from './json-import.ts';
import { parseParquet } from './parquet-import.ts';
import { parseFile } from './import.ts';
import { DataFormatError } from './errors.ts';

describe('JSON import', () => {
  it('ccxt/Binance OHLCV arrays are positional', () => {
    const r = parseJson('[[1704067200000,"42000.1","42100","41900.5","42050",12.5],[1704067260000,42050,42060,42000,42001,3]]');
    expect(r.kind).toBe('bars');
    expect(r.columns.time[1]).toBe(1704067260000);
    expect(r.columns.open[0]).toBe(42000.1);
    expect(r.columns.volume[0]).toBe(12.5);
  });
  it('objects under a wrapper key with ISO strings', () => {
    const r = parseJson(JSON.stringify({ bars: [{ t: '2024-01-02T00:00:00Z', o: 1, h: 2, l: 0.5, c: 1.5, v: 10 }] }));
    expect(r.columns.time[0]).toBe(Date.UTC(2024, 0, 2));
    expect(r.columns.high[0]).toBe(2);
  });
  it('JSON Lines quotes, epoch seconds', () => {
    const r = parseJson('{"ts":1700000000,"bid":1.1,"ask":1.2}\n\n{"ts":1700000001,"bid":1.15,"ask":1.25}\n');
    expect(r.kind).toBe('quotes');
    expect(Array.from(r.columns.time)).toEqual([1700000000000, 1700000001000]);
  });
  it('bad records are reported by record number', () => {
    const r = parseJson('[{"time":1700000000000,"close":1},{"time":"soon","close":2},{"time":1700000002000,"close":null}]', { file: 'x.json' });
    expect(r.issues).toEqual([
      { file: 'x.json', line: 2, column: 'time', reason: 'cannot read the timestamp "soon"' },
      { file: 'x.json', line: 3, column: 'close', reason: 'missing close' },
    ]);
  });
  it('broken JSON Lines names the line', async () => {
    await expect(parseFile('a.jsonl', new TextEncoder().encode('{"time":1,"close":1}\n{"time":2,"close":\n'))).rejects.toMatchObject({ issues: [{ file: 'a.jsonl', line: 2 }] });
  });
});

describe('Parquet import', () => {
  it('reads a file written by hyparquet-writer with TIMESTAMP and DOUBLE columns', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'timestamp', data: [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 1, 0, 1))], type: 'TIMESTAMP' },
        { name: 'open', data: [1.5, 2.5], type: 'DOUBLE' },
        { name: 'high', data: [2, 3], type: 'DOUBLE' },
        { name: 'low', data: [1, 2], type: 'DOUBLE' },
        { name: 'close', data: [1.75, 2.75], type: 'DOUBLE' },
        { name: 'volume', data: [100n, 200n], type: 'INT64' },
      ],
    });
    const r = await parseParquet(new Uint8Array(buf), { file: 'b.parquet' });
    expect(r.issues).toEqual([]);
    expect(Array.from(r.columns.time)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 1)]);
    expect(Array.from(r.columns.close)).toEqual([1.75, 2.75]);
    expect(Array.from(r.columns.volume)).toEqual([100, 200]);
  });
  it('epoch-ms INT64 time column and detection by magic bytes', async () => {
    const buf = parquetWriteBuffer({ columnData: [{ name: 'ts', data: [1700000000000n], type: 'INT64' }, { name: 'price', data: [5], type: 'DOUBLE' }, { name: 'size', data: [2], type: 'DOUBLE' }] });
    const r = await parseFile('noext', new Uint8Array(buf));
    expect(r.format).toBe('parquet');
    expect(r.kind).toBe('trades');
    expect(r.columns.time[0]).toBe(1700000000000);
  });
  it('a truncated file is a DataFormatError, not a crash', async () => {
    const buf = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1, 2, 3], type: 'DOUBLE' }] }));
    await expect(parseParquet(buf.slice(0, buf.length - 5), { file: 't.parquet' })).rejects.toBeInstanceOf(DataFormatError);
  });
});

describe('parseFile (all-or-nothing)', () => {
  it('rejects the whole CSV when one row is bad', async () => {
    const bytes = new TextEncoder().encode('time,close\n2024-01-01,1\n2024-01-02,oops\n');
    await expect(parseFile('c.csv', bytes)).rejects.toThrow(/c\.csv:3 \[close\]: cannot read close 'oops'/);
  });
});
