/**
 * Sliding-window maximum / minimum with a monotonic deque: O(1) amortised per step, for both the streaming and the
 * batch paths. Ties keep the newest index (TA-Lib's AROON reports the most recent extreme on ties).
 */
export class SlidingExtreme {
  private readonly idx: Int32Array | Float64Array;
  private readonly val: Float64Array;
  private readonly cap: number;
  private head = 0;
  private tail = 0; // exclusive; count = tail - head (indices into a ring of size cap)
  private t = -1; // index of the last pushed value

  /** `max`: true for a maximum, false for a minimum. `period`: window length in values. */
  constructor(readonly period: number, readonly max: boolean) {
    this.cap = period + 1;
    this.idx = new Float64Array(this.cap);
    this.val = new Float64Array(this.cap);
  }

  /** Pushes the next value; returns the extreme over the last `period` values (including this one). */
  push(x: number): number {
    const cap = this.cap;
    const t = ++this.t;
    // Drop from the back everything the new value dominates (>= for max: equal older values never win again).
    if (this.max) {
      while (this.tail > this.head && this.val[(this.tail - 1) % cap] <= x) this.tail--;
    } else {
      while (this.tail > this.head && this.val[(this.tail - 1) % cap] >= x) this.tail--;
    }
    this.val[this.tail % cap] = x;
    this.idx[this.tail % cap] = t;
    this.tail++;
    // Drop from the front what has left the window.
    if (this.idx[this.head % cap] <= t - this.period) this.head++;
    if (this.head >= cap) {
      this.head -= cap;
      this.tail -= cap;
    }
    return this.val[this.head % cap];
  }

  /** The extreme over the window. */
  get value(): number {
    return this.val[this.head % this.cap];
  }

  /** How many steps ago the extreme occurred (0 = the latest value). */
  get age(): number {
    return this.t - this.idx[this.head % this.cap];
  }

  /** Number of values pushed since the last reset. */
  get count(): number {
    return this.t + 1;
  }

  reset(): void {
    this.head = 0;
    this.tail = 0;
    this.t = -1;
  }
}

/**
 * Batch rolling max (or min) of x over `period` into out[i] for i >= period-1 (earlier entries untouched).
 * Uses an Int32Array deque of indices: no allocation per element.
 */
export function rollingExtreme(x: Float64Array, period: number, max: boolean, out: Float64Array, dq?: Int32Array): void {
  const n = x.length;
  const q = dq && dq.length >= n ? dq : new Int32Array(Math.max(n, 1));
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (max) {
      while (tail > head && x[q[tail - 1]] <= v) tail--;
    } else {
      while (tail > head && x[q[tail - 1]] >= v) tail--;
    }
    q[tail++] = i;
    if (q[head] <= i - period) head++;
    if (i >= period - 1) out[i] = x[q[head]];
  }
}
