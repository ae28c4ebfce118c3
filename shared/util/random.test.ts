import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.ts';

describe('SeededRandom', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = new SeededRandom(42), b = new SeededRandom(42), c = new SeededRandom(43);
    const xa = Array.from({ length: 100 }, () => a.nextUint32());
    const xb = Array.from({ length: 100 }, () => b.nextUint32());
    const xc = Array.from({ length: 100 }, () => c.nextUint32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('is uniform in [0,1) and its normals have mean 0 and variance 1 (within sampling error for n=200k)', () => {
    const r = new SeededRandom(7);
    const n = 200_000;
    let sum = 0, min = 1, max = 0, ns = 0, ns2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      sum += u; min = Math.min(min, u); max = Math.max(max, u);
      const z = r.normal();
      ns += z; ns2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005); // sd of the mean is 0.00065
    expect(Math.abs(ns / n)).toBeLessThan(0.01);
    expect(Math.abs(ns2 / n - 1)).toBeLessThan(0.02);
  });
});
