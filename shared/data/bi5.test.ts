import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bi5Path, dukascopyScale, parseBi5 } from './bi5.ts';
import { DataFormatError } from './errors.ts';
import { quotesToBars } from './aggregate.ts';

// Fixtures are made by server/adapters/dukascopy/fixtures/make-fixtures.mjs from the hand-written ticks.json.
const dir = new URL('../../server/adapters/dukascopy/fixtures/', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('ticks.json', dir), 'utf8')) as {
  files: { name: string; symbol: string; hourStart: string; scale: number; ticks: { ms: number; ask: number; bid: number; askVolume: number; bidVolume: number }[] }[];
};

describe('bi5', () => {
  it('URL path: zero-padded, 0-based month', () => {
    expect(bi5Path('eurusd', Date.UTC(2024, 0, 15, 13))).toBe('EURUSD/2024/00/15/13h_ticks.bi5');
    expect(bi5Path('USDJPY', Date.UTC(2024, 11, 31, 0))).toBe('USDJPY/2024/11/31/00h_ticks.bi5');
    expect(dukascopyScale('USDJPY')).toBe(1e3);
    expect(dukascopyScale('EURUSD')).toBe(1e5);
  });

  for (const f of spec.files) {
    it(`decodes ${f.name} to the ticks it was made from`, () => {
      const bytes = new Uint8Array(readFileSync(new URL(`datafeed/${f.name}`, dir)));
      const hourStart = Date.parse(f.hourStart);
      const q = parseBi5(bytes, { hourStart, scale: f.scale, file: f.name });
      expect(Array.from(q.time)).toEqual(f.ticks.map((t) => hourStart + t.ms));
      expect(Array.from(q.ask)).toEqual(f.ticks.map((t) => t.ask));
      expect(Array.from(q.bid)).toEqual(f.ticks.map((t) => t.bid));
      expect(Array.from(q.askSize)).toEqual(f.ticks.map((t) => t.askVolume));
      expect(Array.from(q.bidSize)).toEqual(f.ticks.map((t) => t.bidVolume));
    });
  }

  it('ticks -> 1-minute bid bars, hand-computed from ticks.json', () => {
    const f = spec.files[0];
    const q = parseBi5(new Uint8Array(readFileSync(new URL(`datafeed/${f.name}`, dir))), { hourStart: Date.parse(f.hourStart), scale: f.scale });
    const b = quotesToBars(q, { intervalMs: 60_000, price: 'bid', volume: 'bid' });
    const h = Date.parse(f.hourStart);
    expect(Array.from(b.time)).toEqual([h, h + 60_000, h + 59 * 60_000]);
    expect([b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0]]).toEqual([1.09509, 1.09517, 1.09509, 1.09517, 2.25]);
    expect([b.open[1], b.high[1], b.low[1], b.close[1]]).toEqual([1.09498, 1.09527, 1.09498, 1.09527]);
  });

  it('corrupt and truncated input names the file and the problem', () => {
    const corrupt = new Uint8Array(readFileSync(new URL('corrupt.bi5', dir)));
    expect(() => parseBi5(corrupt, { hourStart: 0, scale: 1e5, file: 'corrupt.bi5' })).toThrow(DataFormatError);
    expect(() => parseBi5(new Uint8Array(25), { hourStart: 0, scale: 1e5, file: 'x.bi5', compressed: false })).toThrow(/x\.bi5:2: 25 bytes is not a whole number/);
    const back = new Uint8Array(40);
    new DataView(back.buffer).setUint32(0, 500);
    new DataView(back.buffer).setUint32(20, 100);
    try {
      parseBi5(back, { hourStart: 0, scale: 1e5, file: 'y.bi5', compressed: false });
      expect.unreachable();
    } catch (e) {
      expect((e as DataFormatError).issues[0]).toEqual({ file: 'y.bi5', line: 2, reason: 'time offset 100 ms goes back from 500 ms' });
    }
  });
});
