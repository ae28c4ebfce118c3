// The gateway's WebSocket (/ws) for the Live view: subscribes to topics, hands each event on, and reconnects with
// exponential backoff when the connection drops (the gateway restarted, the phone slept, a slow client was cut off).
// Its state is shown to the user: a monitor that silently stopped updating would be worse than none.

export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SocketEvent {
  topic: string;
  time: number;
  data: unknown;
}

/** The part of the browser's WebSocket this class uses (tests pass a fake). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveSocketOptions {
  /** ws(s)://host/ws?token=... */
  url: () => string;
  topics: string[];
  onEvent: (e: SocketEvent) => void;
  /** Called after every (re)subscription: the caller reloads the state it may have missed while disconnected. */
  onOpen?: () => void;
  create?: (url: string) => SocketLike;
  schedule?: (ms: number, cb: () => void) => unknown;
  cancel?: (h: unknown) => void;
  /** Backoff: first delay and cap (ms). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** The gateway's answer to a request frame (submit_order, cancel_order): `{ type: 'order' | 'error', id, ... }`. */
export interface SocketReply {
  type: 'order' | 'error';
  id: string;
  code?: string;
  message?: string;
  [k: string]: unknown;
}

/** The socket closed, or no answer came in time: whether the gateway acted on the request is not known. */
export class SocketRequestError extends Error {
  override readonly name = 'SocketRequestError';
}

export function wsUrl(token: string, loc: { protocol: string; host: string } = globalThis.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

export class LiveSocket {
  state = $state<SocketState>('idle');
  /** Why the last connection ended, in words. */
  detail = $state('');
  /** Reconnect attempts since the last successful open. */
  attempts = $state(0);
  /** When the next reconnect is due (epoch ms), while reconnecting. */
  retryAt = $state<number | null>(null);

  #ws: SocketLike | null = null;
  #timer: unknown;
  #nextId = 1;
  readonly #pending = new Map<string, { resolve: (r: SocketReply) => void; reject: (e: Error) => void; timer: unknown }>();
  #stopped = true;
  readonly #o: Required<Omit<LiveSocketOptions, 'onOpen'>> & Pick<LiveSocketOptions, 'onOpen'>;

  constructor(opts: LiveSocketOptions) {
    this.#o = {
      create: (url) => new WebSocket(url) as unknown as SocketLike,
      schedule: (ms, cb) => setTimeout(cb, ms),
      cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      minDelayMs: 1000,
      maxDelayMs: 30_000,
      ...opts,
    };
  }

  /** Connects (and keeps reconnecting until stop()). Returns the teardown, for $effect / onMount. */
  start(): () => void {
    this.#stopped = false;
    this.#connect();
    return () => this.stop();
  }

  /**
   * Sends a request frame (an `id` is added) and resolves with the gateway's answer to it, `order` or `error` alike.
   * Rejects with SocketRequestError when the socket is not open, closes first, or no answer comes within `timeoutMs`.
   */
  request(msg: Record<string, unknown>, timeoutMs = 10_000): Promise<SocketReply> {
    const ws = this.#ws;
    if (!ws || this.state !== 'open') return Promise.reject(new SocketRequestError('the live connection is not open'));
    const id = `r${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = this.#o.schedule(timeoutMs, () => this.#settle(id, new SocketRequestError(`no answer from the gateway within ${timeoutMs / 1000} s`)));
      this.#pending.set(id, { resolve, reject, timer });
      try {
        ws.send(JSON.stringify({ ...msg, id }));
      } catch (e) {
        this.#settle(id, new SocketRequestError(e instanceof Error ? e.message : String(e)));
      }
    });
  }

  #settle(id: string, result: SocketReply | Error): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    this.#o.cancel(p.timer);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  #failPending(why: string): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, new SocketRequestError(why));
  }

  stop(): void {
    this.#failPending('the live view closed');
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.cancel(this.#timer);
    this.#timer = undefined;
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      ws.close(1000, 'view closed');
    }
    this.state = 'closed';
    this.retryAt = null;
  }

  /** Delay before reconnect attempt n (1-based): min * 2^(n-1), capped. */
  delay(n: number): number {
    return Math.min(this.#o.maxDelayMs, this.#o.minDelayMs * 2 ** Math.max(0, n - 1));
  }

  #connect(): void {
    if (this.#stopped) return;
    this.state = this.attempts === 0 ? 'connecting' : 'reconnecting';
    this.retryAt = null;
    let ws: SocketLike;
    try {
      ws = this.#o.create(this.#o.url());
    } catch (e) {
      this.detail = e instanceof Error ? e.message : String(e);
      this.#retry();
      return;
    }
    this.#ws = ws;
    ws.onmessage = (ev) => this.#onMessage(ev.data);
    ws.onclose = (ev) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.detail =
        ev.code === 1013 ? 'the gateway dropped this client for reading too slowly'
        : ev.code === 1006 ? 'the connection was lost (gateway stopped or refused the token)'
        : ev.reason || `closed (code ${ev.code})`;
      this.#failPending(`the live connection closed: ${this.detail}`);
      this.#retry();
    };
    ws.onerror = () => {
      // A close event always follows; it schedules the retry.
    };
  }

  #onMessage(raw: unknown): void {
    let m: { type?: string; topic?: string; time?: number; data?: unknown; message?: string; id?: unknown };
    try {
      m = JSON.parse(String(raw)) as typeof m;
    } catch {
      return;
    }
    if (m.type === 'hello') {
      this.#ws?.send(JSON.stringify({ op: 'subscribe', topics: this.#o.topics, id: 'live' }));
    } else if (m.type === 'ack') {
      this.state = 'open';
      this.attempts = 0;
      this.detail = '';
      this.#o.onOpen?.();
    } else if (m.type === 'event' && typeof m.topic === 'string') {
      this.#o.onEvent({ topic: m.topic, time: typeof m.time === 'number' ? m.time : Date.now(), data: m.data });
    } else if ((m.type === 'order' || m.type === 'error') && typeof m.id === 'string' && this.#pending.has(m.id)) {
      this.#settle(m.id, m as SocketReply);
    } else if (m.type === 'error') {
      this.detail = m.message ?? 'the gateway refused a message';
    }
  }

  #retry(): void {
    if (this.#stopped) return;
    this.attempts++;
    this.state = 'reconnecting';
    const ms = this.delay(this.attempts);
    this.retryAt = Date.now() + ms;
    this.#timer = this.#o.schedule(ms, () => {
      this.#timer = undefined;
      this.#connect();
    });
  }
}
