import type { AccountState } from './account.ts';
import { currency, type Currency } from './currency.ts';
import { DomainError } from './errors.ts';
import type { OrderEvent, OrderEventType } from './order-events.ts';
import { Order } from './order.ts';
import type { InstrumentId } from './identifiers.ts';
import { Instrument, InstrumentClass } from './instrument.ts';

/**
 * JSON for order events, account states and instruments (the gateway's journal, the wire, workers). Everything in them is JSON-safe except
 * Currency objects, which travel as their codes ('USD') and come back as the registered Currency instances.
 * Replaying a journal: `orderFromEvents(events.map(eventFromJson))` rebuilds an Order through the state machine.
 */
export type EventJson = Record<string, unknown> & { type: string };

export class InvalidEventJsonError extends DomainError {
  constructor(message: string) {
    super('INVALID_EVENT_JSON', message);
  }
}

const ORDER_EVENT_TYPES: ReadonlySet<string> = new Set<OrderEventType>([
  'OrderInitialized', 'OrderDenied', 'OrderEmulated', 'OrderReleased', 'OrderSubmitted', 'OrderAccepted',
  'OrderRejected', 'OrderCanceled', 'OrderExpired', 'OrderTriggered', 'OrderPendingUpdate', 'OrderPendingCancel',
  'OrderModifyRejected', 'OrderCancelRejected', 'OrderUpdated', 'OrderFilled',
]);

const code = (c: Currency | null): string | null => (c === null ? null : c.code);

/** A JSON-safe copy (currencies as codes). */
export function eventToJson(e: OrderEvent | AccountState): EventJson {
  if (e.type === 'OrderFilled') {
    return { ...e, currency: e.currency.code, commissionCurrency: e.commissionCurrency.code };
  }
  if (e.type === 'AccountState') {
    return {
      ...e,
      baseCurrency: code(e.baseCurrency),
      balances: e.balances.map((b) => ({ ...b, currency: b.currency.code })),
      margins: e.margins.map((m) => ({ ...m, currency: m.currency.code })),
    };
  }
  return { ...e };
}

/** Restores an event from eventToJson's output (after JSON.parse); throws InvalidEventJsonError when malformed. */
export function eventFromJson(j: unknown): OrderEvent | AccountState {
  if (typeof j !== 'object' || j === null || typeof (j as EventJson).type !== 'string') {
    throw new InvalidEventJsonError(`Not an event: ${JSON.stringify(j)?.slice(0, 120)}; expected an object with a 'type'.`);
  }
  const o = j as EventJson;
  const cur = (v: unknown, field: string): Currency => {
    if (typeof v !== 'string') throw new InvalidEventJsonError(`${o.type}.${field} must be a currency code, got ${JSON.stringify(v)}.`);
    try {
      return currency(v);
    } catch (err) {
      throw new InvalidEventJsonError(`${o.type}.${field}: ${(err as Error).message}`);
    }
  };
  if (o.type === 'AccountState') {
    if (!Array.isArray(o.balances) || !Array.isArray(o.margins)) {
      throw new InvalidEventJsonError('AccountState needs balances and margins arrays.');
    }
    return {
      ...(o as unknown as AccountState),
      baseCurrency: o.baseCurrency === null ? null : cur(o.baseCurrency, 'baseCurrency'),
      balances: (o.balances as Record<string, unknown>[]).map((b) => ({ ...(b as object), currency: cur(b.currency, 'balances.currency') })) as unknown as AccountState['balances'],
      margins: (o.margins as Record<string, unknown>[]).map((m) => ({ ...(m as object), currency: cur(m.currency, 'margins.currency') })) as unknown as AccountState['margins'],
    };
  }
  if (!ORDER_EVENT_TYPES.has(o.type)) throw new InvalidEventJsonError(`Unknown event type '${o.type}'.`);
  if (typeof o.clientOrderId !== 'string' || typeof o.tsEvent !== 'number') {
    throw new InvalidEventJsonError(`${o.type} needs a clientOrderId and a numeric tsEvent.`);
  }
  if (o.type === 'OrderFilled') {
    return { ...(o as unknown as OrderEvent), currency: cur(o.currency, 'currency'), commissionCurrency: cur(o.commissionCurrency, 'commissionCurrency') } as OrderEvent;
  }
  return o as unknown as OrderEvent;
}

/**
 * Rebuilds an order from its history (first event OrderInitialized), applying each event through the state machine:
 * a history with an illegal step throws OrderStateTransitionError, as it would have live.
 */
export function orderFromEvents(events: readonly OrderEvent[]): Order {
  const first = events[0];
  if (first === undefined || first.type !== 'OrderInitialized') {
    throw new InvalidEventJsonError(`An order history must start with OrderInitialized (got ${first?.type ?? 'nothing'}).`);
  }
  const order = new Order(first);
  for (let i = 1; i < events.length; i++) order.apply(events[i]);
  return order;
}

/** An instrument as plain JSON (currencies as codes): for the wire, workers (structured clone drops methods), files. */
export interface InstrumentJson {
  id: string;
  kind: InstrumentClass;
  baseCurrency: string | null;
  quoteCurrency: string;
  settlementCurrency: string;
  priceIncrement: number;
  sizeIncrement: number;
  minQuantity: number;
  maxQuantity: number | null;
  minNotional: number;
  multiplier: number;
  makerFee: number;
  takerFee: number;
  marginInit: number;
  marginMaint: number;
  expiry: number | null;
  tsInit: number;
}

export function instrumentToJson(i: Instrument): InstrumentJson {
  return {
    id: i.id,
    kind: i.kind,
    baseCurrency: i.baseCurrency?.code ?? null,
    quoteCurrency: i.quoteCurrency.code,
    settlementCurrency: i.settlementCurrency.code,
    priceIncrement: i.priceIncrement,
    sizeIncrement: i.sizeIncrement,
    minQuantity: i.minQuantity,
    maxQuantity: Number.isFinite(i.maxQuantity) ? i.maxQuantity : null, // JSON has no Infinity
    minNotional: i.minNotional,
    multiplier: i.multiplier,
    makerFee: i.makerFee,
    takerFee: i.takerFee,
    marginInit: i.marginInit,
    marginMaint: i.marginMaint,
    expiry: i.expiry,
    tsInit: i.tsInit,
  };
}

/** Rebuilds (and re-validates) an instrument; unknown currencies or kinds throw typed errors. */
export function instrumentFromJson(j: InstrumentJson): Instrument {
  if (!Object.hasOwn(InstrumentClass, j.kind)) {
    throw new InvalidEventJsonError(`Instrument ${j.id}: kind '${j.kind}' is not one of ${Object.keys(InstrumentClass).join(', ')}.`);
  }
  return new Instrument({
    id: j.id as InstrumentId,
    kind: j.kind,
    baseCurrency: j.baseCurrency === null ? null : currency(j.baseCurrency),
    quoteCurrency: currency(j.quoteCurrency),
    settlementCurrency: currency(j.settlementCurrency),
    priceIncrement: j.priceIncrement,
    sizeIncrement: j.sizeIncrement,
    minQuantity: j.minQuantity,
    maxQuantity: j.maxQuantity ?? undefined,
    minNotional: j.minNotional,
    multiplier: j.multiplier,
    makerFee: j.makerFee,
    takerFee: j.takerFee,
    marginInit: j.marginInit,
    marginMaint: j.marginMaint,
    expiry: j.expiry,
    tsInit: j.tsInit,
  });
}
