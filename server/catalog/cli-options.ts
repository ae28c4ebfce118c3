/**
 * Option parsing shared by `aio import` and `aio quality` (kept beside the catalog, not in cli/commands/, because
 * every .ts file there is a subcommand).
 */
import { CliUsageError } from '../cli/command.ts';
import { ROLES, type Role } from '../../shared/data/column-roles.ts';
import type { DateOrder } from '../../shared/data/time-parse.ts';
import type { ImportOptions } from '../../shared/data/import.ts';
import { CHECK_IDS, type CheckId, type Policy } from '../../shared/data/quality/index.ts';

export interface DataArgs {
  file: string;
  flags: Map<string, string[]>;
  bools: Set<string>;
}

export function parseArgs(argv: string[], valued: string[], booleans: string[]): DataArgs {
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (booleans.includes(name)) {
        bools.add(name);
        continue;
      }
      if (!valued.includes(name)) throw new CliUsageError(`unknown option '--${name}'`);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliUsageError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), v]);
    } else files.push(a);
  }
  if (files.length !== 1) throw new CliUsageError(files.length === 0 ? 'give the file to read' : `one file at a time (got ${files.join(', ')})`);
  return { file: files[0], flags, bools };
}

export function one(a: DataArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  if (v && v.length > 1) throw new CliUsageError(`--${name} given more than once`);
  return v?.[0];
}

/** --policy gaps=forwardFill --policy spikes=drop (also comma-separated). */
export function policiesOf(a: DataArgs): Partial<Record<CheckId, Policy>> {
  const out: Partial<Record<CheckId, Policy>> = {};
  for (const item of (a.flags.get('policy') ?? []).flatMap((s) => s.split(','))) {
    const [k, v] = item.split('=');
    if (!CHECK_IDS.includes(k as CheckId)) throw new CliUsageError(`unknown check '${k}' in --policy; checks: ${CHECK_IDS.join(', ')}`);
    const p = v === 'ffill' || v === 'forward-fill' ? 'forwardFill' : v;
    if (!['reject', 'drop', 'forwardFill', 'flag'].includes(p)) throw new CliUsageError(`unknown policy '${v}' for ${k}; policies: reject, drop, forward-fill, flag`);
    out[k as CheckId] = p as Policy;
  }
  return out;
}

/** Parser options: --delimiter, --tz, --date-order, --epoch, --map role=column, --no-header. */
export function importOptionsOf(a: DataArgs): ImportOptions {
  const o: ImportOptions = {};
  const d = one(a, 'delimiter');
  if (d) o.delimiter = d === 'tab' || d === '\\t' ? '\t' : d;
  const tz = one(a, 'tz');
  if (tz) o.timeZone = tz;
  const order = one(a, 'date-order');
  if (order) {
    if (!['YMD', 'DMY', 'MDY'].includes(order.toUpperCase())) throw new CliUsageError(`--date-order must be YMD, DMY or MDY`);
    o.timeFormat = { kind: 'text', order: order.toUpperCase() as DateOrder };
  }
  const epoch = one(a, 'epoch');
  if (epoch) {
    if (!['s', 'ms', 'us', 'ns'].includes(epoch)) throw new CliUsageError(`--epoch must be s, ms, us or ns`);
    o.timeFormat = { kind: 'epoch', unit: epoch as 's' };
  }
  if (a.bools.has('no-header')) o.hasHeader = false;
  const maps = a.flags.get('map') ?? [];
  if (maps.length) {
    o.mapping = {};
    for (const m of maps.flatMap((s) => s.split(','))) {
      const [role, col] = m.split('=');
      if (!ROLES.includes(role as Role) || col === undefined) throw new CliUsageError(`--map wants role=column with role one of ${ROLES.join(', ')}`);
      o.mapping[role as Role] = /^\d+$/.test(col) ? Number(col) : col;
    }
  }
  const fmt = one(a, 'format');
  if (fmt) {
    if (!['csv', 'json', 'parquet', 'bi5'].includes(fmt)) throw new CliUsageError('--format must be csv, json, parquet or bi5');
    o.format = fmt as 'csv';
  }
  return o;
}

export const PARSER_USAGE = [
  '  --format csv|json|parquet|bi5  override detection by extension and content (bi5: a Dukascopy hour file,',
  '                             its path must end SYMBOL/YYYY/MM/DD/HHh_ticks.bi5)',
  '  --delimiter C              CSV delimiter (default: detected; "tab" for tabs)',
  '  --tz ZONE                  time zone of timestamps without one (IANA, e.g. America/New_York; default UTC)',
  '  --date-order YMD|DMY|MDY   when day and month cannot be told apart',
  '  --epoch s|ms|us|ns         numeric timestamps unit (default: by magnitude)',
  '  --map ROLE=COLUMN          column mapping, e.g. --map time=Date --map close="Adj Close" (repeatable)',
  '  --no-header                the first line is data',
  '  --policy CHECK=POLICY      quality policy, repeatable: checks outOfOrder duplicates nonPositive ohlc crossed',
  '                             spikes stale zeroVolume gaps; policies reject drop forward-fill flag',
];
