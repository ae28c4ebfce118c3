import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline.ts';

describe('sparklinePath', () => {
  it('scales min to the bottom and max to the top of the box', () => {
    expect(sparklinePath([10, 20, 15], 100, 50)).toBe('M0,50L50,0L100,25');
    expect(sparklinePath([10, 20], 100, 50, 5)).toBe('M5,45L95,5');
  });
  it('draws a flat series along the middle and nothing for fewer than two points', () => {
    expect(sparklinePath([3, 3, 3], 10, 8)).toBe('M0,4L5,4L10,4');
    expect(sparklinePath([1], 10, 8)).toBe('');
    expect(sparklinePath([], 10, 8)).toBe('');
  });
});
