/**
 * Order routing to Interactive Brokers through @stoqey/ib (TWS API). Needs a running TWS or IB Gateway with the API
 * enabled (config.ts); tests drive it with simulated TWS message sequences (execution-client.test.ts).
 *
 * Mapping of TWS messages to order events:
 * - placeOrder(orderId, contract, order) with `orderRef` = our client order id (TWS keeps it on the order and on every
 *   execution, so it survives a reconnect or a gateway restart), order ids from `nextValidId`;
 * - orderStatus PreSubmitted / Submitted -> accepted (once); Cancelled / ApiCancelled -> canceled; Inactive -> rejected;
 * - execDetails -> filled (one per execution id: TWS repeats executions on reqExecutions and after reconnects, so they
 *   are deduplicated by execId); commissionReport attaches the commission to the execution it names;
 * - error(code, reqId = orderId) for an order (201 "Order rejected", 202 "Order cancelled", ...) -> rejected/canceled.
 * Reconciliation: reqOpenOrders + reqExecutions return every open order and today's executions; orders are matched by
 * orderRef, fills by execId, so fills that happened while the gateway was away are adopted once.
 */
import type { Contract, Execution, Order, OrderState } from '@stoqey/ib';
import type { ExecutionClient } from '../types.ts';
import type { IbApiLike } from './ib-api.ts';

/** The order-routing part of @stoqey/ib's IBApi (production passes the real IBApi, tests a simulator). */
export interface IbTradingApi extends IbApiLike {
  placeOrder(id: number, contract: Contract, order: Order): unknown;
  cancelOrder(orderId: number): unknown;
  reqOpenOrders(): unknown;
  reqExecutions(reqId: number, filter: object): unknown;
  reqIds(numIds?: number): unknown;
}

export interface IbOrderRequest {
  clientOrderId: string;
  contract: Contract;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  quantity: number;
  price?: number;
}

export type IbOrderEvent =
  | { type: 'accepted'; clientOrderId: string; orderId: number; permId: number | null }
  | { type: 'filled'; clientOrderId: string; orderId: number; execId: string; lastQty: number; lastPx: number; side: 'BUY' | 'SELL'; time: string }
  | { type: 'commission'; clientOrderId: string; execId: string; commission: number; currency: string }
  | { type: 'canceled'; clientOrderId: string; orderId: number }
  | { type: 'rejected'; clientOrderId: string; orderId: number; reason: string };

export interface IbOrderView {
  clientOrderId: string;
  orderId: number;
  side: 'BUY' | 'SELL';
  quantity: number;
  status: 'PENDING' | 'ACCEPTED' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED';
  filled: number;
  avgPx: number | null;
}

/** TWS error codes that end an order. 201: rejected (reason in the text); 202: cancelled; 10147/10148: unknown id. */
const REJECT_CODES = new Set([201, 203, 321, 10147, 10148]);
const CANCEL_CODES = new Set([202]);

export class IbExecutionClient implements ExecutionClient {
  readonly supported = true;
  private nextOrderId: number | undefined;
  /** Above every order id restored from an earlier run. */
  private idFloor = 0;
  private readonly byRef = new Map<string, IbOrderView>();
  private readonly refById = new Map<number, string>();
  private readonly execs = new Set<string>();
  private readonly execRef = new Map<string, string>();
  private readonly listeners = new Set<(e: IbOrderEvent) => void>();

  constructor(private readonly api: IbTradingApi) {
    api.on('nextValidId', (id: number) => {
      // TWS may send it again (reconnect, reqIds): never go backwards.
      this.nextOrderId = Math.max(this.nextOrderId ?? 0, id);
    });
    api.on('orderStatus', (orderId: number, status: string, filled: number, _remaining: number, _avg: number, permId?: number) => this.onStatus(orderId, status, filled, permId));
    api.on('openOrder', (orderId: number, _c: Contract, order: Order, _s: OrderState) => this.onOpenOrder(orderId, order));
    api.on('execDetails', (_reqId: number, _c: Contract, ex: Execution) => this.onExec(ex));
    api.on('commissionReport', (r: { execId?: string; commission?: number; currency?: string }) => {
      const ref = r.execId ? this.execRef.get(r.execId) : undefined;
      if (ref && r.execId) this.emit({ type: 'commission', clientOrderId: ref, execId: r.execId, commission: r.commission ?? 0, currency: r.currency ?? '' });
    });
    api.on('error', (err: Error, code: number, reqId: number) => this.onError(err, code, reqId));
  }

