import { expect, it } from 'vitest';
import { Throttler } from './throttler.ts';

it('allows at most N events per sliding window', () => {
  const t = new Throttler(3, 1000);
  expect([0, 100, 200, 300].map((ts) => t.tryAcquire(ts))).toEqual([true, true, true, false]);
  expect(t.tryAcquire(999)).toBe(false); // 0, 100, 200 still inside [0, 1000)
  expect(t.tryAcquire(1000)).toBe(true); // the event at 0 has left the window
  expect(t.tryAcquire(1050)).toBe(false);
  expect(t.tryAcquire(1100)).toBe(true);
  expect(t.used(1100)).toBe(3);
});
