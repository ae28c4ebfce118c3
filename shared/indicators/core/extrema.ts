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
 * Batch rolling max / min over values only (Stochastic, %R, Donchian, Ichimoku): keep the extreme; when the value
 * leaving the window equals it, rescan the window. The branches are predictable on market data, which makes this
 * faster than a monotonic deque (whose pops mispredict on noisy prices). Worst case (highs strictly falling, for a
 * max) is O(period) per bar. Aroon, which needs the extreme's index, has its own loop; the streaming classes use
 * the deque (SlidingExtreme): O(1) amortised per update.
 */
export function rollingExtreme(x: Float64Array, period: number, max: boolean, out: Float64Array): void {
  if (max) rollingMax(x, period, out);
  else rollingMin(x, period, out);
}

export function rollingMax(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  let m = -Infinity;
  const first = period - 1 < n ? period - 1 : n;
  for (let i = 0; i < first; i++) {
    const v = x[i];
    m = v > m ? v : m;
  }
  for (let i = period - 1; i < n; i++) {
    const v = x[i];
    if (i >= period && x[i - period] === m) {
      m = v;
      for (let j = i - period + 1; j < i; j++) {
        const w = x[j];
        m = w > m ? w : m;
      }
    } else m = v > m ? v : m;
    out[i] = m;
  }
}

export function rollingMin(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  let m = Infinity;
  const first = period - 1 < n ? period - 1 : n;
  for (let i = 0; i < first; i++) {
    const v = x[i];
    m = v < m ? v : m;
  }
  for (let i = period - 1; i < n; i++) {
    const v = x[i];
    if (i >= period && x[i - period] === m) {
      m = v;
      for (let j = i - period + 1; j < i; j++) {
        const w = x[j];
        m = w < m ? w : m;
      }
    } else m = v < m ? v : m;
    out[i] = m;
  }
}

/**
 * Rolling highest high into hh and lowest low into ll (i >= period-1) in one loop (the value-rescan of rollingMax
 * and rollingMin side by side); used by Stochastic, Stochastic RSI and Williams %R. Returns true when an input
 * was NaN (the extremes themselves would skip it).
 */
export function rollingHighLow(h: Float64Array, l: Float64Array, period: number, hh: Float64Array, ll: Float64Array): boolean {
  const n = h.length;
  let mx = -Infinity;
  let mn = Infinity;
  // Comparisons skip a NaN silently, so the inputs are also summed (off the critical path): NaN sum = NaN met.
  let chk = 0;
  const first = period - 1 < n ? period - 1 : n;
  for (let i = 0; i < first; i++) {
    const a = h[i];
    const b = l[i];
    chk += a + b;
    mx = a > mx ? a : mx;
    mn = b < mn ? b : mn;
  }
  for (let i = period - 1; i < n; i++) {
    const a = h[i];
    const b = l[i];
    chk += a + b;
    if (i >= period && h[i - period] === mx) {
      mx = a;
      for (let j = i - period + 1; j < i; j++) {
        const w = h[j];
        mx = w > mx ? w : mx;
      }
    } else mx = a > mx ? a : mx;
    if (i >= period && l[i - period] === mn) {
      mn = b;
      for (let j = i - period + 1; j < i; j++) {
        const w = l[j];
        mn = w < mn ? w : mn;
      }
    } else mn = b < mn ? b : mn;
    hh[i] = mx;
    ll[i] = mn;
  }
  return chk !== chk;
}
