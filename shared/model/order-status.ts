import { OrderStateTransitionError } from './errors.ts';
import type { OrderEventType } from './order-events.ts';

export const OrderStatus = {
  INITIALIZED: 'INITIALIZED',
  DENIED: 'DENIED',
  EMULATED: 'EMULATED',
  RELEASED: 'RELEASED',
  SUBMITTED: 'SUBMITTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  PENDING_UPDATE: 'PENDING_UPDATE',
  PENDING_CANCEL: 'PENDING_CANCEL',
  TRIGGERED: 'TRIGGERED',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/**
 * What an event does from a given status. A status is the target; two markers need the order's state:
 * - 'FILL': PARTIALLY_FILLED, or FILLED when nothing is left.
 * - 'RESTORE': back to the status before PENDING_UPDATE / PENDING_CANCEL (modify/cancel answered without change).
 * - 'SAME': the event changes fields, not status (OrderUpdated on a working order, OrderModifyRejected while working).
 * Anything not listed is illegal and refused with OrderStateTransitionError.
 * The table follows NautilusTrader's order FSM (model/orders/base.pyx), extended with the same-status updates.
 */
export type Transition = OrderStatus | 'FILL' | 'RESTORE' | 'SAME';

const S = OrderStatus;
const WORKING = [S.SUBMITTED, S.ACCEPTED, S.TRIGGERED, S.PENDING_UPDATE, S.PENDING_CANCEL, S.PARTIALLY_FILLED] as const;

/**
 * A closed order still hears the answer to a cancel or modify that raced its close (cancel sent, fill arrived first):
 * the rejection is recorded, the status does not change. Nothing else applies to a closed order.
 */
const ANSWERS = { OrderCancelRejected: 'SAME', OrderModifyRejected: 'SAME' } as const;

function table(): Record<OrderStatus, Partial<Record<OrderEventType, Transition>>> {
  const t: Record<OrderStatus, Partial<Record<OrderEventType, Transition>>> = {
    INITIALIZED: {
      OrderDenied: S.DENIED,
      OrderEmulated: S.EMULATED,
      OrderReleased: S.RELEASED,
      OrderSubmitted: S.SUBMITTED,
      OrderRejected: S.REJECTED,
      OrderAccepted: S.ACCEPTED, // external orders reported by a venue
      OrderCanceled: S.CANCELED,
      OrderExpired: S.EXPIRED,
      OrderTriggered: S.TRIGGERED,
    },
    DENIED: { ...ANSWERS },
    EMULATED: { OrderCanceled: S.CANCELED, OrderExpired: S.EXPIRED, OrderReleased: S.RELEASED, OrderUpdated: 'SAME' },
    RELEASED: { OrderSubmitted: S.SUBMITTED, OrderDenied: S.DENIED, OrderCanceled: S.CANCELED },
    SUBMITTED: {
      OrderPendingUpdate: S.PENDING_UPDATE,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderRejected: S.REJECTED,
      OrderCanceled: S.CANCELED, // IOC/FOK canceled before acknowledgement
      OrderAccepted: S.ACCEPTED,
      OrderTriggered: S.TRIGGERED,
      OrderExpired: S.EXPIRED,
      OrderUpdated: 'SAME',
      OrderFilled: 'FILL',
    },
    ACCEPTED: {
      OrderRejected: S.REJECTED, // e.g. a triggered stop-limit refused
      OrderPendingUpdate: S.PENDING_UPDATE,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderCanceled: S.CANCELED,
      OrderTriggered: S.TRIGGERED,
      OrderExpired: S.EXPIRED,
      OrderUpdated: 'SAME',
      OrderModifyRejected: 'SAME',
      OrderCancelRejected: 'SAME',
      OrderFilled: 'FILL',
    },
    REJECTED: { ...ANSWERS },
    PENDING_UPDATE: {
      OrderRejected: S.REJECTED,
      OrderAccepted: S.ACCEPTED,
      OrderCanceled: S.CANCELED,
      OrderExpired: S.EXPIRED,
      OrderTriggered: S.TRIGGERED,
      OrderPendingUpdate: S.PENDING_UPDATE,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderUpdated: 'RESTORE',
      OrderModifyRejected: 'RESTORE',
      OrderCancelRejected: 'RESTORE',
      OrderFilled: 'FILL',
    },
    PENDING_CANCEL: {
      OrderRejected: S.REJECTED,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderCanceled: S.CANCELED,
      OrderExpired: S.EXPIRED,
      OrderAccepted: S.ACCEPTED,
      OrderUpdated: 'SAME',
      OrderCancelRejected: 'RESTORE',
      OrderModifyRejected: 'SAME',
      OrderFilled: 'FILL',
    },
    TRIGGERED: {
      OrderRejected: S.REJECTED,
      OrderPendingUpdate: S.PENDING_UPDATE,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderCanceled: S.CANCELED,
      OrderExpired: S.EXPIRED,
      OrderUpdated: 'SAME',
      OrderModifyRejected: 'SAME',
      OrderCancelRejected: 'SAME',
      OrderFilled: 'FILL',
    },
    PARTIALLY_FILLED: {
      OrderPendingUpdate: S.PENDING_UPDATE,
      OrderPendingCancel: S.PENDING_CANCEL,
      OrderCanceled: S.CANCELED,
      OrderExpired: S.EXPIRED,
      OrderUpdated: 'SAME',
      OrderModifyRejected: 'SAME',
      OrderCancelRejected: 'SAME',
      OrderFilled: 'FILL',
    },
    FILLED: { ...ANSWERS },
    CANCELED: { ...ANSWERS, OrderFilled: 'FILL' }, // a fill that raced the cancel at a real venue
    EXPIRED: { ...ANSWERS },
  };
  return t;
}

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEventType, Transition>>>>> = table();

/** The transition for `event` from `status`, or undefined when illegal. */
export function transitionFor(status: OrderStatus, event: OrderEventType): Transition | undefined {
  return ORDER_TRANSITIONS[status][event];
}

/** Throws OrderStateTransitionError when `event` is illegal from `status`. */
export function ensureTransition(status: OrderStatus, event: OrderEventType, orderId: string): Transition {
  const t = ORDER_TRANSITIONS[status][event];
  if (t === undefined) {
    const allowed = Object.keys(ORDER_TRANSITIONS[status]);
    throw new OrderStateTransitionError(
      status,
      event,
      `Order ${orderId}: ${event} is not allowed while the order is ${status}` +
        ` (allowed: ${allowed.join(', ')}).`,
    );
  }
  return t;
}

/** Statuses after which nothing more happens (CANCELED may still take a racing fill at a real venue). */
export function isClosedStatus(s: OrderStatus): boolean {
  return s === S.DENIED || s === S.REJECTED || s === S.FILLED || s === S.CANCELED || s === S.EXPIRED;
}

/** Working at (or on the way to) the venue. */
export function isOpenStatus(s: OrderStatus): boolean {
  return !isClosedStatus(s) && s !== S.INITIALIZED;
}

/** Working at the venue (submitted and not closed). */
export function isWorkingStatus(s: OrderStatus): boolean {
  return (WORKING as readonly string[]).includes(s);
}
