/**
 * ExecutionEngine: routes trading commands (endpoint `ExecutionEngine.execute`, after the RiskEngine) to the
 * ExecutionClient of the order's venue, and processes what clients report (endpoint `ExecutionEngine.process`):
 * order events are applied to the cached Order and published on `events.order.{strategyId}`; fills then update
 * positions, which are published on `events.position.{strategyId}`; account states go to `events.account.{id}`.
 *
 * Positions (OMS type per strategy, else the client's):
 * - NETTING: one open position per (instrument, strategy), id `P-{instrument}-{strategy}-{n}` (n counts the
 *   positions that key has had, so a reopened position gets a new id). A fill that takes it through zero is split
 *   (model `splitFlipFill`): the closing part closes it, the rest opens the next.
 * - HEDGING: a fill with a venue position id goes there; else the position the SubmitOrder command targeted; else
 *   the parent order's position (bracket stop-loss / take-profit); else a new position `P-{clientOrderId}`.
 *
 * A bad event (unknown order, a transition the order state machine refuses, an overfill) is never thrown into the
 * venue: it is counted, published on `events.exec_error`, and dropped, so one bad report cannot crash a run.
 */
import {
  OmsType, Position, splitFlipFill, venueOf, type AccountId, type AccountState, type CancelAllOrders, type CancelOrder,
  type ClientOrderId, type InstrumentId, type ModifyOrder, type Order, type OrderDenied, type OrderEvent, type OrderFilled, type PositionId,
  type StrategyId, type SubmitOrder, type SubmitOrderList, type TradingCommand, type Venue,
} from '../model/index.ts';
import type { Cache } from './cache.ts';
import type { Clock } from './clock.ts';
import { Endpoints, Topics, type PositionEvent } from './events.ts';
import type { MessageBus, Topic } from './message-bus.ts';
import type { Portfolio } from './portfolio.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OmsType_ = OmsType;
const Position_ = Position;
const splitFlipFill_ = splitFlipFill;
const venueOf_ = venueOf;
const Endpoints_ = Endpoints;
const Topics_ = Topics;

/**
 * What a venue adapter implements (backtest: the simulated exchange; live: ccxt, Interactive Brokers, paper).
 * Commands come in through these methods; the client reports everything back — OrderSubmitted when it sends,
 * then the venue's answers, and AccountState — to the `ExecutionEngine.process` endpoint of the bus.
 */
export interface ExecutionClient {
  readonly venue: Venue;
  readonly accountId: AccountId;
  /** The venue's position accounting; a strategy's own omsType overrides it. */
  readonly omsType: OmsType;
  submitOrder(cmd: SubmitOrder): void;
  submitOrderList(cmd: SubmitOrderList): void;
  modifyOrder(cmd: ModifyOrder): void;
  cancelOrder(cmd: CancelOrder): void;
  cancelAllOrders(cmd: CancelAllOrders): void;
  /**
   * Live clients that keep their own record of the orders they route: forget those closed before `closedBefore`
   * (called with the Cache's purge, ExecutionEngine.purgeClosedOrders).
   */
  purgeClosedOrders?(closedBefore: number): void;
}

export interface ExecError {
  readonly type: 'ExecError';
  readonly message: string;
  readonly clientOrderId: string | null;
  readonly tsEvent: number;
}

export type ExecReport = OrderEvent | AccountState;

