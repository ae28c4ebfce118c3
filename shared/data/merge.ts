/**
 * Multi-asset synchronisation, part 1: k-way merge of many time-sorted streams into one time-ordered sequence,
 * as the kernel needs to process data across instruments in time order.
 *
 * A binary min-heap keyed on (time, stream index) gives O(N log k). Ties are deterministic: equal timestamps come out
 * by stream index (the order the streams were given), and within a stream in row order — so the same inputs always
 * give the same interleaving on every host.
 */

export interface MergedOrder {
  /** Stream index of each output event. */
  stream: Uint16Array;
  /** Row within its stream of each output event. */
  row: Uint32Array;
  /** Timestamp of each output event. */
  time: Float64Array;
}

/** Merges sorted time columns; throws if a stream is not sorted (merging it would reorder time silently). */
export function kWayMerge(times: ArrayLike<number>[]): MergedOrder {
  const k = times.length;
  if (k > 65535) throw new RangeError('kWayMerge: at most 65535 streams');
  let total = 0;
  for (let s = 0; s < k; s++) {
    const t = times[s];
    for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) throw new RangeError(`kWayMerge: stream ${s} is not sorted at row ${i} (${t[i]} after ${t[i - 1]})`);
    total += t.length;
  }
  const stream = new Uint16Array(total);
  const row = new Uint32Array(total);
  const time = new Float64Array(total);
  // Heap of stream indexes; key = (head time, stream index).
  const heap = new Int32Array(k);
  const head = new Float64Array(k);
  const pos = new Uint32Array(k);
  let size = 0;
  const less = (a: number, b: number): boolean => head[a] < head[b] || (head[a] === head[b] && a < b);
  const siftUp = (i: number): void => {
    const x = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(x, heap[p])) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = x;
  };
  const siftDown = (i: number): void => {
    const x = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && less(heap[c + 1], heap[c])) c++;
      if (!less(heap[c], x)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  };
  for (let s = 0; s < k; s++) {
    if (times[s].length === 0) continue;
    head[s] = times[s][0];
    heap[size++] = s;
    siftUp(size - 1);
  }
  let o = 0;
  while (size > 0) {
    const s = heap[0];
    const t = times[s];
    const i = pos[s];
    stream[o] = s;
    row[o] = i;
    time[o] = head[s];
    o++;
    // Drain the run of this stream that stays strictly before the next stream's head: no heap work per row.
    let j = i + 1;
    if (size > 1) {
      const a = heap[1];
      const b = size > 2 ? heap[2] : a;
      const next = less(a, b) ? a : b;
      const limit = head[next];
      while (j < t.length && (t[j] < limit || (t[j] === limit && s < next))) {
        stream[o] = s;
        row[o] = j;
        time[o] = t[j];
        o++;
        j++;
      }
    } else {
      while (j < t.length) {
        stream[o] = s;
        row[o] = j;
        time[o] = t[j];
        o++;
        j++;
      }
    }
    pos[s] = j;
    if (j < t.length) {
      head[s] = t[j];
      siftDown(0);
    } else {
      heap[0] = heap[--size];
      if (size > 0) siftDown(0);
    }
  }
  return { stream, row, time };
}

/** Lazy k-way merge over any iterables (e.g. live or paged sources). Same tie rule as kWayMerge. */
export function* mergeIterables<T>(sources: Iterable<T>[], timeOf: (x: T) => number): Generator<{ source: number; item: T }> {
  const its = sources.map((s) => s[Symbol.iterator]());
  const heads: { t: number; s: number; item: T }[] = [];
  const less = (a: { t: number; s: number }, b: { t: number; s: number }): boolean => a.t < b.t || (a.t === b.t && a.s < b.s);
  const push = (h: { t: number; s: number; item: T }): void => {
    heads.push(h);
    let i = heads.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heads[i], heads[p])) break;
      [heads[i], heads[p]] = [heads[p], heads[i]];
      i = p;
    }
  };
  const pop = (): { t: number; s: number; item: T } => {
    const top = heads[0];
    const last = heads.pop()!;
    if (heads.length > 0) {
      heads[0] = last;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heads.length) break;
        if (c + 1 < heads.length && less(heads[c + 1], heads[c])) c++;
        if (!less(heads[c], heads[i])) break;
        [heads[i], heads[c]] = [heads[c], heads[i]];
        i = c;
      }
    }
    return top;
  };
  its.forEach((it, s) => {
    const r = it.next();
    if (!r.done) push({ t: timeOf(r.value), s, item: r.value });
  });
  while (heads.length > 0) {
    const h = pop();
    yield { source: h.s, item: h.item };
    const r = its[h.s].next();
    if (!r.done) {
      const t = timeOf(r.value);
      if (t < h.t) throw new RangeError(`mergeIterables: source ${h.s} went back in time (${t} after ${h.t})`);
      push({ t, s: h.s, item: r.value });
    }
  }
}
