/**
 * ADX (one column, TA-Lib ADX) and DMI (+DI, -DI, ADX) on a series small enough to work out by hand, with period 2.
 * The TA-Lib fixtures (talib.test.ts, ADX_14 and 'ADX_14 adx') check both against TA-Lib itself on 5,105 real bars
 * and on the edge datasets; this file pins the warm-up layout, the NaN-gap restart and the caller's `out` buffer.
 *
 * Hand computation (Wilder sums s = s - s/2 + x from bar 2; bar 1 seeds them):
 *   bar  h     l    c     +DM  -DM  TR  | sum+DM  sum-DM  sumTR  | +DI      -DI      DX
 *   0    10    8    9
 *   1    11    9    10    1    0    2   | 1       0       2
 *   2    12    9.5  11    1    0    2.5 | 1.5     0       3.5    | 300/7    0        100
 *   3    11.5  8    8.5   0    1.5  3.5 | 0.75    1.5     5.25   | 100/7    200/7    100/3
 *   4    10    7    9     0    1    3   | 0.375   1.75    5.625  | 20/3     280/9    1100/17
 *   5    12    9    11.5  2    0    3   | 2.1875  0.875   5.8125 | 3500/93  1400/93  300/7
 * ADX: bar 3 = mean DX of bars 2..3 = 200/3; bar 4 = (200/3 + 1100/17)/2 = 3350/51; bar 5 = (3350/51 + 300/7)/2
 * = 19375/357.
 */
import { describe, expect, it } from 'vitest';
import { adx, dmi, ADX, DMI } from './adx.ts';

const h = Float64Array.of(10, 11, 12, 11.5, 10, 12);
const l = Float64Array.of(8, 9, 9.5, 8, 7, 9);
const c = Float64Array.of(9, 10, 11, 8.5, 9, 11.5);
const ADX_WANT = [NaN, NaN, NaN, 200 / 3, 3350 / 51, 19375 / 357];
const PDI_WANT = [NaN, NaN, 300 / 7, 100 / 7, 20 / 3, 3500 / 93];
const MDI_WANT = [NaN, NaN, 0, 200 / 7, 280 / 9, 1400 / 93];

const bar = (i: number) => ({ open: c[i], high: h[i], low: l[i], close: c[i], volume: 1 });

function expectColumn(got: ArrayLike<number>, want: number[]): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Number.isNaN(w)) expect(got[i], `bar ${i}`).toBeNaN();
    else expect(Math.abs(got[i] - w), `bar ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(1e-12);
  });
}

/** The hand series twice, split by one all-NaN bar: every piece restarts its warm-up. */
function withGap(): { h: Float64Array; l: Float64Array; c: Float64Array } {
  const join = (a: Float64Array) => Float64Array.from([...a, NaN, ...a]);
  return { h: join(h), l: join(l), c: join(c) };
}

describe('adx (ADX column only)', () => {
  it('matches the hand-computed ADX, NaN before bar 2p-1', () => {
    expectColumn(adx(h, l, c, 2), ADX_WANT);
  });

  it('restarts after a NaN bar as if the series were split there', () => {
    const g = withGap();
    expectColumn(adx(g.h, g.l, g.c, 2), [...ADX_WANT, NaN, ...ADX_WANT]);
  });

  it('a NaN close restarts it too (the close feeds the true range TA-Lib tests for ~0)', () => {
    const g = withGap();
    g.h[6] = 10;
    g.l[6] = 8; // only the close is missing on the gap bar
    expectColumn(adx(g.h, g.l, g.c, 2), [...ADX_WANT, NaN, ...ADX_WANT]);
  });

  it("writes every row of a caller's buffer, whatever it held", () => {
    const out = new Float64Array(6).fill(-123);
    expect(adx(h, l, c, 2, out)).toBe(out);
    expectColumn(out, ADX_WANT);
  });

  it('is all NaN for a series too short for its first value', () => {
    expectColumn(adx(h.subarray(0, 3), l.subarray(0, 3), c.subarray(0, 3), 2), [NaN, NaN, NaN]);
  });

  it('streams the same values', () => {
    const ind = new ADX(2);
    const got = Array.from(h, (_, i) => ind.update(bar(i)) ?? NaN);
    expectColumn(got, ADX_WANT);
    expect(ind.isReady).toBe(true);
  });

  it('rejects a period below 2', () => {
    expect(() => adx(h, l, c, 1)).toThrow(/adx: period/);
  });
});

describe('dmi (+DI, -DI, ADX)', () => {
  it('matches the hand-computed +DI, -DI and ADX', () => {
    const r = dmi(h, l, c, 2);
    expectColumn(r.plusDI, PDI_WANT);
    expectColumn(r.minusDI, MDI_WANT);
    expectColumn(r.adx, ADX_WANT);
  });

  it('restarts after a NaN bar', () => {
    const g = withGap();
    const r = dmi(g.h, g.l, g.c, 2);
    expectColumn(r.plusDI, [...PDI_WANT, NaN, ...PDI_WANT]);
    expectColumn(r.adx, [...ADX_WANT, NaN, ...ADX_WANT]);
  });

  it('streams the same values, ready once the ADX is', () => {
    const ind = new DMI(2);
    const got = Array.from(h, (_, i) => ind.update(bar(i)));
    expect(got.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expectColumn(got.map((v) => v?.plusDI ?? NaN), [NaN, NaN, NaN, ...PDI_WANT.slice(3)]);
    expectColumn(got.map((v) => v?.minusDI ?? NaN), [NaN, NaN, NaN, ...MDI_WANT.slice(3)]);
    expectColumn(got.map((v) => v?.adx ?? NaN), ADX_WANT);
  });
});

describe('adx and the adx column of dmi', () => {
  // One kernel's arithmetic, so the values must agree bit for bit (both are checked against TA-Lib elsewhere);
  // random walks with flat stretches hit the "TR or +DI + -DI is ~0" rules and the +DM/-DM ties.
  it('agree bit for bit on random walks with flat stretches and gaps', () => {
    let s = 7;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    for (const p of [2, 3, 14, 50]) {
      const n = 3000;
      const H = new Float64Array(n);
      const L = new Float64Array(n);
      const C = new Float64Array(n);
      let px = 100;
      for (let i = 0; i < n; i++) {
        const flat = i % 700 > 600; // a stretch of identical bars
        if (!flat) px *= 1 + (rnd() - 0.5) * 0.02;
        const a = flat ? 0 : rnd() * 0.01;
        const b = flat ? 0 : rnd() * 0.01;
        H[i] = px * (1 + a);
        L[i] = px * (1 - b);
        C[i] = flat ? px : L[i] + (H[i] - L[i]) * rnd();
      }
      H[1000] = NaN;
      C[2000] = NaN;
      const one = adx(H, L, C, p);
      const three = dmi(H, L, C, p).adx;
      for (let i = 0; i < n; i++) expect(Object.is(one[i], three[i]), `period ${p} bar ${i}: ${one[i]} vs ${three[i]}`).toBe(true);
    }
  });
});
