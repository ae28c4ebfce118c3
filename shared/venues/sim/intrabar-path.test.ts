import { describe, expect, it } from 'vitest';
import { intrabarPath } from './intrabar-path.ts';

const path = (o: number, h: number, l: number, c: number): number[] => [...intrabarPath(o, h, l, c, new Float64Array(4))];

describe('intrabarPath: open -> nearer extreme -> other extreme -> close', () => {
  it('visits the low first when it is nearer the open', () => {
    // |105-100| = 5 > |100-98| = 2: low is nearer
    expect(path(100, 105, 98, 103)).toEqual([100, 98, 105, 103]);
  });
  it('visits the high first when it is nearer the open', () => {
    // |101-100| = 1 < |100-95| = 5
    expect(path(100, 101, 95, 96)).toEqual([100, 101, 95, 96]);
  });
  it('breaks ties by colour: up (or flat) bar -> low first, down bar -> high first', () => {
    expect(path(100, 102, 98, 101)).toEqual([100, 98, 102, 101]);
    expect(path(100, 102, 98, 100)).toEqual([100, 98, 102, 100]);
    expect(path(100, 102, 98, 99)).toEqual([100, 102, 98, 99]);
  });
});
