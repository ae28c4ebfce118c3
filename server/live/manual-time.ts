import type { TimeSource } from '../../shared/engine/clock.ts';

/** A TimeSource for tests: time moves only when told; due callbacks run in time order. */
export class ManualTime implements TimeSource {
  t: number;
  private seq = 0;
  private readonly jobs = new Map<number, { at: number; cb: () => void }>();
  constructor(t: number) {
    this.t = t;
  }
  now(): number {
    return this.t;
  }
  schedule(delayMs: number, cb: () => void): unknown {
    const id = ++this.seq;
    this.jobs.set(id, { at: this.t + delayMs, cb });
    return id;
  }
  cancel(h: unknown): void {
    this.jobs.delete(h as number);
  }
  /** Callbacks scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.jobs.size;
  }
  advanceTo(t: number): void {
    for (;;) {
      let next: [number, { at: number; cb: () => void }] | undefined;
      for (const e of this.jobs) if (e[1].at <= t && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.jobs.delete(next[0]);
      this.t = next[1].at;
      next[1].cb();
    }
    this.t = t;
  }
}
