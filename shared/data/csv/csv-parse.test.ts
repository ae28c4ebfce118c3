import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCsvLayout, parseCsv } from './index.ts';

const SP500 = '/work/shared/data/sp500-daily-2000-2020.csv';

describe('parseCsv', () => {
  it('reads the S&P 500 daily file (Yahoo layout, Adj Close ignored)', () => {
    const text = readFileSync(new URL('../fixtures/sp500-head.csv', import.meta.url), 'utf8');
    const r = parseCsv(text, { file: 'sp500-head.csv' });
    expect(r.issues).toEqual([]);
    expect(r.kind).toBe('bars');
    expect(r.rows).toBe(5);
    expect(r.columns.time[0]).toBe(Date.UTC(2000, 0, 3));
    expect(r.columns.open[0]).toBe(1469.25);
    expect(r.columns.high[1]).toBe(1455.219971);
    expect(r.columns.low[2]).toBe(1377.680054);
    expect(r.columns.close[4]).toBe(1441.469971);
    expect(r.columns.volume[0]).toBe(931800000);
  });

  it('semicolon delimiter with decimal commas and DD.MM.YYYY dates (Dukascopy export style)', () => {
    const text = 'Gmt time;Open;High;Low;Close;Volume\n15.01.2024 13:00:00.000;1,09512;1,09600;1,09450;1,09555;1234,5\n15.01.2024 14:00:00.000;1,09555;1,09700;1,09500;1,09650;99\n';
    const r = parseCsv(text);
    expect(r.issues).toEqual([]);
    expect(r.layout.delimiter).toBe(';');
    expect(r.layout.decimalComma).toBe(true);
    expect(Array.from(r.columns.time)).toEqual([Date.UTC(2024, 0, 15, 13), Date.UTC(2024, 0, 15, 14)]);
    expect(r.columns.open[0]).toBe(1.09512);
    expect(r.columns.volume[0]).toBe(1234.5);
  });

  it('MetaTrader headerless: date and time in separate columns, tab delimited', () => {
    const text = '2024.03.01\t09:30\t100.5\t101\t99.5\t100.25\t42\n2024.03.01\t09:31\t100.25\t100.5\t100\t100.1\t7\n';
    const r = parseCsv(text);
    expect(r.layout.hasHeader).toBe(false);
    expect(r.layout.delimiter).toBe('\t');
    expect(r.layout.map).toMatchObject({ date: 0, clock: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 });
    expect(r.columns.time[1]).toBe(Date.UTC(2024, 2, 1, 9, 31));
    expect(r.columns.volume[0]).toBe(42);
  });

  it('epoch seconds and epoch milliseconds are told apart by magnitude', () => {
    const s = parseCsv('time,open,high,low,close\n1700000000,1,2,0.5,1.5\n');
    expect(s.columns.time[0]).toBe(1_700_000_000_000);
    const ms = parseCsv('open_time,open,high,low,close,volume\n1700000000123,1,2,0.5,1.5,3\n');
    expect(ms.columns.time[0]).toBe(1_700_000_000_123);
  });

  it('applies the time zone option to wall-clock times, across a DST change', () => {
    // New York: 2024-03-08 is EST (UTC-5), 2024-03-11 is EDT (UTC-4).
    const text = 'Date,Time,Open,High,Low,Close,Volume\n03/08/2024,09:30,1,1,1,1,1\n03/11/2024,09:30,1,1,1,1,1\n';
    const r = parseCsv(text, { timeZone: 'America/New_York' });
    expect(r.issues).toEqual([]);
    expect(r.columns.time[0]).toBe(Date.UTC(2024, 2, 8, 14, 30));
    expect(r.columns.time[1]).toBe(Date.UTC(2024, 2, 11, 13, 30));
  });

  it('an explicit offset in the value wins over the zone option', () => {
    const r = parseCsv('timestamp,price,size,side\n2024-01-02T10:00:00.250+02:00,50000.5,0.01,buy\n2024-01-02T08:00:01Z,50001,0.2,sell\n', { timeZone: 'Asia/Tokyo' });
    expect(r.kind).toBe('trades');
    expect(r.columns.time[0]).toBe(Date.UTC(2024, 0, 2, 8, 0, 0, 250));
    expect(r.columns.time[1]).toBe(Date.UTC(2024, 0, 2, 8, 0, 1));
    expect(Array.from(r.columns.side)).toEqual([1, -1]);
  });

  it('DD/MM vs MM/DD is decided by a day above 12, and flagged when it cannot be', () => {
    const dmy = parseCsv('date,close\n13/01/2024,5\n14/01/2024,6\n');
    expect(dmy.columns.time[0]).toBe(Date.UTC(2024, 0, 13));
    expect(dmy.columns.open[0]).toBe(5); // close-only -> o = h = l = c
    const amb = detectCsvLayout('date,close\n01/02/2024,5\n');
    expect(amb.warnings.join(' ')).toMatch(/day and month/);
  });

  it('quoted fields with embedded delimiters and quotes', () => {
    const r = parseCsv('"Date","Open","High","Low","Close","Volume"\n"2024-01-02","1,000.5","1","1","1","1"\n', { mapping: {} });
    // "1,000.5" is not a number we accept silently: a thousands separator would be misread.
    expect(r.issues[0]).toMatchObject({ line: 2, column: 'open' });
  });

  it('quotes data: bid/ask with sizes', () => {
    const r = parseCsv('time,bid,ask,bid_size,ask_size\n2024-01-02 00:00:00.001,1.1,1.2,3,4\n');
    expect(r.kind).toBe('quotes');
    expect(r.columns.time[0]).toBe(Date.UTC(2024, 0, 2, 0, 0, 0, 1));
    expect(r.columns.askSize[0]).toBe(4);
  });

  it('reports every malformed row with file, line and reason, and counts them all', () => {
    const text = 'time,open,high,low,close,volume\n2024-01-01,1,2,0.5,1,10\n2024-01-02,1,2,x,1,10\n\n2024-13-01,1,2,0.5,1,10\n2024-01-04,1,2\n';
    const r = parseCsv(text, { file: 'bad.csv' });
    expect(r.issueCount).toBe(3);
    expect(r.issues).toEqual([
      { file: 'bad.csv', line: 3, column: 'low', reason: "cannot read low 'x' as a number" },
      { file: 'bad.csv', line: 5, column: 'time', reason: "cannot read the timestamp '2024-13-01'" },
      { file: 'bad.csv', line: 6, reason: "expected at least 6 fields separated by ',', found 3" },
    ]);
  });

  it('CRLF line ends and a byte-order mark', () => {
    const r = parseCsv('\ufeffDate,Close\r\n20240102,7.5\r\n20240103,7.25\r\n');
    expect(r.issues).toEqual([]);
    expect(Array.from(r.columns.close)).toEqual([7.5, 7.25]);
    expect(r.columns.time[1]).toBe(Date.UTC(2024, 0, 3));
  });

  it('the whole S&P 500 file parses: 5105 rows', () => {
    const r = parseCsv(readFileSync(SP500, 'utf8'), { file: SP500 });
    expect(r.issueCount).toBe(0);
    expect(r.rows).toBe(5105); // 5106 lines, one header
    expect(r.columns.time[0]).toBe(Date.UTC(2000, 0, 3));
  });

  it('user mapping overrides detection (column mapping in the app)', () => {
    const r = parseCsv('when,px,foo\n2024-01-02,10,1\n', { mapping: { time: 'when', close: 'px' } });
    expect(r.kind).toBe('bars');
    expect(r.columns.close[0]).toBe(10);
  });
});
