import type { TradingCommand } from '../../model/index.ts';

/**
 * Commands in flight to the venue, ordered by arrival time (tsInit + latency), then by send order (FIFO among equal
 * arrivals). Arrival times are almost always non-decreasing, so insertion walks back from the end: O(1) typical.
 */
export class CommandQueue {
  private readonly commands: TradingCommand[] = [];
  private readonly arrivals: number[] = [];
  private head = 0;

  get size(): number {
    return this.commands.length - this.head;
  }

  push(command: TradingCommand, arrival: number): void {
    const n = this.commands.length;
    if (n === this.head) {
      // Empty (the usual case with zero latency: each command runs as soon as it is sent): reuse the arrays.
      this.commands.length = 0;
      this.arrivals.length = 0;
      this.head = 0;
      this.commands.push(command);
      this.arrivals.push(arrival);
      return;
    }
    let i = n;
    while (i > this.head && this.arrivals[i - 1] > arrival) i--;
    if (i === n) {
      this.commands.push(command);
      this.arrivals.push(arrival);
      return;
    }
    this.commands.splice(i, 0, command);
    this.arrivals.splice(i, 0, arrival);
  }

  /** Arrival time of the next command, or +Infinity when empty. */
  nextArrival(): number {
    return this.head < this.commands.length ? this.arrivals[this.head] : Number.POSITIVE_INFINITY;
  }

  shift(): TradingCommand {
    const c = this.commands[this.head];
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.commands.length) {
      this.commands.splice(0, this.head);
      this.arrivals.splice(0, this.head);
      this.head = 0;
    }
    return c;
  }
}
