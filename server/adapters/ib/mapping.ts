/**
 * TWS wire values -> platform values: contract details -> Instruments, bar sizes, durations, bar timestamps.
 */
import type { ContractDetails } from '@stoqey/ib';
import { currency, registerCurrency, type Currency } from '../../../shared/model/currency.ts';
import { equity, future, fxPair, spotPair, type Instrument } from '../../../shared/model/instrument.ts';
import { instrumentId } from '../../../shared/model/identifiers.ts';
import { wallTimeToUtc } from '../../../shared/data/time-zone.ts';

function cur(code: string | undefined): Currency {
  const c = (code ?? 'USD').toUpperCase();
  try {
    return currency(c);
  } catch {
    return registerCurrency(c, 2, 'FIAT');
  }
}

/** IB time zone ids ('US/Eastern', 'EST (Eastern Standard Time)', 'MET') -> IANA. */
export function ianaZone(ib: string | undefined): string {
  const z = (ib ?? '').trim();
  const map: Record<string, string> = {
    'US/Eastern': 'America/New_York', EST: 'America/New_York', EST5EDT: 'America/New_York', 'US/Central': 'America/Chicago', CST: 'America/Chicago', CST6CDT: 'America/Chicago',
    'US/Pacific': 'America/Los_Angeles', 'US/Mountain': 'America/Denver', MET: 'Europe/Berlin', CET: 'Europe/Berlin', GB: 'Europe/London', 'Europe/London': 'Europe/London',
    JST: 'Asia/Tokyo', 'Japan': 'Asia/Tokyo', 'Hongkong': 'Asia/Hong_Kong', 'Australia/NSW': 'Australia/Sydney', GMT: 'UTC', UTC: 'UTC',
  };
  const key = z.split(' ')[0];
  return map[key] ?? (key.includes('/') ? key : 'UTC');
}

/** Contract details -> Instrument; undefined for security types the platform does not model. */
export function instrumentFromDetails(d: ContractDetails): Instrument | undefined {
  const c = d.contract;
  const minTick = d.minTick && d.minTick > 0 ? d.minTick : 0.01;
  const venue = (c.primaryExch || c.exchange || 'SMART').replace(/[^A-Za-z0-9_-]/g, '');
  const sizeIncrement = d.sizeIncrement && d.sizeIncrement > 0 ? d.sizeIncrement : 1;
  switch (c.secType) {
    case 'STK':
    case 'ETF' as never:
      return equity({ id: instrumentId(String(c.symbol), venue), quoteCurrency: cur(c.currency), priceIncrement: minTick, sizeIncrement, minQuantity: d.minSize && d.minSize > 0 ? d.minSize : sizeIncrement });
    case 'CASH':
      // IDEALPRO quotes EUR.USD as symbol EUR, currency USD; id EURUSD.IDEALPRO.
      return fxPair({ id: instrumentId(`${c.symbol}${c.currency}`, venue), baseCurrency: cur(c.symbol), quoteCurrency: cur(c.currency), priceIncrement: minTick, sizeIncrement: 1, minQuantity: 1 });
    case 'FUT': {
      const exp = parseIbDate(c.lastTradeDateOrContractMonth ?? '');
      return future({ id: instrumentId(String(c.localSymbol || c.symbol).replace(/\s+/g, ''), venue), quoteCurrency: cur(c.currency), priceIncrement: minTick, sizeIncrement: 1, multiplier: Number(c.multiplier) || 1, expiry: Number.isFinite(exp) ? exp : null });
    }
    case 'CRYPTO':
      return spotPair({ id: instrumentId(`${c.symbol}${c.currency}`, venue), baseCurrency: cur(c.symbol), quoteCurrency: cur(c.currency), priceIncrement: minTick, sizeIncrement: d.sizeIncrement && d.sizeIncrement > 0 ? d.sizeIncrement : 0.0001 });
    default:
      return undefined;
  }
}

/** 'yyyymmdd' -> UTC midnight epoch ms; NaN if malformed. */
export function parseIbDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
}

/**
 * Bar time strings from historicalData: epoch seconds ('1705325400', formatDate=2), a session date for daily
 * and longer bars ('20240115', labelled with that date at 00:00 UTC, like the CSV importer), or
 * 'yyyyMMdd  HH:mm:ss[ Zone]' (formatDate=1) in the zone given or the contract's `timeZone`.
 */
export function parseIbBarTime(s: string, timeZone = 'UTC'): number {
  const t = s.trim();
  if (/^\d{9,10}$/.test(t)) return Number(t) * 1000;
  if (/^\d{8}$/.test(t)) return parseIbDate(t);
  const m = /^(\d{4})(\d{2})(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(t);
  if (!m) return NaN;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return wallTimeToUtc(wall, m[7] ? ianaZone(m[7]) : timeZone);
}

const BAR_SIZES: Record<string, string> = {
  '1s': '1 secs', '5s': '5 secs', '10s': '10 secs', '15s': '15 secs', '30s': '30 secs',
  '1m': '1 min', '2m': '2 mins', '3m': '3 mins', '5m': '5 mins', '10m': '10 mins', '15m': '15 mins', '20m': '20 mins', '30m': '30 mins',
  '1h': '1 hour', '2h': '2 hours', '3h': '3 hours', '4h': '4 hours', '8h': '8 hours', '1d': '1 day', '1w': '1 week',
};

export function ibBarSize(timeframe: string): string {
  const s = BAR_SIZES[timeframe];
  if (!s) throw new RangeError(`IB has no bar size for '${timeframe}'; use one of ${Object.keys(BAR_SIZES).join(', ')}`);
  return s;
}

/** The smallest IB duration string that covers `ms` (IB caps: seconds up to 86400, then days, weeks, years). */
export function ibDuration(ms: number): string {
  const sec = Math.ceil(ms / 1000);
  if (sec <= 86_400) return `${Math.max(30, sec)} S`;
  const days = Math.ceil(sec / 86_400);
  if (days <= 365) return `${days} D`;
  return `${Math.ceil(days / 365)} Y`;
}

/** endDateTime for reqHistoricalData: 'yyyymmdd-HH:mm:ss' in UTC (TWS 10.17+ accepts the UTC dash form). */
export function ibEndDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
