/**
 * K-way merge of time-ordered data streams into one stream, in O(log k) per item, holding one item per stream.
 *
 * Ordering rule (documented in docs/engine.md), for items of different streams:
 *   1. timestamp, ascending;
 *   2. data kind: BAR before QUOTE before TRADE (a bar stamped t summarises the interval ending at t, which precedes
 *      anything that happens at t; a quote sets the book a trade at the same instant prints against);
 *   3. instrument id (bar type for bars), in code-unit string order;
 *   4. the order the streams were added (insertion order).
 * Within one stream items keep their order (a stream may mix kinds and instruments). A stream whose timestamps go backwards is not reordered: the merge
 * reports that item to the consumer's `onBackwards` and drops it (see BacktestEngine: a typed DataError, not a crash).
 *
 * Up to RING_MAX streams the heads are kept in a sorted ring instead of a binary heap: a stream whose next item still
 * comes first stays at the front (one comparison), and one whose next item comes after all others (streams in
 * lockstep: every instrument's bar each minute) goes to the back (one comparison), where a heap would sift it down
 * through log2(k) levels at two comparisons each. Other cases walk from the back: at most k - 1 comparisons, few
 * for a small k. More streams use the heap (O(log k) per item).
 */

/** How to read an item's sort fields. */
export interface MergeKeys<T> {
  ts(item: T): number;
  /** Rank of the item's kind (0 = BAR, 1 = QUOTE, 2 = TRADE). */
  rank(item: T): number;
  /** Tie-break key (instrument id; bar type for bars). */
  key(item: T): string;
}

interface Head<T> {
  it: Iterator<T>;
  index: number;
  item: T;
  ts: number;
  /** rank and key of `item`, read once when it is loaded (ties are common: every instrument's bar at each minute). */
  rank: number;
  key: string;
  /** Ordinal of `key` among all keys seen (in string order), and rank * ORD_SPACE + ord: one number to compare. */
  ord: number;
  tie: number;
  lastTs: number;
}

const ORD_SPACE = 2 ** 24;
/** Most streams merged with the sorted ring (see above); more use the binary heap. */
const RING_MAX = 16;

