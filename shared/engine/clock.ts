/**
 * Clocks. The kernel reads time only from an injected Clock: TestClock in backtests (time moves when data does),
 * LiveClock live (wall time from an injected TimeSource). Timestamps are milliseconds since the Unix epoch.
 *
 * Timer semantics (both clocks): a timer named N with interval I started at S fires at S+I, S+2I, ... up to and
 * including its stop time; a time alert fires once. On a TestClock events due at the same instant fire in the order
 * they were scheduled; while a callback runs, `clock.now()` is the event's time.
 */
import { DomainError } from '../model/errors.ts';

export interface TimeEvent {
  readonly name: string;
  /** The scheduled time of this firing. */
  readonly ts: number;
}

export type TimeEventHandler = (event: TimeEvent) => void;

export interface Clock {
  now(): number;
  /** Fire `handler` at `alertTime` (once). Replaces an existing timer/alert of the same name. */
  setTimeAlert(name: string, alertTime: number, handler: TimeEventHandler): void;
  /** Fire `handler` every `intervalMs` from `startTime` (default now), first at startTime+interval, until stopTime. */
  setTimer(name: string, intervalMs: number, handler: TimeEventHandler, startTime?: number, stopTime?: number): void;
  cancelTimer(name: string): void;
  cancelTimers(): void;
  readonly timerNames: readonly string[];
}

/** A misuse of a clock (time going backwards, a non-positive interval). Code CLOCK. */
export class ClockError extends DomainError {
  constructor(message: string) {
    super('CLOCK', message);
  }
}

interface Scheduled {
  name: string;
  next: number;
  interval: number; // 0 for a one-shot alert
  stop: number;
  handler: TimeEventHandler;
  seq: number;
}

/**
 * Deterministic clock for backtests and tests. `advanceTo(t)` fires every due timer in time order (ties by
 * scheduling order), then sets the time to t. Time never goes backwards: `advanceTo` an earlier time throws.
 */
export class TestClock implements Clock {
  private time: number;
  private readonly timers = new Map<string, Scheduled>();
  private seq = 0;
  /** Earliest pending firing time (Infinity when none): the hot-path check in `advanceTo` is one comparison. */
  nextEventTime = Infinity;

  constructor(startTime = 0) {
    this.time = startTime;
  }

  now(): number {
    return this.time;
  }

  /** Set the time without firing anything (setup only). */
  setTime(t: number): void {
    this.time = t;
  }

  get timerNames(): readonly string[] {
    return [...this.timers.keys()].sort();
  }

  setTimeAlert(name: string, alertTime: number, handler: TimeEventHandler): void {
    if (!Number.isFinite(alertTime)) throw new ClockError(`time alert '${name}': alert time must be finite`);
    this.add({ name, next: Math.max(alertTime, this.time), interval: 0, stop: alertTime, handler, seq: this.seq++ });
  }

  setTimer(name: string, intervalMs: number, handler: TimeEventHandler, startTime?: number, stopTime?: number): void {
    if (!(intervalMs > 0)) throw new ClockError(`timer '${name}': interval must be > 0 ms, got ${intervalMs}`);
    const start = startTime ?? this.time;
    let next = start + intervalMs;
    // A start in the past does not replay missed firings: the first firing is the next one at or after now.
    if (next < this.time) next += Math.ceil((this.time - next) / intervalMs) * intervalMs;
    this.add({ name, next, interval: intervalMs, stop: stopTime ?? Infinity, handler, seq: this.seq++ });
  }

  cancelTimer(name: string): void {
    if (this.timers.delete(name)) this.recompute();
  }

  cancelTimers(): void {
    this.timers.clear();
    this.nextEventTime = Infinity;
  }

  /** Fire everything due at or before `t` in order, then set the time to `t`. Returns the number of events fired. */
  advanceTo(t: number): number {
    if (t < this.time) throw new ClockError(`time cannot go backwards: now ${this.time}, asked ${t}`);
    let fired = 0;
    while (this.nextEventTime <= t) {
      const s = this.earliest();
      this.time = s.next;
      const ev: TimeEvent = { name: s.name, ts: s.next };
      if (s.interval === 0 || s.next + s.interval > s.stop) this.timers.delete(s.name);
      else {
        s.next += s.interval;
        s.seq = this.seq++;
      }
      this.recompute();
      s.handler(ev);
      fired++;
    }
    this.time = t;
    return fired;
  }

  private add(s: Scheduled): void {
    this.timers.set(s.name, s);
    this.recompute();
  }

  private earliest(): Scheduled {
    let best: Scheduled | undefined;
    for (const s of this.timers.values()) if (best === undefined || s.next < best.next || (s.next === best.next && s.seq < best.seq)) best = s;
    return best as Scheduled;
  }

  private recompute(): void {
    let n = Infinity;
    for (const s of this.timers.values()) if (s.next < n) n = s.next;
    this.nextEventTime = n;
  }
}

/** What a host gives a LiveClock: wall time and a way to run code later (Date.now/setTimeout in Node or a browser). */
export interface TimeSource {
  now(): number;
  schedule(delayMs: number, callback: () => void): unknown;
  cancel(handle: unknown): void;
}

/** Real-time clock. The only clock that reads wall time, and only through the injected TimeSource. */
export class LiveClock implements Clock {
  private readonly handles = new Map<string, unknown>();

  constructor(private readonly source: TimeSource) {}

  now(): number {
    return this.source.now();
  }

  get timerNames(): readonly string[] {
    return [...this.handles.keys()].sort();
  }

  setTimeAlert(name: string, alertTime: number, handler: TimeEventHandler): void {
    this.cancelTimer(name);
    const h = this.source.schedule(Math.max(0, alertTime - this.now()), () => {
      this.handles.delete(name);
      handler({ name, ts: alertTime });
    });
    this.handles.set(name, h);
  }

  setTimer(name: string, intervalMs: number, handler: TimeEventHandler, startTime?: number, stopTime?: number): void {
    if (!(intervalMs > 0)) throw new ClockError(`timer '${name}': interval must be > 0 ms, got ${intervalMs}`);
    this.cancelTimer(name);
    const stop = stopTime ?? Infinity;
    let next = (startTime ?? this.now()) + intervalMs;
    const arm = (): void => {
      if (next > stop) {
        this.handles.delete(name);
        return;
      }
      const at = next;
      this.handles.set(
        name,
        this.source.schedule(Math.max(0, at - this.now()), () => {
          next = at + intervalMs;
          arm();
          handler({ name, ts: at });
        }),
      );
    };
    arm();
  }

  cancelTimer(name: string): void {
    const h = this.handles.get(name);
    if (h !== undefined) {
      this.source.cancel(h);
      this.handles.delete(name);
    }
  }

  cancelTimers(): void {
    for (const name of [...this.handles.keys()]) this.cancelTimer(name);
  }
}
