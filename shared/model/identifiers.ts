import type { Brand } from './nominal.ts';
import { InvalidIdentifierError } from './errors.ts';

/**
 * Identifiers are branded strings: cheap to compare and to use as Map keys, impossible to mix up at compile time.
 * Construct them through the functions below, which validate; `as` casts are for trusted hot paths only.
 */
export type Venue = Brand<string, 'Venue'>;
export type InstrumentSymbol = Brand<string, 'InstrumentSymbol'>;
/** `${symbol}.${venue}`, e.g. 'BTCUSDT.BINANCE'. The venue is what follows the LAST dot ('BRK.B.NYSE' -> BRK.B on NYSE). */
export type InstrumentId = Brand<string, 'InstrumentId'>;
export type TraderId = Brand<string, 'TraderId'>;
export type StrategyId = Brand<string, 'StrategyId'>;
export type AccountId = Brand<string, 'AccountId'>;
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
export type OrderListId = Brand<string, 'OrderListId'>;
export type PositionId = Brand<string, 'PositionId'>;
export type TradeId = Brand<string, 'TradeId'>;

const VENUE_RE = /^[A-Za-z0-9_-]+$/;
const NO_SPACE_RE = /^\S+$/;

function ensureToken(value: unknown, kind: string, example: string): string {
  if (typeof value !== 'string' || value.length === 0 || !NO_SPACE_RE.test(value)) {
    throw new InvalidIdentifierError(
      `${kind} ${JSON.stringify(value)} is invalid: it must be a non-empty string without spaces (e.g. '${example}').`,
    );
  }
  return value;
}

export function venue(value: string): Venue {
  ensureToken(value, 'Venue', 'BINANCE');
  if (!VENUE_RE.test(value)) {
    throw new InvalidIdentifierError(
      `Venue '${value}' is invalid: use letters, digits, '_' or '-' only (e.g. 'BINANCE', 'SIM').`,
    );
  }
  return value as Venue;
}

/** Builds an InstrumentId from its parts, validating both. */
export function instrumentId(symbol: string, venueName: string): InstrumentId {
  ensureToken(symbol, 'Instrument symbol', 'BTCUSDT');
  venue(venueName);
  return `${symbol}.${venueName}` as InstrumentId;
}

/** Splits 'BTCUSDT.BINANCE' into symbol and venue; throws InvalidIdentifierError with a fix when malformed. */
export function parseInstrumentId(value: string): { symbol: InstrumentSymbol; venue: Venue } {
  ensureToken(value, 'InstrumentId', 'BTCUSDT.BINANCE');
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || dot === value.length - 1) {
    throw new InvalidIdentifierError(
      `InstrumentId '${value}' is invalid: expected SYMBOL.VENUE (e.g. 'BTCUSDT.BINANCE'); add the venue after a dot.`,
    );
  }
  const v = value.slice(dot + 1);
  if (!VENUE_RE.test(v)) {
    throw new InvalidIdentifierError(
      `InstrumentId '${value}' has an invalid venue '${v}': use letters, digits, '_' or '-' (e.g. 'BTCUSDT.BINANCE').`,
    );
  }
  return { symbol: value.slice(0, dot) as InstrumentSymbol, venue: v as Venue };
}

/** Validates and brands an InstrumentId string. */
export function ensureInstrumentId(value: string): InstrumentId {
  parseInstrumentId(value);
  return value as InstrumentId;
}

export function venueOf(id: InstrumentId): Venue {
  return id.slice(id.lastIndexOf('.') + 1) as Venue;
}

export function symbolOf(id: InstrumentId): InstrumentSymbol {
  return id.slice(0, id.lastIndexOf('.')) as InstrumentSymbol;
}

export const traderId = (v: string): TraderId => ensureToken(v, 'TraderId', 'TRADER-001') as TraderId;
export const strategyId = (v: string): StrategyId => ensureToken(v, 'StrategyId', 'EMACross-001') as StrategyId;
export const accountId = (v: string): AccountId => ensureToken(v, 'AccountId', 'BINANCE-001') as AccountId;
export const clientOrderId = (v: string): ClientOrderId => ensureToken(v, 'ClientOrderId', 'O-EMACross-001-1') as ClientOrderId;
export const venueOrderId = (v: string): VenueOrderId => ensureToken(v, 'VenueOrderId', 'SIM-1') as VenueOrderId;
export const orderListId = (v: string): OrderListId => ensureToken(v, 'OrderListId', 'OL-EMACross-001-1') as OrderListId;
export const positionId = (v: string): PositionId => ensureToken(v, 'PositionId', 'P-BTCUSDT.BINANCE-EMACross-001') as PositionId;
export const tradeId = (v: string): TradeId => ensureToken(v, 'TradeId', 'T-1') as TradeId;
