/**
 * Sliding-window rate limit: at most `limit` events in any window of `intervalMs` (an event at t counts for
 * [t, t + intervalMs)). Times come from the caller's clock, so it is deterministic in backtests.
 */
export class Throttler {
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly limit: number,
    readonly intervalMs: number,
  ) {
    this.times = new Float64Array(Math.max(1, limit));
  }

  /** Record an event at `now` if allowed; false (and nothing recorded) when the window is full. */
  tryAcquire(now: number): boolean {
    if (this.limit <= 0) return false;
    while (this.size > 0 && this.times[this.head] <= now - this.intervalMs) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    if (this.size >= this.limit) return false;
    this.times[(this.head + this.size) % this.times.length] = now;
    this.size++;
    return true;
  }

  /** Events counted in the window ending at `now`. */
  used(now: number): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.times[(this.head + i) % this.times.length] > now - this.intervalMs) n++;
    return n;
  }
}