/** Total order of items of different streams (see the rule above). */
export function compareItems<T>(k: MergeKeys<T>, a: T, b: T): number {
  const ta = k.ts(a);
  const tb = k.ts(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ra = k.rank(a);
  const rb = k.rank(b);
  if (ra !== rb) return ra - rb;
  const ka = k.key(a);
  const kb = k.key(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

/**
 * Pull-based merger. `next()` returns the next item or undefined at the end; `source` is the index of the stream
 * that item came from (valid until the next call).
 */
export class KWayMerge<T> {
  private readonly heap: Head<T>[] = [];
  private readonly heads: Head<T>[] = [];
  /** Ring mode (k <= RING_MAX): heads sorted from ring[front] for `count` entries, indices modulo a power of two. */
  private readonly useRing: boolean;
  private readonly ring: Head<T>[] = [];
  private readonly mask: number;
  private front = 0;
  private count = 0;
  /** More than one source: ties need rank and key (a single source is never compared). */
  private readonly multi: boolean;
  /** Keys seen so far, sorted, and their ordinals (renumbered when a new key sorts between old ones). */
  private readonly sortedKeys: string[] = [];
  private readonly keyOrd = new Map<string, number>();
  source = -1;

  constructor(
    sources: readonly Iterator<T>[],
    private readonly keys: MergeKeys<T>,
    /** Called for an item whose timestamp is before the previous item of its own stream, or not a number; the item is skipped. */
    private readonly onBadTime: (item: T, sourceIndex: number, prevTs: number) => void = () => {},
  ) {
    this.multi = sources.length > 1;
    this.useRing = sources.length <= RING_MAX;
    let cap = 1;
    while (cap < sources.length) cap *= 2;
    this.mask = cap - 1;
    if (this.useRing) for (let i = 0; i < cap; i++) this.ring.push(undefined as unknown as Head<T>);
    for (let i = 0; i < sources.length; i++) {
      const h: Head<T> = { it: sources[i], index: i, item: undefined as T, ts: 0, rank: 0, key: '', ord: -1, tie: 0, lastTs: -Infinity };
      this.heads.push(h);
      if (this.advance(h)) {
        if (this.useRing) this.insertFromBack(h);
        else this.push(h);
      }
    }
  }

  private less(a: Head<T>, b: Head<T>): boolean {
    if (a.ts !== b.ts) return a.ts < b.ts;
    if (a.tie !== b.tie) return a.tie < b.tie;
    return a.index < b.index;
  }

  /** Ordinal of a key in string order; a new key renumbers all (keys are few: instruments and bar types). */
  private ordOf(key: string): number {
    const o = this.keyOrd.get(key);
    if (o !== undefined) return o;
    const ks = this.sortedKeys;
    let lo = 0;
    let hi = ks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ks[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    ks.splice(lo, 0, key);
    for (let i = 0; i < ks.length; i++) this.keyOrd.set(ks[i], i);
    // Old keys keep their relative order, so the heap stays valid; refresh the heads' cached numbers.
    for (const h of this.heads) {
      if (h.ord < 0) continue;
      h.ord = this.keyOrd.get(h.key) as number;
      h.tie = h.rank * ORD_SPACE + h.ord;
    }
    return lo;
  }

  get remainingStreams(): number {
    return this.useRing ? this.count : this.heap.length;
  }

  next(): T | undefined {
    if (this.useRing) return this.nextFromRing();
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const item = top.item;
    this.source = top.index;
    if (this.advance(top)) {
      if (heap.length > 1) this.siftDown(0);
    }
    else {
      const last = heap.pop() as Head<T>;
      if (heap.length > 0) {
        heap[0] = last;
        this.siftDown(0);
      }
    }
    return item;
  }

  private nextFromRing(): T | undefined {
    if (this.count === 0) return undefined;
    const ring = this.ring;
    const mask = this.mask;
    const top = ring[this.front];
    const item = top.item;
    this.source = top.index;
    if (this.advance(top)) {
      // Still first: it stays at the front. Otherwise it leaves the front and goes in from the back.
      if (this.count > 1 && this.less(ring[(this.front + 1) & mask], top)) {
        this.front = (this.front + 1) & mask;
        this.count--;
        this.insertFromBack(top);
      }
    } else {
      this.front = (this.front + 1) & mask;
      this.count--;
    }
    return item;
  }

  /** Inserts `h` into the sorted ring, walking from the back (lockstep streams: one comparison). */
  private insertFromBack(h: Head<T>): void {
    const ring = this.ring;
    const mask = this.mask;
    const front = this.front;
    let j = front + this.count - 1;
    while (j >= front && this.less(h, ring[j & mask])) {
      ring[(j + 1) & mask] = ring[j & mask];
      j--;
    }
    ring[(j + 1) & mask] = h;
    this.count++;
  }

  /** Load the stream's next valid item into `h`; false when the stream is exhausted. */
  private advance(h: Head<T>): boolean {
    for (;;) {
      const r = h.it.next();
      if (r.done === true) return false;
      const ts = this.keys.ts(r.value);
      if (!(ts >= h.lastTs)) {
        // NaN, or earlier than the previous item of this stream.
        this.onBadTime(r.value, h.index, h.lastTs);
        continue;
      }
      h.item = r.value;
      h.ts = ts;
      h.lastTs = ts;
      if (this.multi) {
        const key = this.keys.key(r.value);
        if (key !== h.key || h.ord < 0) {
          h.key = key;
          h.ord = this.ordOf(key);
        }
        h.rank = this.keys.rank(r.value);
        h.tie = h.rank * ORD_SPACE + h.ord;
      }
      return true;
    }
  }

  private push(h: Head<T>): void {
    const heap = this.heap;
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(heap[i], heap[p])) break;
      const t = heap[i];
      heap[i] = heap[p];
      heap[p] = t;
      i = p;
    }
  }

  /** Moves heap[i] down to its place (a hole walks down; one write per level). */
  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const x = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = l;
      let c = heap[l];
      const r = l + 1;
      if (r < n && this.less(heap[r], c)) {
        m = r;
        c = heap[r];
      }
      if (!this.less(c, x)) break;
      heap[i] = c;
      i = m;
    }
    heap[i] = x;
  }
}
