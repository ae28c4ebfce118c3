/** A fixed-capacity FIFO of numbers for streaming windows: push returns what fell out. No allocation after construction. */
export class Ring {
  readonly capacity: number;
  private readonly buf: Float64Array;
  private head = 0; // index of the oldest element
  private len = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.len;
  }

  get full(): boolean {
    return this.len === this.capacity;
  }

  /** Appends x; when full, drops and returns the oldest element, otherwise returns NaN. */
  push(x: number): number {
    const cap = this.capacity;
    if (this.len < cap) {
      this.buf[(this.head + this.len) % cap] = x;
      this.len++;
      return NaN;
    }
    const old = this.buf[this.head];
    this.buf[this.head] = x;
    this.head = this.head + 1 === cap ? 0 : this.head + 1;
    return old;
  }

  /** The i-th element from the oldest (0 = oldest). */
  at(i: number): number {
    return this.buf[(this.head + i) % this.capacity];
  }

  /** The i-th element from the newest (0 = newest). */
  back(i: number): number {
    return this.buf[(this.head + this.len - 1 - i) % this.capacity];
  }

  /** Sum of the stored elements, oldest first (used to re-sum running totals). */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.len; i++) s += this.buf[(this.head + i) % this.capacity];
    return s;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }
}

/**
 * Running sums drift (each add/subtract rounds). Re-summing the window every RESUM steps bounds the drift to that of
 * RESUM additions, at an amortised cost of period/RESUM per step.
 */
export function resumInterval(period: number, base = 1024): number {
  return period > base ? period : base;
}

/** A rolling sum over the last `period` values, re-summed periodically to bound float drift. */
export class RollingSum {
  private readonly ring: Ring;
  private total = 0;
  private steps = 0;
  private readonly every: number;

  constructor(readonly period: number) {
    this.ring = new Ring(period);
    this.every = resumInterval(period);
  }

  get full(): boolean {
    return this.ring.full;
  }

  get sum(): number {
    return this.total;
  }

  /** Adds x, drops the value that leaves the window; returns the new sum. */
  push(x: number): number {
    const old = this.ring.push(x);
    if (old === old) {
      this.total += x - old;
      // Same schedule as the batch kernels: re-sum on every `every`-th push after the window first filled.
      if (++this.steps === this.every) {
        this.steps = 0;
        this.total = this.ring.sum();
      }
    } else this.total += x;
    return this.total;
  }

  /** The value that will leave the window on the next push (NaN when not full). */
  get oldest(): number {
    return this.ring.full ? this.ring.at(0) : NaN;
  }

  reset(): void {
    this.ring.clear();
    this.total = 0;
    this.steps = 0;
  }
}
