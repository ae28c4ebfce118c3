/**
 * Order routing through ccxt (issue 7). Every order carries the caller's client order id to the venue (Binance:
 * newClientOrderId), which makes a resend safe to detect: the venue refuses a second live order with the same id, and
 * the order can be looked up by it.
 *
 * When a submit's outcome is unknown (timeout, dropped connection, 5xx, 429), the order is NOT resent blindly: the
 * venue is asked for it by client order id first. Found -> adopted (the first send worked). "Order does not exist" ->
 * it never reached the venue, so it is sent again after a backoff. A venue refusal (InvalidOrder, InsufficientFunds)
 * is an outcome: the order is REJECTED, never retried. ccxt's own limiter (enableRateLimit) spaces the requests.
 */
import ccxt from 'ccxt';
import type { Exchange, Order as CcxtOrder } from 'ccxt';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import type { ExecutionClient } from '../types.ts';

export interface CcxtOrderRequest {
  /** Idempotency key and the venue's client order id (Binance: 1-36 chars of [A-Za-z0-9_-]). */
  clientOrderId: string;
  /** ccxt unified symbol, e.g. 'BTC/USDT'. */
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  amount: number;
  price?: number;
}

/** What the venue says about an order. `unknown`: not settled yet (the venue could not be asked). */
export type VenueOrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'not_placed' | 'unknown';

export interface VenueOrderState {
  clientOrderId: string;
  venueOrderId: string | null;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  amount: number;
  price: number | null;
  status: VenueOrderStatus;
  filled: number;
  average: number | null;
  /** Why it was rejected or could not be settled. */
  reason?: string;
}

export interface SubmitOutcome {
  order: VenueOrderState;
  /** Sends made (1 = the first send answered). */
  sends: number;
  /** True when the outcome came from a lookup by client order id after an unknown outcome. */
  reconciled: boolean;
}

export interface CcxtExecutionOptions {
  /** Attempts per operation on network errors (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  sleep?: Sleep;
  onRetry?: (what: string, attempt: number, error: string) => void;
}

/**
 * Errors after which the request's outcome is unknown (it may or may not have been carried out). ccxt's
 * OperationFailed covers NetworkError (timeouts, dropped sockets, 5xx, 429) and the venue's "internal error, execution
 * status unknown" answers (Binance -1001, -1007); a venue refusal is an ExchangeError and settles the order.
 */
export function isUnknownOutcome(e: unknown): boolean {
  return e instanceof ccxt.OperationFailed;
}

const isDuplicate = (e: unknown): boolean => e instanceof ccxt.InvalidOrder && /duplicate order/i.test(String((e as Error).message));

export class CcxtExecutionClient implements ExecutionClient {
  readonly supported = true;
  private readonly maxAttempts: number;
  private readonly sleep: Sleep;

