import { describe, expect, it } from 'vitest';
import { kWayMerge, mergeIterables } from './merge.ts';
import { alignBars, asOfIndex, filterSessions } from './align.ts';
import { NYSE } from './calendar/sessions.ts';
import type { BarColumns } from './columns.ts';

describe('kWayMerge', () => {
  it('interleaves by time with ties broken by stream order, then row order', () => {
    const m = kWayMerge([[1, 3, 3, 7], [2, 3, 8], [], [0, 3]]);
    expect(Array.from(m.time)).toEqual([0, 1, 2, 3, 3, 3, 3, 7, 8]);
    expect(Array.from(m.stream)).toEqual([3, 0, 1, 0, 0, 1, 3, 0, 1]);
    expect(Array.from(m.row)).toEqual([0, 0, 0, 1, 2, 1, 1, 3, 2]);
  });
  it('matches a stable sort on random streams', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const streams = Array.from({ length: 10 }, () => {
      const a: number[] = [];
      let t = 0;
      for (let i = 0; i < 200; i++) a.push((t += Math.floor(rnd() * 3)));
      return a;
    });
    const expected = streams.flatMap((s, si) => s.map((t, r) => ({ t, si, r }))).sort((a, b) => a.t - b.t || a.si - b.si || a.r - b.r);
    const m = kWayMerge(streams);
    expect(Array.from(m.stream)).toEqual(expected.map((e) => e.si));
    expect(Array.from(m.row)).toEqual(expected.map((e) => e.r));
  });
  it('refuses an unsorted stream', () => expect(() => kWayMerge([[1, 2], [5, 4]])).toThrow(/stream 1 is not sorted at row 1/));
  it('lazy merge over iterables', () => {
    const out = [...mergeIterables([[{ t: 2 }, { t: 4 }], [{ t: 1 }, { t: 4 }]], (x) => x.t)].map((e) => `${e.source}@${e.item.t}`);
    expect(out).toEqual(['1@1', '0@2', '0@4', '1@4']);
  });
});

const mk = (rows: [number, number][]): BarColumns => ({
  time: Float64Array.from(rows.map((r) => r[0])),
  open: Float64Array.from(rows.map((r) => r[1])),
  high: Float64Array.from(rows.map((r) => r[1])),
  low: Float64Array.from(rows.map((r) => r[1])),
  close: Float64Array.from(rows.map((r) => r[1])),
  volume: Float64Array.from(rows.map(() => 1)),
});

describe('alignBars', () => {
  const a = mk([[1, 10], [2, 11], [4, 13]]);
  const b = mk([[2, 20], [3, 21], [4, 22], [5, 23]]);
  it('inner join keeps common times only', () => {
    const r = alignBars([{ id: 'A', bars: a }, { id: 'B', bars: b }], { join: 'inner' });
    expect(Array.from(r.time)).toEqual([2, 4]);
    expect(Array.from(r.series[1].bars.close)).toEqual([20, 22]);
  });
  it('outer join forward-fills from the past only, and drops leading rows', () => {
    const r = alignBars([{ id: 'A', bars: a }, { id: 'B', bars: b }], { join: 'outer' });
    expect(Array.from(r.time)).toEqual([2, 3, 4, 5]);
    expect(Array.from(r.series[0].bars.close)).toEqual([11, 11, 13, 13]);
    expect(Array.from(r.series[0].filled)).toEqual([0, 1, 0, 1]);
    expect(r.series[0].bars.volume[1]).toBe(0);
    const keep = alignBars([{ id: 'A', bars: a }, { id: 'B', bars: b }], { join: 'outer', dropLeading: false });
    expect(keep.series[1].filled[0]).toBe(2);
    expect(keep.series[1].bars.close[0]).toBeNaN();
  });
  it('asOf uses a bar only after it has closed', () => {
    const D = 24;
    // daily bars at 0 and 24; hourly targets at 23, 24, 47, 48
    expect(Array.from(asOfIndex([23, 24, 47, 48], [0, 24], D))).toEqual([-1, 0, 0, 1]);
  });
});

describe('sessions in alignment', () => {
  it('crypto 24x7 bars restricted to NYSE regular hours, then inner-joined with an equity', () => {
    const H = 3_600_000;
    // Tuesday 2024-01-02, 13:00..22:00 UTC hourly; NYSE is open 14:30-21:00 UTC, so the 15:00..20:00 bars stay.
    const btc = mk(Array.from({ length: 10 }, (_, i) => [Date.UTC(2024, 0, 2, 13) + i * H, 40_000 + i] as [number, number]));
    const onSession = filterSessions(btc, NYSE, H);
    expect(Array.from(onSession.time).map((t) => new Date(t).getUTCHours())).toEqual([15, 16, 17, 18, 19, 20]);
    const spy = mk([[Date.UTC(2024, 0, 2, 15), 470], [Date.UTC(2024, 0, 2, 16), 471]]);
    const r = alignBars([{ id: 'BTC', bars: onSession }, { id: 'SPY', bars: spy }], { join: 'inner' });
    expect(Array.from(r.series[0].bars.close)).toEqual([40_002, 40_003]);
  });
});