export class ExecutionEngine {
  private readonly clients = new Map<Venue, ExecutionClient>();
  private readonly strategyOms = new Map<StrategyId, OmsType>();
  private readonly orderTopics = new Map<StrategyId, Topic<OrderEvent>>();
  private readonly positionTopics = new Map<StrategyId, Topic<PositionEvent>>();
  private readonly accountTopics = new Map<string, Topic<AccountState>>();
  /** NETTING: `${instrument}|${strategy}` -> the open position. */
  private readonly netting = new Map<string, Position>();
  private readonly nettingCount = new Map<string, number>();
  /** NETTING: `P-{instrument}-{strategy}-` per key, built once (a position id is then one concatenation). */
  private readonly nettingIdPrefix = new Map<string, string>();
  private readonly nettingKeys = new Map<InstrumentId, Map<StrategyId, string>>();
  /** HEDGING: the position a SubmitOrder targeted. */
  private readonly targetPosition = new Map<ClientOrderId, PositionId>();
  private readonly errorTopic: Topic<ExecError>;
  errors = 0;
  fills = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    private readonly clock: Clock,
    private readonly portfolio: Portfolio,
  ) {
    bus.register<TradingCommand>(Endpoints_.EXEC_EXECUTE, (c) => this.execute(c));
    bus.register<ExecReport>(Endpoints_.EXEC_PROCESS, (e) => this.process(e));
    this.errorTopic = bus.topic<ExecError>('events.exec_error');
  }

  registerClient(client: ExecutionClient): void {
    this.clients.set(client.venue, client);
    this.portfolio.registerAccount(client.accountId, client.venue);
  }

  client(venue: Venue): ExecutionClient | undefined {
    return this.clients.get(venue);
  }

  /**
   * Forgets closed orders whose last event is before `closedBefore`: from the Cache and from every client that keeps
   * its own record of them. Returns how many left the Cache.
   */
  purgeClosedOrders(closedBefore: number): number {
    const n = this.cache.purgeClosedOrders(closedBefore);
    for (const c of this.clients.values()) c.purgeClosedOrders?.(closedBefore);
    return n;
  }

  setStrategyOms(strategyId: StrategyId, oms: OmsType | null): void {
    if (oms === null) this.strategyOms.delete(strategyId);
    else this.strategyOms.set(strategyId, oms);
  }

  execute(cmd: TradingCommand): void {
    const client = this.clients.get(venueOf_(cmd.instrumentId));
    if (client === undefined) {
      const reason = `NO_EXECUTION_CLIENT: no execution client for venue ${venueOf_(cmd.instrumentId)}; add the venue before trading ${cmd.instrumentId}`;
      if (cmd.type === 'SubmitOrder') this.denyOrder(cmd.order, reason);
      else if (cmd.type === 'SubmitOrderList') for (const o of cmd.orderList.orders) this.denyOrder(o, reason);
      else this.error(reason, cmd.type === 'CancelOrder' || cmd.type === 'ModifyOrder' ? cmd.clientOrderId : null);
      return;
    }
    switch (cmd.type) {
      case 'SubmitOrder':
        if (this.cache.order(cmd.order.clientOrderId) === undefined) this.cache.addOrder(cmd.order);
        if (cmd.positionId !== null) this.targetPosition.set(cmd.order.clientOrderId, cmd.positionId);
        client.submitOrder(cmd);
        break;
      case 'SubmitOrderList':
        for (const o of cmd.orderList.orders) {
          if (this.cache.order(o.clientOrderId) === undefined) this.cache.addOrder(o);
          if (cmd.positionId !== null) this.targetPosition.set(o.clientOrderId, cmd.positionId);
        }
        client.submitOrderList(cmd);
        break;
      case 'ModifyOrder':
        client.modifyOrder(cmd);
        break;
      case 'CancelOrder':
        client.cancelOrder(cmd);
        break;
      case 'CancelAllOrders':
        client.cancelAllOrders(cmd);
        break;
    }
  }

  process(e: ExecReport): void {
    if (e.type === 'AccountState') {
      this.accountTopic(e.accountId).publish(e);
      return;
    }
    const order = this.cache.order(e.clientOrderId);
    if (order === undefined) {
      this.error(`${e.type} for unknown order ${e.clientOrderId}: dropped`, e.clientOrderId);
      return;
    }
    try {
      order.apply(e);
    } catch (err) {
      this.error(`${e.type} refused by order ${e.clientOrderId}: ${(err as Error).message}`, e.clientOrderId);
      return;
    }
    this.cache.updateOrder(order);
    this.orderTopic(order.strategyId).publish(e);
    if (e.type === 'OrderFilled') this.handleFill(order, e);
    // A CANCELED order may still take a fill that raced the cancel: keep its target until then.
    if (order.isClosed() && order.status !== 'CANCELED') this.targetPosition.delete(order.clientOrderId);
  }

  private handleFill(order: Order, fill: OrderFilled): void {
    this.fills++;
    const inst = this.cache.instrument(fill.instrumentId);
    if (inst === undefined) {
      this.error(`fill ${fill.tradeId} for ${fill.instrumentId}, which is not in the cache: position not updated`, fill.clientOrderId);
      return;
    }
    const oms = this.strategyOms.get(order.strategyId) ?? this.clients.get(inst.venue)?.omsType ?? OmsType_.NETTING;
    const nkey = this.nettingKey(fill.instrumentId, fill.strategyId);
    let pid: PositionId | undefined;
    let existing: Position | undefined;
    // NETTING holds the open Position itself: no lookup by id in the cache's (ever growing) position index per fill.
    if (oms === OmsType_.NETTING) existing = this.netting.get(nkey);
    else {
      pid =
        fill.positionId ??
        this.targetPosition.get(order.clientOrderId) ??
        this.cache.orderPosition(order.clientOrderId) ??
        (order.parentOrderId !== null ? this.cache.orderPosition(order.parentOrderId) : undefined);
      existing = pid === undefined ? undefined : this.cache.position(pid);
    }
    const topic = this.positionTopic(order.strategyId);
    const ts = fill.tsEvent;
    if (existing !== undefined && existing.isOpen()) {
      if (existing.wouldFlip(fill)) {
        const [closePart, openPart] = splitFlipFill_(existing, fill);
        const pnl = existing.apply(closePart);
        this.afterApply(existing, order, oms, nkey);
        topic.publish({ type: 'PositionClosed', position: existing, fill: closePart, realizedPnl: pnl, tsEvent: ts });
        this.open(openPart, order, oms, nkey, inst, topic);
        return;
      }
      const pnl = existing.apply(fill);
      this.afterApply(existing, order, oms, nkey);
      if (existing.isClosed()) topic.publish({ type: 'PositionClosed', position: existing, fill, realizedPnl: pnl, tsEvent: ts });
      else topic.publish({ type: 'PositionChanged', position: existing, fill, realizedPnl: pnl, tsEvent: ts });
      return;
    }
    this.open(fill, order, oms, nkey, inst, topic, oms === OmsType_.HEDGING ? pid : undefined);
  }

  private open(
    fill: OrderFilled, order: Order, oms: OmsType, nkey: string, inst: NonNullable<ReturnType<Cache['instrument']>>,
    topic: Topic<PositionEvent>, wanted?: PositionId,
  ): void {
    let id: PositionId;
    if (oms === OmsType_.NETTING) {
      const n = (this.nettingCount.get(nkey) ?? 0) + 1;
      this.nettingCount.set(nkey, n);
      let prefix = this.nettingIdPrefix.get(nkey);
      if (prefix === undefined) {
        prefix = `P-${fill.instrumentId}-${fill.strategyId}-`;
        this.nettingIdPrefix.set(nkey, prefix);
      }
      id = (prefix + n) as PositionId;
    } else {
      id = wanted !== undefined && this.cache.position(wanted) === undefined ? wanted : (`P-${order.clientOrderId}` as PositionId);
      if (this.cache.position(id) !== undefined) id = `P-${order.clientOrderId}-${fill.tradeId}` as PositionId;
    }
    const p = new Position_(inst, fill, id);
    this.cache.addPosition(p);
    this.afterApply(p, order, oms, nkey);
    topic.publish({ type: 'PositionOpened', position: p, fill, tsEvent: fill.tsEvent });
  }

  private afterApply(p: Position, order: Order, oms: OmsType, nkey: string): void {
    this.cache.updatePosition(p);
    this.cache.setOrderPosition(order.clientOrderId, p.id);
    if (oms === OmsType_.NETTING) {
      if (p.isOpen()) this.netting.set(nkey, p);
      else this.netting.delete(nkey);
    }
  }

  /** `${instrument}|${strategy}`, built once per pair (a fill then looks it up instead of concatenating). */
  private nettingKey(instrumentId: InstrumentId, strategyId: StrategyId): string {
    let byStrategy = this.nettingKeys.get(instrumentId);
    if (byStrategy === undefined) {
      byStrategy = new Map();
      this.nettingKeys.set(instrumentId, byStrategy);
    }
    let k = byStrategy.get(strategyId);
    if (k === undefined) {
      k = `${instrumentId}|${strategyId}`;
      byStrategy.set(strategyId, k);
    }
    return k;
  }

  private denyOrder(order: Order, reason: string): void {
    const now = this.clock.now();
    const ev: OrderDenied = {
      type: 'OrderDenied', strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
      reason, tsEvent: now, tsInit: now,
    };
    if (this.cache.order(order.clientOrderId) === undefined) this.cache.addOrder(order);
    this.process(ev);
  }

  private error(message: string, clientOrderId: string | null): void {
    this.errors++;
    this.errorTopic.publish({ type: 'ExecError', message, clientOrderId, tsEvent: this.clock.now() });
  }

  private orderTopic(id: StrategyId): Topic<OrderEvent> {
    let t = this.orderTopics.get(id);
    if (t === undefined) {
      t = this.bus.topic<OrderEvent>(Topics_.orderEvents(id));
      this.orderTopics.set(id, t);
    }
    return t;
  }

  private positionTopic(id: StrategyId): Topic<PositionEvent> {
    let t = this.positionTopics.get(id);
    if (t === undefined) {
      t = this.bus.topic<PositionEvent>(Topics_.positionEvents(id));
      this.positionTopics.set(id, t);
    }
    return t;
  }

  private accountTopic(id: string): Topic<AccountState> {
    let t = this.accountTopics.get(id);
    if (t === undefined) {
      t = this.bus.topic<AccountState>(Topics_.accountState(id));
      this.accountTopics.set(id, t);
    }
    return t;
  }
}
