/**
 * Collects parsed rows into typed columns for one data kind, growing by doubling.
 * Shared by the CSV, JSON and Parquet importers so defaults (missing volume, close-only series) agree.
 */
import { fieldsOf, type Columns, type DataKind } from './columns.ts';
import type { RoleMap } from './column-roles.ts';

export class RowBuilder {
  readonly fields: readonly string[];
  private cols: Float64Array[];
  n = 0;

  constructor(
    readonly kind: DataKind,
    capacity = 1024,
  ) {
    this.fields = fieldsOf(kind);
    this.cols = this.fields.map(() => new Float64Array(Math.max(16, capacity)));
  }

  /** Column arrays in `fields` order, for hot loops; call `ensure()` first. */
  get raw(): Float64Array[] {
    return this.cols;
  }

  ensure(extra: number): void {
    const need = this.n + extra;
    if (need <= this.cols[0].length) return;
    let cap = this.cols[0].length;
    while (cap < need) cap *= 2;
    this.cols = this.cols.map((c) => {
      const d = new Float64Array(cap);
      d.set(c.subarray(0, this.n));
      return d;
    });
  }

  push(values: ArrayLike<number>): void {
    this.ensure(1);
    for (let f = 0; f < this.cols.length; f++) this.cols[f][this.n] = values[f];
    this.n++;
  }

  /** Trimmed copies (or views when the capacity matches). */
  finish(): Columns {
    const out: Columns = {};
    this.fields.forEach((f, i) => {
      const c = this.cols[i];
      out[f] = c.length === this.n ? c : c.slice(0, this.n);
    });
    return out;
  }
}

/** For each output field of `kind`, which source column feeds it (-1 = derived/default). */
export function sourceIndexes(kind: DataKind, map: RoleMap): number[] {
  const pick = (r: keyof RoleMap): number => map[r] ?? -1;
  switch (kind) {
    case 'bars':
      return [-1 /* time */, pick('open'), pick('high'), pick('low'), pick('close'), pick('volume')];
    case 'quotes':
      return [-1, pick('bid'), pick('ask'), pick('bidSize'), pick('askSize')];
    case 'trades':
      return [-1, pick('price'), pick('size'), pick('side')];
  }
}

/** Trade side text -> 1 (buy aggressor) / -1 (sell aggressor) / 0 (unknown); NaN when unreadable. */
export function parseSide(s: string): number {
  const v = s.trim().toLowerCase();
  if (v === '' || v === 'unknown' || v === 'none' || v === 'n') return 0;
  if (v === 'buy' || v === 'b' || v === 'buyer' || v === 'bid' || v === '1' || v === '+1') return 1;
  if (v === 'sell' || v === 's' || v === 'seller' || v === 'ask' || v === '-1') return -1;
  if (v === '0') return 0;
  return NaN;
}
