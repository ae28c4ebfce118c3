/**
 * The exchange's user-data stream through ccxt pro (issue 7): order changes (`watchOrders`) and balances
 * (`watchBalance`) pushed by the venue as they happen, instead of learned by polling. On Binance spot, ccxt subscribes
 * on the WebSocket API (`userDataStream.subscribe.signature`) and parses `executionReport` / `outboundAccountPosition`.
 *
 * The stream is a fast path, never the only one: a venue does not replay what it pushed while the socket was down.
 * So `onUp` fires each time the subscription is (re)confirmed — the owner reconciles by REST then, which picks up
 * whatever happened during the gap — and `onDown` when it breaks (the owner polls meanwhile). States are reported
 * whole (status, cumulative filled, average), so an update seen twice, or by stream and by poll, changes nothing.
 *
 * ccxt rejects a pending watch when its socket closes or misses its ping/pong keep-alive; the loop then waits (backoff)
 * and watches again, which dials and subscribes anew.
 */
import ccxt from 'ccxt';
import type { Balances, Exchange, Order as CcxtOrder } from 'ccxt';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import { toState, type VenueOrderState } from './execution-client.ts';

export interface UserStreamHandlers {
  /** The venue's state of one order, as pushed. */
  onOrder(o: VenueOrderState): void;
  /** Balances of the assets that changed (free, locked, total). */
  onBalances?(b: Array<{ currency: string; free: number; locked: number; total: number }>): void;
  /** The subscription is confirmed (first time and after every reconnect): events from now on will arrive. */
  onUp(): void;
  /** The stream broke; `error` says why. Events until the next `onUp` are lost. */
  onDown(error: string): void;
  /** The exchange cannot stream orders (ccxt NotSupported / PermissionDenied): the stream has stopped for good. */
  onGiveUp?(error: string): void;
}

export interface UserStreamOptions {
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  sleep?: Sleep;
}

type Authenticating = Exchange & { authenticate?: (params?: object) => Promise<unknown> };

/** Whether ccxt can stream this exchange's order updates (the exchange has `watchOrders`). */
export function canStreamOrders(exchange: Exchange): boolean {
  return Boolean(exchange.has?.watchOrders) && Boolean(exchange.apiKey);
}

export class CcxtUserStream {
  private stopped = false;
  private isUp = false;
  private loops: Promise<void>[] = [];
  /** Resolves at the next onUp (the balance loop waits for it, see balanceLoop). */
  private nextUp = deferred();

  constructor(
    private readonly exchange: Exchange,
    private readonly h: UserStreamHandlers,
    private readonly opts: UserStreamOptions = {},
  ) {}

  /** True while the subscription is confirmed and unbroken. */
  get up(): boolean {
    return this.isUp;
  }

  start(): void {
    this.loops.push(this.ordersLoop());
    if (this.h.onBalances && this.exchange.has?.watchBalance) this.loops.push(this.balanceLoop());
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, { baseMs: this.opts.reconnectBaseMs ?? 250, maxMs: this.opts.reconnectMaxMs ?? 10_000 });
  }

  private async ordersLoop(): Promise<void> {
    const sleep = this.opts.sleep ?? realSleep;
    for (let attempt = 1; !this.stopped; ) {
      try {
        // Subscribe first and only then say "up": the owner's reconciliation must start after the subscription, or a
        // change between the two would be in neither. An exchange whose ccxt class has no authenticate() cannot say
        // when its subscription holds: it counts as up once its first update arrived (polled until then).
        const auth = (this.exchange as Authenticating).authenticate;
        if (auth) {
          await auth.call(this.exchange, { type: 'spot' });
          if (this.stopped) return;
          this.markUp();
        }
        for (;;) {
          const orders = await this.exchange.watchOrders();
          attempt = 1;
          if (this.stopped) return;
          if (!this.isUp) this.markUp();
          for (const o of orders) this.h.onOrder(toState({ clientOrderId: String(o.clientOrderId ?? ''), symbol: String(o.symbol) }, o as CcxtOrder));
        }
      } catch (e) {
        if (this.stopped) return;
        if (this.isUp) this.h.onDown((e as Error).message);
        if (this.isUp) this.nextUp = deferred();
        this.isUp = false;
        // ccxt cannot stream this exchange's orders (or not with these keys' permissions): polling it is, for good.
        if (e instanceof ccxt.NotSupported || e instanceof ccxt.PermissionDenied) {
          this.stopped = true;
          this.h.onGiveUp?.((e as Error).message);
          return;
        }
        await sleep(this.delay(attempt++));
      }
    }
  }

  private markUp(): void {
    this.isUp = true;
    this.h.onUp();
    this.nextUp.resolve();
  }

  private async balanceLoop(): Promise<void> {
    const sleep = this.opts.sleep ?? realSleep;
    for (let attempt = 1; !this.stopped; ) {
      try {
        // Only on a confirmed subscription: ccxt's Binance lets a second caller of authenticate() through as soon as
        // the first has SENT its subscribe, so a resubscription led by this loop would let the orders loop report
        // "up" before the venue confirmed it.
        await this.nextUp.promise;
        if (this.stopped) return;
        const b = (await this.exchange.watchBalance()) as Balances;
        attempt = 1;
        if (this.stopped) return;
        // ccxt keeps every asset it has been told about; report those the last event named.
        const named = new Set(((b.info as { B?: Array<{ a: string }> } | undefined)?.B ?? []).map((x) => String(this.exchange.safeCurrencyCode(x.a))));
        const out: Array<{ currency: string; free: number; locked: number; total: number }> = [];
        for (const c of named) {
          const v = (b as unknown as Record<string, { free?: number; used?: number; total?: number }>)[c];
          if (v) out.push({ currency: c, free: v.free ?? 0, locked: v.used ?? 0, total: v.total ?? (v.free ?? 0) + (v.used ?? 0) });
        }
        if (out.length) this.h.onBalances?.(out);
      } catch {
        if (this.stopped) return;
        await sleep(this.delay(attempt++));
      }
    }
  }

  /** Ends the loops; the sockets close with the exchange (`exchange.close()`, owned by the caller). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.isUp = false;
    this.nextUp.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
