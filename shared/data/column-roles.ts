/**
 * Column roles and the header names that mean them. Shared by the CSV, JSON and Parquet importers so
 * "Date,Open,High,Low,Close,Adj Close,Volume" (Yahoo), "<DATE>,<TIME>,<OPEN>..." (MetaTrader),
 * "open_time,open,high,..." (Binance dumps) and "Gmt time,Open,..." (Dukascopy export) all map without help.
 */
import type { DataKind } from './columns.ts';

export type Role =
  | 'time' // full timestamp (or date only, for daily bars)
  | 'date' // date part when the time of day is in a separate column
  | 'clock' // time-of-day part
  | 'open'
  | 'high'
  | 'low'
  | 'close'
  | 'volume'
  | 'bid'
  | 'ask'
  | 'bidSize'
  | 'askSize'
  | 'price'
  | 'size'
  | 'side';

export const ROLES: readonly Role[] = ['time', 'date', 'clock', 'open', 'high', 'low', 'close', 'volume', 'bid', 'ask', 'bidSize', 'askSize', 'price', 'size', 'side'];

const SYNONYMS: Record<Role, string[]> = {
  time: ['time', 'timestamp', 'datetime', 'date_time', 'opentime', 'open_time', 'ts', 'gmttime', 'localtime', 't', 'unix', 'epoch', 'timestamputc', 'utc', 'bartime', 'starttime', 'start'],
  date: ['date', 'day', 'tradedate', 'tradingday'],
  clock: ['clock', 'timeofday', 'hour', 'hhmm', 'hhmmss'],
  open: ['open', 'o', 'openprice', 'opening', 'first', 'openbid'],
  high: ['high', 'h', 'highprice', 'max', 'highbid'],
  low: ['low', 'l', 'lowprice', 'min', 'lowbid'],
  close: ['close', 'c', 'closeprice', 'closing', 'last', 'closebid'],
  volume: ['volume', 'vol', 'v', 'tickvol', 'tickvolume', 'basevolume', 'qty', 'quantity', 'totalvolume', 'realvolume'],
  bid: ['bid', 'bidprice', 'bestbid', 'bidpx', 'b'],
  ask: ['ask', 'askprice', 'bestask', 'askpx', 'offer', 'a'],
  bidSize: ['bidsize', 'bidvolume', 'bidqty', 'bidvol', 'bidsz'],
  askSize: ['asksize', 'askvolume', 'askqty', 'askvol', 'asksz', 'offersize'],
  price: ['price', 'tradeprice', 'px', 'p', 'lastprice'],
  size: ['size', 'amount', 'tradesize', 'sz', 'q', 'lastsize'],
  side: ['side', 'aggressor', 'takerside', 'direction'],
};

/** 'Adj Close', '<OPEN>', 'Open Price' -> 'adjclose', 'open', 'openprice'. */
export function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const LOOKUP = new Map<string, Role>();
for (const r of ROLES) for (const s of SYNONYMS[r]) if (!LOOKUP.has(s)) LOOKUP.set(s, r);

export function roleOfHeader(h: string): Role | undefined {
  return LOOKUP.get(normaliseHeader(h));
}

export type RoleMap = Partial<Record<Role, number>>;

/**
 * Maps header names to roles. A column named "date" next to one named "time" means date + clock; a lone "date"
 * column is the timestamp (daily bars). Explicit `overrides` (role -> header name or index) win.
 */
export function mapHeaders(headers: string[], overrides: Partial<Record<Role, string | number>> = {}): RoleMap {
  const map: RoleMap = {};
  headers.forEach((h, i) => {
    const r = roleOfHeader(h);
    if (r && map[r] === undefined) map[r] = i;
  });
  if (map.date !== undefined && map.time !== undefined && map.clock === undefined) {
    // "Date" + "Time": MetaTrader and many brokers split the timestamp.
    map.clock = map.time;
    delete map.time;
  }
  if (map.time === undefined && map.date !== undefined && map.clock === undefined) {
    map.time = map.date;
    delete map.date;
  }
  for (const [role, v] of Object.entries(overrides) as [Role, string | number][]) {
    const idx = typeof v === 'number' ? v : headers.findIndex((h) => h === v || normaliseHeader(h) === normaliseHeader(v));
    if (idx < 0 || idx >= headers.length) throw new RangeError(`column '${v}' for ${role} not found; columns are: ${headers.join(', ')}`);
    for (const r of Object.keys(map) as Role[]) if (map[r] === idx) delete map[r];
    map[role] = idx;
  }
  return map;
}

/** Which kind of data the mapped columns describe; undefined when they are not enough for any. */
export function kindOf(map: RoleMap): DataKind | undefined {
  const hasTime = map.time !== undefined || (map.date !== undefined && map.clock !== undefined);
  if (!hasTime) return undefined;
  if (map.open !== undefined && map.high !== undefined && map.low !== undefined && map.close !== undefined) return 'bars';
  if (map.bid !== undefined && map.ask !== undefined) return 'quotes';
  if (map.price !== undefined) return 'trades';
  // A close-only series (e.g. a daily index level) is a bar series with o = h = l = c.
  if (map.close !== undefined) return 'bars';
  return undefined;
}