  constructor(
    readonly exchange: Exchange,
    private readonly opts: CcxtExecutionOptions = {},
  ) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.sleep = opts.sleep ?? realSleep;
    // Reconciliation asks for every open order at once (the gateway does not know which symbols the venue has).
    const o = exchange.options as Record<string, unknown>;
    o.warnOnFetchOpenOrdersWithoutSymbol = false;
    o.fetchOpenOrders = { ...((o.fetchOpenOrders as object | undefined) ?? {}), warnWithoutSymbol: false };
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, { baseMs: this.opts.retryBaseMs ?? 250, maxMs: this.opts.retryMaxMs ?? 5_000 });
  }

  /** Places an order, settling an unknown outcome by lookup before any resend. Never throws for a venue refusal. */
  async submitOrder(req: CcxtOrderRequest): Promise<SubmitOutcome> {
    let sends = 0;
    let lastError = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      sends++;
      try {
        const o = await this.exchange.createOrder(req.symbol, req.type, req.side, req.amount, req.type === 'limit' ? req.price : undefined, { newClientOrderId: req.clientOrderId });
        return { order: toState(req, o), sends, reconciled: false };
      } catch (e) {
        if (!isUnknownOutcome(e) && !isDuplicate(e)) return { order: { ...blank(req), status: 'rejected', reason: String((e as Error).message) }, sends, reconciled: false };
        lastError = String((e as Error).message);
        this.opts.onRetry?.('submit', attempt, lastError);
      }
      // Outcome unknown (or the venue says the id is taken): ask the venue before anything is resent.
      const found = await this.lookup(req);
      if (found === 'unknown') return { order: { ...blank(req), status: 'unknown', reason: lastError }, sends, reconciled: false };
      if (found) return { order: found, sends, reconciled: true };
      if (attempt < this.maxAttempts) await this.sleep(this.delay(attempt));
    }
    return { order: { ...blank(req), status: 'not_placed', reason: `not placed after ${sends} sends: ${lastError}` }, sends, reconciled: true };
  }

  /**
   * The venue's view of an order by client order id: the order, null when the venue has no such order, or 'unknown'
   * when the venue could not be asked (all attempts failed).
   */
  async lookup(req: Pick<CcxtOrderRequest, 'clientOrderId' | 'symbol'> & Partial<CcxtOrderRequest>): Promise<VenueOrderState | null | 'unknown'> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        const o = await this.exchange.fetchOrder(undefined as unknown as string, req.symbol, { origClientOrderId: req.clientOrderId });
        return toState(req, o);
      } catch (e) {
        if (e instanceof ccxt.OrderNotFound) return null;
        if (!isUnknownOutcome(e)) throw e;
        this.opts.onRetry?.('lookup', attempt, String((e as Error).message));
        if (attempt < this.maxAttempts) await this.sleep(this.delay(attempt));
      }
    }
    return 'unknown';
  }

  /** Cancels by client order id; answers the order's state after the cancel (already closed orders stay as they are). */
  async cancelOrder(clientOrderId: string, symbol?: string): Promise<VenueOrderState | null | 'unknown'> {
    if (!symbol) throw new RangeError('ccxt cancelOrder needs the symbol of the order');
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await this.exchange.cancelOrder(undefined as unknown as string, symbol, { origClientOrderId: clientOrderId });
        break;
      } catch (e) {
        if (e instanceof ccxt.OrderNotFound || e instanceof ccxt.OperationRejected) break; // closed already: the lookup says how
        if (!isUnknownOutcome(e)) throw e;
        this.opts.onRetry?.('cancel', attempt, String((e as Error).message));
        if (attempt < this.maxAttempts) await this.sleep(this.delay(attempt));
      }
    }
    return this.lookup({ clientOrderId, symbol });
  }

  async openOrders(): Promise<VenueOrderState[]> {
    const os = await this.retry('openOrders', () => this.exchange.fetchOpenOrders());
    return os.map((o) => toState({ clientOrderId: String(o.clientOrderId ?? ''), symbol: String(o.symbol) }, o));
  }

  /** Totals per currency (free + used), as the venue reports them. */
  async balances(): Promise<Array<{ currency: string; free: number; locked: number; total: number }>> {
    const b = await this.retry('balance', () => this.exchange.fetchBalance());
    const total = (b.total ?? {}) as unknown as Record<string, number>;
    const free = (b.free ?? {}) as unknown as Record<string, number>;
    const used = (b.used ?? {}) as unknown as Record<string, number>;
    return Object.keys(total).sort().map((c) => ({ currency: c, free: free[c] ?? 0, locked: used[c] ?? 0, total: total[c] ?? 0 }));
  }

  private async retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isUnknownOutcome(e) || attempt >= this.maxAttempts) throw e;
        this.opts.onRetry?.(what, attempt, String((e as Error).message));
        await this.sleep(this.delay(attempt));
      }
    }
  }
}

function blank(req: Pick<CcxtOrderRequest, 'clientOrderId' | 'symbol'> & Partial<CcxtOrderRequest>): VenueOrderState {
  return { clientOrderId: req.clientOrderId, venueOrderId: null, symbol: req.symbol, side: req.side ?? 'buy', type: req.type ?? 'limit', amount: req.amount ?? 0, price: req.price ?? null, status: 'unknown', filled: 0, average: null };
}

export function toState(req: Pick<CcxtOrderRequest, 'clientOrderId' | 'symbol'> & Partial<CcxtOrderRequest>, o: CcxtOrder): VenueOrderState {
  const status: VenueOrderStatus = o.status === 'open' ? 'open' : o.status === 'closed' ? 'closed' : o.status === 'canceled' || o.status === 'expired' ? 'canceled' : o.status === 'rejected' ? 'rejected' : 'unknown';
  const amount = o.amount ?? req.amount ?? 0;
  return {
    clientOrderId: o.clientOrderId ?? req.clientOrderId,
    venueOrderId: o.id ?? null,
    symbol: o.symbol ?? req.symbol,
    side: (o.side as 'buy' | 'sell' | undefined) ?? req.side ?? 'buy',
    type: (o.type as 'market' | 'limit' | undefined) ?? req.type ?? 'limit',
    amount,
    price: o.price ? o.price : (req.price ?? null),
    status,
    filled: o.filled ?? 0,
    average: o.average ?? null,
  };
}
