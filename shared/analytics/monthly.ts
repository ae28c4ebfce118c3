import type { EquityPoint } from './types.ts';

export interface MonthlyReturn {
  year: number;
  /** 1..12 */
  month: number;
  /** Compounded return of the month: last equity of the month / last equity before it - 1. */
  return: number;
}

export interface MonthlyReturnsTable {
  /** Months that hold at least one equity point, in time order. */
  months: MonthlyReturn[];
  /** One row per calendar year: 12 cells (null where the year has no data for that month) and the compounded year. */
  years: { year: number; months: (number | null)[]; total: number }[];
}

/**
 * Month-by-month returns (UTC calendar months) for the app's heatmap. The base of a month is the last equity of the
 * previous month with data; the first month uses the curve's first point, so the product of (1 + month) over all
 * months equals 1 + total return.
 *
 * A timestamp marks the END of the period it closes (the kernel stamps bars with their close time), so a point at
 * exactly 00:00 UTC on the 1st belongs to the month before: the daily bar of Jan 31 closes at Feb 1, 00:00.
 */
export function monthlyReturns(curve: readonly EquityPoint[]): MonthlyReturnsTable {
  const months: MonthlyReturn[] = [];
  if (curve.length === 0) return { months, years: [] };
  let base = curve[0].equity;
  let key = -1;
  let last = base;
  let year = 0;
  let month = 0;
  for (const p of curve) {
    const d = new Date(p.ts - 1);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const k = y * 12 + m;
    if (k !== key) {
      if (key >= 0) {
        months.push({ year, month, return: last / base - 1 });
        base = last;
      }
      key = k;
      year = y;
      month = m;
    }
    last = p.equity;
  }
  months.push({ year, month, return: last / base - 1 });

  const years: MonthlyReturnsTable['years'] = [];
  for (const mr of months) {
    let row = years[years.length - 1];
    if (!row || row.year !== mr.year) {
      row = { year: mr.year, months: new Array<number | null>(12).fill(null), total: 0 };
      years.push(row);
    }
    row.months[mr.month - 1] = mr.return;
  }
  for (const row of years) row.total = row.months.reduce<number>((acc, r) => acc * (1 + (r ?? 0)), 1) - 1;
  return { months, years };
}
