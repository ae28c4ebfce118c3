import { describe, expect, it } from 'vitest';
import { ClockError, LiveClock, TestClock, type TimeSource } from './clock.ts';

describe('TestClock', () => {
  it('fires timers and alerts in time order, with now() at each event time', () => {
    const c = new TestClock(1000);
    const log: string[] = [];
    c.setTimer('t', 100, (e) => log.push(`t@${e.ts}/${c.now()}`));
    c.setTimeAlert('a', 1150, (e) => log.push(`a@${e.ts}/${c.now()}`));
    const fired = c.advanceTo(1320);
    expect(log).toEqual(['t@1100/1100', 'a@1150/1150', 't@1200/1200', 't@1300/1300']);
    expect(fired).toBe(4);
    expect(c.now()).toBe(1320);
    expect(c.nextEventTime).toBe(1400);
  });

  it('breaks ties at the same instant by scheduling order', () => {
    const c = new TestClock(0);
    const log: string[] = [];
    c.setTimeAlert('b', 50, () => log.push('b'));
    c.setTimeAlert('a', 50, () => log.push('a'));
    c.advanceTo(50);
    expect(log).toEqual(['b', 'a']);
  });

  it('stops a timer after its stop time and cancels on request', () => {
    const c = new TestClock(0);
    const log: number[] = [];
    c.setTimer('t', 10, (e) => log.push(e.ts), 0, 30);
    c.setTimer('u', 7, () => log.push(-1));
    c.cancelTimer('u');
    c.advanceTo(100);
    expect(log).toEqual([10, 20, 30]);
    expect(c.timerNames).toEqual([]);
  });

  it('lets a callback schedule a new alert that fires within the same advance', () => {
    const c = new TestClock(0);
    const log: number[] = [];
    c.setTimeAlert('first', 10, () => c.setTimeAlert('second', 15, (e) => log.push(e.ts)));
    c.advanceTo(20);
    expect(log).toEqual([15]);
  });

  it('refuses to go backwards', () => {
    const c = new TestClock(100);
    expect(() => c.advanceTo(99)).toThrow(ClockError);
    expect(() => c.setTimer('x', 0, () => {})).toThrow(/interval must be > 0/);
  });
});

describe('LiveClock', () => {
  it('reads time and schedules only through the injected source', () => {
    let now = 5000;
    const queue: { at: number; cb: () => void; id: number }[] = [];
    let id = 0;
    const src: TimeSource = {
      now: () => now,
      schedule: (d, cb) => {
        queue.push({ at: now + d, cb, id: ++id });
        return id;
      },
      cancel: (h) => {
        const i = queue.findIndex((q) => q.id === h);
        if (i >= 0) queue.splice(i, 1);
      },
    };
    const c = new LiveClock(src);
    const log: number[] = [];
    c.setTimer('t', 1000, (e) => log.push(e.ts));
    expect(c.now()).toBe(5000);
    for (let k = 0; k < 2; k++) {
      const q = queue.shift()!;
      now = q.at;
      q.cb();
    }
    expect(log).toEqual([6000, 7000]);
    c.cancelTimers();
    expect(queue.length).toBe(0);
  });
});