  onEvent(fn: (e: IbOrderEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Teaches a new client (a restarted gateway) an order an earlier run placed, from the gateway's journal: its
   * executions (reqExecutions, by orderRef or order id) then settle it, and its order id is never handed out again.
   * Fills already known are marked seen by `execIds`, so a repeat of them is not counted twice.
   */
  restore(v: IbOrderView, execIds: string[] = []): void {
    if (!this.byRef.has(v.clientOrderId)) {
      this.byRef.set(v.clientOrderId, { ...v });
      if (v.orderId >= 0) this.refById.set(v.orderId, v.clientOrderId);
    }
    for (const id of execIds) {
      this.execs.add(id);
      this.execRef.set(id, v.clientOrderId);
    }
    if (v.orderId >= 0) this.idFloor = Math.max(this.idFloor, v.orderId + 1);
  }

  order(clientOrderId: string): IbOrderView | undefined {
    const v = this.byRef.get(clientOrderId);
    return v ? { ...v } : undefined;
  }

  /** Places an order; a client order id already placed returns that order and sends nothing. */
  async submitOrder(req: IbOrderRequest): Promise<IbOrderView> {
    const known = this.byRef.get(req.clientOrderId);
    if (known) return { ...known };
    if (this.nextOrderId === undefined) throw new Error('IB: no order id from TWS yet (nextValidId); connect first');
    if (req.type === 'LIMIT' && req.price === undefined) throw new RangeError('A LIMIT order needs a price.');
    const orderId = Math.max(this.nextOrderId, this.idFloor);
    this.nextOrderId = orderId + 1;
    const view: IbOrderView = { clientOrderId: req.clientOrderId, orderId, side: req.side, quantity: req.quantity, status: 'PENDING', filled: 0, avgPx: null };
    this.byRef.set(req.clientOrderId, view);
    this.refById.set(orderId, req.clientOrderId);
    const order = {
      action: req.side, totalQuantity: req.quantity, orderType: req.type === 'MARKET' ? 'MKT' : 'LMT',
      ...(req.type === 'LIMIT' ? { lmtPrice: req.price } : {}), orderRef: req.clientOrderId, transmit: true, tif: 'GTC',
    } as unknown as Order;
    this.api.placeOrder(orderId, req.contract, order);
    return { ...view };
  }

  async cancelOrder(clientOrderId: string): Promise<IbOrderView | undefined> {
    const v = this.byRef.get(clientOrderId);
    if (!v) return undefined;
    if (v.status !== 'FILLED' && v.status !== 'CANCELED' && v.status !== 'REJECTED') this.api.cancelOrder(v.orderId);
    return { ...v };
  }

  /** Asks TWS for every open order and today's executions (answers arrive as events; fills deduplicated by execId). */
  reconcile(reqId: number): void {
    this.api.reqOpenOrders();
    this.api.reqExecutions(reqId, {});
  }

  private onOpenOrder(orderId: number, order: Order): void {
    const ref = (order as { orderRef?: string }).orderRef;
    if (!ref) return; // an order placed outside this gateway (TWS window, another client): not ours to manage
    if (!this.byRef.has(ref)) {
      // Placed by an earlier run of the gateway: adopt it.
      this.byRef.set(ref, { clientOrderId: ref, orderId, side: (order.action as 'BUY' | 'SELL') ?? 'BUY', quantity: Number(order.totalQuantity ?? 0), status: 'ACCEPTED', filled: 0, avgPx: null });
      this.refById.set(orderId, ref);
      this.emit({ type: 'accepted', clientOrderId: ref, orderId, permId: (order as { permId?: number }).permId ?? null });
    }
  }

  private onStatus(orderId: number, status: string, _filled: number, permId?: number): void {
    const ref = this.refById.get(orderId);
    const v = ref ? this.byRef.get(ref) : undefined;
    if (!ref || !v) return;
    if ((status === 'PreSubmitted' || status === 'Submitted') && v.status === 'PENDING') {
      v.status = 'ACCEPTED';
      this.emit({ type: 'accepted', clientOrderId: ref, orderId, permId: permId ?? null });
    } else if ((status === 'Cancelled' || status === 'ApiCancelled') && v.status !== 'CANCELED' && v.status !== 'FILLED') {
      v.status = 'CANCELED';
      this.emit({ type: 'canceled', clientOrderId: ref, orderId });
    } else if (status === 'Inactive' && v.status === 'PENDING') {
      v.status = 'REJECTED';
      this.emit({ type: 'rejected', clientOrderId: ref, orderId, reason: 'TWS set the order Inactive (see the TWS message log)' });
    }
    // Fill quantities come from execDetails (one event per execution), never from orderStatus: TWS repeats statuses.
  }

  private onExec(ex: Execution): void {
    const execId = ex.execId;
    if (!execId || this.execs.has(execId)) return;
    const ref = ex.orderRef ?? (ex.orderId !== undefined ? this.refById.get(ex.orderId) : undefined);
    const v = ref ? this.byRef.get(ref) : undefined;
    if (!ref || !v) return;
    this.execs.add(execId);
    this.execRef.set(execId, ref);
    const qty = Number(ex.shares ?? 0);
    const px = Number(ex.price ?? 0);
    if (v.status === 'PENDING') {
      v.status = 'ACCEPTED';
      this.emit({ type: 'accepted', clientOrderId: ref, orderId: v.orderId, permId: ex.permId ?? null });
    }
    v.avgPx = ((v.avgPx ?? 0) * v.filled + px * qty) / (v.filled + qty);
    v.filled += qty;
    v.status = v.filled + 1e-9 >= v.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    // TWS's side is BOT / SLD on executions.
    const side = ex.side === 'SLD' ? 'SELL' : ex.side === 'BOT' ? 'BUY' : v.side;
    this.emit({ type: 'filled', clientOrderId: ref, orderId: v.orderId, execId, lastQty: qty, lastPx: px, side, time: String(ex.time ?? '') });
  }

  private onError(err: Error, code: number, reqId: number): void {
    const ref = this.refById.get(reqId);
    const v = ref ? this.byRef.get(ref) : undefined;
    if (!ref || !v || v.status === 'FILLED' || v.status === 'CANCELED' || v.status === 'REJECTED') return;
    if (REJECT_CODES.has(code)) {
      v.status = 'REJECTED';
      this.emit({ type: 'rejected', clientOrderId: ref, orderId: reqId, reason: `TWS ${code}: ${err?.message ?? ''}` });
    } else if (CANCEL_CODES.has(code)) {
      v.status = 'CANCELED';
      this.emit({ type: 'canceled', clientOrderId: ref, orderId: reqId });
    }
  }

  private emit(e: IbOrderEvent): void {
    for (const f of this.listeners) f(e);
  }
}
