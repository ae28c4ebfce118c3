/**
 * Typed domain errors. Each carries a stable `code` (for the gateway's error mapper and for tests) and a message a
 * trader can act on: what was wrong, where, and what to do. At the domain level a refused order is an event
 * (OrderDenied / OrderRejected); these exceptions are for programming and input errors at the boundaries.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A malformed identifier, e.g. an InstrumentId without a venue ('BTCUSDT' instead of 'BTCUSDT.BINANCE'). */
export class InvalidIdentifierError extends DomainError {
  constructor(message: string) {
    super('INVALID_IDENTIFIER', message);
  }
}

/** A price, quantity or amount that breaks an invariant (NaN, negative, off the tick/lot grid). */
export class InvalidValueError extends DomainError {
  constructor(message: string) {
    super('INVALID_VALUE', message);
  }
}

/** An instrument definition that cannot be traded (non-positive tick size, min > max quantity, ...). */
export class InvalidInstrumentError extends DomainError {
  constructor(message: string) {
    super('INVALID_INSTRUMENT', message);
  }
}

/** An instrument id that no component knows about. */
export class UnknownInstrumentError extends DomainError {
  constructor(message: string) {
    super('UNKNOWN_INSTRUMENT', message);
  }
}

/** A bar type string that does not parse, e.g. 'BTCUSDT.BINANCE-1-MINUTES-LAST'. */
export class InvalidBarTypeError extends DomainError {
  constructor(message: string) {
    super('INVALID_BAR_TYPE', message);
  }
}

/** Market data that breaks an invariant: NaN/negative prices, high < low, or a timestamp going backwards. */
export class InvalidMarketDataError extends DomainError {
  constructor(message: string) {
    super('INVALID_MARKET_DATA', message);
  }
}

/** An order that cannot be built as asked (a LIMIT without a price, a GTD without an expire time, ...). */
export class InvalidOrderError extends DomainError {
  constructor(message: string) {
    super('INVALID_ORDER', message);
  }
}

/** An event that the order state machine does not allow from the order's current status. */
export class OrderStateTransitionError extends DomainError {
  readonly from: string;
  readonly event: string;

  constructor(from: string, event: string, message: string) {
    super('ILLEGAL_ORDER_TRANSITION', message);
    this.from = from;
    this.event = event;
  }
}

/** A fill that cannot be applied (overfill, wrong instrument, a fill that would flip a position without a split). */
export class InvalidFillError extends DomainError {
  constructor(message: string) {
    super('INVALID_FILL', message);
  }
}

/** An account operation that would break its invariants (unknown currency, a balance that would go negative). */
export class AccountBalanceError extends DomainError {
  constructor(message: string) {
    super('ACCOUNT_BALANCE', message);
  }
}
