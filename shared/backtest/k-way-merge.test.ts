import { describe, expect, it } from 'vitest';
import { KWayMerge, type MergeKeys } from './k-way-merge.ts';

interface Item {
  ts: number;
  tag: string;
  rank?: number;
  key?: string;
}
const keys: MergeKeys<Item> = { ts: (i) => i.ts, rank: (i) => i.rank ?? 1, key: (i) => i.key ?? 'X' };
const src = (items: Item[], rank: number, key: string): Iterator<Item> => items.map((i) => ({ ...i, rank, key }))[Symbol.iterator]();
const drain = (m: KWayMerge<Item>): string[] => {
  const out: string[] = [];
  for (let x = m.next(); x !== undefined; x = m.next()) out.push(x.tag);
  return out;
};

describe('KWayMerge', () => {
  it('merges by timestamp, then kind (bar < quote < trade), then key, then insertion order', () => {
    const m = new KWayMerge(
      [
      src([{ ts: 1, tag: 'tradeB1' }, { ts: 3, tag: 'tradeB3' }], 2, 'B'),
      src([{ ts: 1, tag: 'quoteB1' }, { ts: 2, tag: 'quoteB2' }], 1, 'B'),
      src([{ ts: 1, tag: 'quoteA1' }], 1, 'A'),
      src([{ ts: 1, tag: 'barZ1' }], 0, 'Z'),
      src([{ ts: 1, tag: 'quoteA1-second-stream' }], 1, 'A'),
      ],
      keys,
    );
    expect(drain(m)).toEqual(['barZ1', 'quoteA1', 'quoteA1-second-stream', 'quoteB1', 'tradeB1', 'quoteB2', 'tradeB3']);
  });

  it('keeps equal-timestamp items of one stream in their order', () => {
    const m = new KWayMerge([src([{ ts: 5, tag: 'a', key: 'Z' }, { ts: 5, tag: 'b', key: 'A' }, { ts: 5, tag: 'c' }], 1, 'X')], keys);
    expect(drain(m)).toEqual(['a', 'b', 'c']);
  });

  it('reports and skips items whose time goes backwards or is NaN, without reordering', () => {
    const bad: string[] = [];
    const m = new KWayMerge(
      [src([{ ts: 10, tag: 'a' }, { ts: 5, tag: 'back' }, { ts: NaN, tag: 'nan' }, { ts: 11, tag: 'b' }], 1, 'X')],
      keys,
      (item, s, prev) => bad.push(`${item.tag}@${s}<${prev}`),
    );
    expect(drain(m)).toEqual(['a', 'b']);
    expect(bad).toEqual(['back@0<10', 'nan@0<10']);
  });

  it('works from generators (streams) without materialising them', () => {
    function* gen(n: number, offset: number): Generator<Item> {
      for (let i = 0; i < n; i++) yield { ts: i * 2 + offset, tag: `${offset}:${i}` };
    }
    const m = new KWayMerge<Item>([gen(3, 1), gen(3, 0)], keys);
    expect(drain(m)).toEqual(['0:0', '1:0', '0:1', '1:1', '0:2', '1:2']);
  });
});

describe('KWayMerge tie keys', () => {
  it('orders ties correctly when a new key sorting between known ones appears mid-run', () => {
    const m = new KWayMerge(
      [
        src([{ ts: 1, tag: 'Z1' }, { ts: 2, tag: 'Z2' }, { ts: 3, tag: 'Z3' }], 1, 'Z'),
        src([{ ts: 1, tag: 'A1' }, { ts: 2, tag: 'A2' }, { ts: 3, tag: 'A3' }], 1, 'A'),
        // this stream changes key: K (between A and Z) first appears at ts 2, then it becomes B
        [{ ts: 2, tag: 'K2', rank: 1, key: 'K' }, { ts: 3, tag: 'B3', rank: 1, key: 'B' }][Symbol.iterator](),
      ],
      keys,
    );
    expect(drain(m)).toEqual(['A1', 'Z1', 'A2', 'K2', 'Z2', 'A3', 'B3', 'Z3']);
  });
});

describe('KWayMerge against a sort of all items (ring for few streams, heap for many)', () => {
  /** Park-Miller: a small seeded generator, so a failure reproduces. */
  const rand = (seed: number) => () => (seed = (seed * 48271) % 2147483647) / 2147483647;

  /** Streams with strictly increasing times, so the rule (ts, rank, key, stream) orders every item of the run. */
  function streams(k: number, seed: number, lockstep: boolean): Item[][] {
    const r = rand(seed);
    const out: Item[][] = [];
    for (let s = 0; s < k; s++) {
      const items: Item[] = [];
      let ts = lockstep ? 0 : Math.floor(r() * 5);
      const n = lockstep ? 30 : Math.floor(r() * 40);
      for (let i = 0; i < n; i++) {
        // A few keys shared between streams (ties at one ts), and the odd key change mid-stream.
        const key = String.fromCharCode(65 + Math.floor(r() * (r() < 0.1 ? 26 : 4)));
        items.push({ ts, tag: `${s}:${i}`, rank: lockstep ? 0 : Math.floor(r() * 3), key: lockstep ? `K${s % 7}` : key });
        ts += lockstep ? 60 : 1 + Math.floor(r() * (r() < 0.3 ? 1 : 8));
      }
      out.push(items);
    }
    return out;
  }

  function reference(ss: Item[][]): string[] {
    const all = ss.flatMap((items, s) => items.map((x) => ({ ...x, s })));
    all.sort((a, b) => a.ts - b.ts || a.rank! - b.rank! || (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0) || a.s - b.s);
    return all.map((x) => x.tag);
  }

  for (const k of [1, 2, 3, 10, 16, 17, 40]) {
    for (const lockstep of [false, true]) {
      it(`${k} stream(s), ${lockstep ? 'in lockstep' : 'random times and keys'}`, () => {
        for (let seed = 1; seed <= 20; seed++) {
          const ss = streams(k, seed * 7919 + k, lockstep);
          const m = new KWayMerge(ss.map((items) => items[Symbol.iterator]()), keys);
          expect(drain(m)).toEqual(reference(ss));
          expect(m.remainingStreams).toBe(0);
        }
      });
    }
  }
});
