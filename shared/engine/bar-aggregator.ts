/**
 * Bar aggregation from ticks: by time, tick count, volume and value. Model-independent (numbers in, numbers out); the
 * DataEngine wraps the output into model Bars.
 *
 * Bar-close semantics (docs/engine.md):
 * - TIME bars of step S cover [kS, (k+1)S) aligned to the Unix epoch (so minute/hour/day bars align to UTC). A bar
 *   closes when the clock reaches (k+1)S (a clock alert armed when the bar opens, so a bar closes on time even if
 *   no tick follows, and no timer ticks through data gaps) and is
 *   stamped ts = (k+1)S, its close time. A tick stamped exactly (k+1)S belongs to the next bar. An interval with no
 *   tick produces no bar.
 * - TICK bars of N close on the N-th tick, stamped with that tick's ts.
 * - VOLUME bars of V close when the summed size reaches V exactly; a tick larger than what the bar still needs is
 *   split: the needed part closes this bar, the rest opens the next (so a huge trade can close several bars at once,
 *   all stamped with its ts).
 * - VALUE bars of X (price x size) work like volume bars, splitting a tick by value.
 */

export type BarHandler = (open: number, high: number, low: number, close: number, volume: number, ts: number) => void;

/** OHLCV accumulator. */
export class BarBuilder {
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  volume = 0;
  count = 0;

  update(price: number, size: number): void {
    if (this.count === 0) {
      this.open = price;
      this.high = price;
      this.low = price;
    } else {
      if (price > this.high) this.high = price;
      if (price < this.low) this.low = price;
    }
    this.close = price;
    this.volume += size;
    this.count++;
  }

  emit(ts: number, handler: BarHandler): void {
    if (this.count === 0) return;
    handler(this.open, this.high, this.low, this.close, this.volume, ts);
    this.reset();
  }

  reset(): void {
    this.open = this.high = this.low = this.close = NaN;
    this.volume = 0;
    this.count = 0;
  }
}

export interface BarAggregator {
  /** Feed one price/size observation at time `ts`. */
  handle(price: number, size: number, ts: number): void;
  /** Close the current partial bar at `ts` if the aggregation closes on time (TIME bars); no-op otherwise. */
  onTime?(ts: number): void;
  reset(): void;
}

export class TickBarAggregator implements BarAggregator {
  private readonly b = new BarBuilder();
  constructor(
    private readonly step: number,
    private readonly handler: BarHandler,
  ) {}
  handle(price: number, size: number, ts: number): void {
    this.b.update(price, size);
    if (this.b.count >= this.step) this.b.emit(ts, this.handler);
  }
  reset(): void {
    this.b.reset();
  }
}

export class VolumeBarAggregator implements BarAggregator {
  private readonly b = new BarBuilder();
  constructor(
    private readonly step: number,
    private readonly handler: BarHandler,
  ) {}
  handle(price: number, size: number, ts: number): void {
    let left = size;
    for (;;) {
      const need = this.step - this.b.volume;
      if (left < need) {
        if (left > 0 || this.b.count === 0) this.b.update(price, left);
        return;
      }
      this.b.update(price, need);
      // Snap the accumulated volume to the step: float sums must not leave a bar at 0.99999999 x step.
      this.b.volume = this.step;
      this.b.emit(ts, this.handler);
      left -= need;
      if (left <= 0) return;
    }
  }
  reset(): void {
    this.b.reset();
  }
}

export class ValueBarAggregator implements BarAggregator {
  private readonly b = new BarBuilder();
  private value = 0;
  constructor(
    private readonly step: number,
    private readonly handler: BarHandler,
  ) {}
  handle(price: number, size: number, ts: number): void {
    if (!(price > 0)) return;
    let left = size;
    for (;;) {
      const needValue = this.step - this.value;
      const needSize = needValue / price;
      if (left < needSize) {
        this.b.update(price, left);
        this.value += left * price;
        return;
      }
      this.b.update(price, needSize);
      this.b.emit(ts, this.handler);
      this.value = 0;
      left -= needSize;
      if (left <= 0) return;
    }
  }
  reset(): void {
    this.b.reset();
    this.value = 0;
  }
}

/**
 * Time bars. The owner arms a clock timer every `stepMs` aligned to the epoch and calls `onTime(boundary)`; `handle`
 * only accumulates. If a tick arrives at or after the pending boundary before the timer fired (a host whose clock
 * lags its data), the bar is closed first so it never absorbs a later interval's ticks.
 */
export class TimeBarAggregator implements BarAggregator {
  private readonly b = new BarBuilder();
  private closeAt = NaN;
  constructor(
    readonly stepMs: number,
    private readonly handler: BarHandler,
    /** Called when a bar opens, with its close time: the owner arms a one-shot clock alert there (no timer runs through gaps). */
    private readonly onArm: (closeAt: number) => void = () => {},
  ) {}
  /** Start of the interval that contains `ts`, and the next boundary after it. */
  nextBoundary(ts: number): number {
    return Math.floor(ts / this.stepMs) * this.stepMs + this.stepMs;
  }
  handle(price: number, size: number, ts: number): void {
    if (ts >= this.closeAt) this.b.emit(this.closeAt, this.handler);
    if (this.b.count === 0) {
      this.closeAt = this.nextBoundary(ts);
      this.onArm(this.closeAt);
    }
    this.b.update(price, size);
  }
  onTime(ts: number): void {
    if (this.b.count > 0 && ts >= this.closeAt) this.b.emit(this.closeAt, this.handler);
  }
  reset(): void {
    this.b.reset();
    this.closeAt = NaN;
  }
}
