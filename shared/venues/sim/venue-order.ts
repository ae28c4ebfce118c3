import {
  OrderSide, OrderType, TrailingOffsetType, type Instrument, type Order,
} from '../../model/index.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OrderSide_ = OrderSide;
const OrderType_ = OrderType;
const TrailingOffsetType_ = TrailingOffsetType;

/** What an order waits for, as a matching kind (plain numbers: compared on every tick). */
export const K_MARKET = 0; // executes at any price (MARKET, or a triggered STOP_MARKET / MIT / trailing stop)
export const K_LIMIT = 1; // executes when price reaches `level` (LIMIT, or a triggered STOP_LIMIT / LIT)
export const K_TRIGGER = 2; // triggers when price reaches `level` (untriggered stop / if-touched / active trailing stop)
export const K_ACTIVATE = 3; // trailing stop waiting for its activation price

/**
 * The venue's record of one order: its own Order copy (the client's object is never touched) plus matching state.
 * `level`/`dir` say where the order acts: dir +1 = when price >= level, -1 = when price <= level, 0 = at any price.
 */
export class VenueOrder {
  kind = K_MARKET;
  level = 0;
  dir = 0;
  /** OTO children wait (inactive) until their parent fills. */
  active: boolean;
  /** Arrived, modified, released or triggered during the current step: if marketable it takes liquidity. */
  isNew = true;
  closed = false;
  triggered = false;
  trailActive = false;
  /** Best price since the trailing stop activated (highest for a SELL, lowest for a BUY). */
  extreme = Number.NaN;
  /** Data-event stamp of a failed touch draw: until then only a strict cross fills it. */
  touchStamp = -1;
  /** Data-event stamp when the volume cap left nothing for it. */
  starveStamp = -1;
  expireAt = Number.POSITIVE_INFINITY;
  readonly initQty: number;
  readonly isBuy: boolean;

  constructor(
    readonly order: Order,
    readonly seq: number,
    active: boolean,
  ) {
    this.active = active;
    this.initQty = order.quantity;
    this.isBuy = order.side === OrderSide_.BUY;
    refreshLevel(this);
  }
}

/** Recomputes kind/level/dir from the order's type, prices and trigger state. */
export function refreshLevel(vo: VenueOrder): void {
  const o = vo.order;
  const buy = vo.isBuy;
  switch (o.orderType) {
    case OrderType_.MARKET:
      setK(vo, K_MARKET, 0, 0);
      break;
    case OrderType_.LIMIT:
      setK(vo, K_LIMIT, o.price!, buy ? -1 : 1);
      break;
    case OrderType_.STOP_MARKET:
      if (vo.triggered) setK(vo, K_MARKET, 0, 0);
      else setK(vo, K_TRIGGER, o.triggerPrice!, buy ? 1 : -1);
      break;
    case OrderType_.STOP_LIMIT:
      if (vo.triggered) setK(vo, K_LIMIT, o.price!, buy ? -1 : 1);
      else setK(vo, K_TRIGGER, o.triggerPrice!, buy ? 1 : -1);
      break;
    case OrderType_.MARKET_IF_TOUCHED:
      if (vo.triggered) setK(vo, K_MARKET, 0, 0);
      else setK(vo, K_TRIGGER, o.triggerPrice!, buy ? -1 : 1);
      break;
    case OrderType_.LIMIT_IF_TOUCHED:
      if (vo.triggered) setK(vo, K_LIMIT, o.price!, buy ? -1 : 1);
      else setK(vo, K_TRIGGER, o.triggerPrice!, buy ? -1 : 1);
      break;
    case OrderType_.TRAILING_STOP_MARKET:
      if (vo.triggered) setK(vo, K_MARKET, 0, 0);
      else if (!vo.trailActive) setK(vo, K_ACTIVATE, o.activationPrice!, buy ? -1 : 1);
      else setK(vo, K_TRIGGER, o.triggerPrice!, buy ? 1 : -1);
      break;
  }
}

function setK(vo: VenueOrder, kind: number, level: number, dir: number): void {
  vo.kind = kind;
  vo.level = level;
  vo.dir = dir;
}

/**
 * Trailing distance from `ref` (the best price since activation): PRICE = the offset itself, BASIS_POINTS =
 * ref * offset / 10_000, TICKS = offset * tick size.
 */
export function trailingDistance(o: Order, instrument: Instrument, ref: number): number {
  const off = o.trailingOffset!;
  switch (o.trailingOffsetType) {
    case TrailingOffsetType_.BASIS_POINTS:
      return (ref * off) / 10_000;
    case TrailingOffsetType_.TICKS:
      return off * instrument.priceIncrement;
    default:
      return off;
  }
}

/** The trigger a trailing stop would have for best price `ref`: SELL ref - distance, BUY ref + distance, on the tick grid. */
export function trailingTrigger(o: Order, instrument: Instrument, ref: number): number {
  const d = trailingDistance(o, instrument, ref);
  return o.side === OrderSide_.SELL ? instrument.makePrice(ref - d) : instrument.makePrice(ref + d);
}
