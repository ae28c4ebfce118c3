/**
 * MessageBus: the only way kernel components talk to each other (NautilusTrader's `common/msgbus`).
 *
 * - Endpoints (point-to-point): one handler per name; commands go here (`RiskEngine.execute`, `ExecutionEngine.execute`).
 * - Topics (pub/sub): any number of subscribers; events and market data go here (`events.order.S-1`, `data.quotes.X`).
 *   A subscription pattern may end in `*` (`data.quotes.*`); patterns are matched when a topic is created or a
 *   subscription added, never per message, so `publish` is a loop over a precomputed handler array.
 * - Requests: `request(endpoint, req)` returns the handler's response (synchronous in the kernel; a live client may
 *   return a Promise).
 *
 * Hot paths hold the `Topic`/`Endpoint` objects returned by `topic()`/`endpoint()` and call them directly: no string
 * building and no map lookups per message.
 */
import { DomainError } from '../model/errors.ts';

export type Handler<T> = (msg: T) => void;

/** A named point-to-point destination. `send` before `register` throws: a missing endpoint is a wiring bug. */
export class Endpoint<T> {
  handler: Handler<T> | undefined = undefined;
  sent = 0;
  constructor(readonly name: string) {}

  send(msg: T): void {
    this.sent++;
    const h = this.handler;
    if (h === undefined) throw new BusError(`no handler registered on endpoint '${this.name}'`);
    h(msg);
  }
}

interface Subscription {
  readonly pattern: string;
  readonly handler: Handler<never>;
  readonly priority: number;
  readonly seq: number;
}

/** A named pub/sub channel. Handlers run in priority order (higher first), then subscription order. */
export class Topic<T> {
  /** Precomputed, re-sorted only when subscriptions change. */
  handlers: Handler<T>[] = [];
  subs: Subscription[] = [];
  published = 0;
  constructor(readonly name: string) {}

  publish(msg: T): void {
    this.published++;
    const hs = this.handlers;
    for (let i = 0; i < hs.length; i++) hs[i](msg);
  }

  /** True when no one listens: a publisher may skip building the message. */
  get isEmpty(): boolean {
    return this.handlers.length === 0;
  }

  addSub(sub: Subscription): void {
    if (this.subs.some((s) => s.handler === sub.handler && s.pattern === sub.pattern)) return;
    this.subs.push(sub);
    this.rebuild();
  }

  removeSub(pattern: string, handler: Handler<never>): void {
    const before = this.subs.length;
    this.subs = this.subs.filter((s) => !(s.handler === handler && s.pattern === pattern));
    if (this.subs.length !== before) this.rebuild();
  }

  private rebuild(): void {
    this.subs.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
    this.handlers = this.subs.map((s) => s.handler as Handler<T>);
  }
}

/** A wiring mistake on the bus (no handler, a second handler). Code BUS_WIRING. */
export class BusError extends DomainError {
  constructor(message: string) {
    super('BUS_WIRING', message);
  }
}

function matches(pattern: string, topic: string): boolean {
  if (pattern.endsWith('*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

export class MessageBus {
  private readonly endpoints = new Map<string, Endpoint<unknown>>();
  private readonly topics = new Map<string, Topic<unknown>>();
  private readonly requestHandlers = new Map<string, (req: unknown) => unknown>();
  private readonly subscriptions: Subscription[] = [];
  private seq = 0;

  constructor(readonly traderId = 'TRADER-001') {}

  /** The endpoint object for `name` (created on first use). */
  endpoint<T>(name: string): Endpoint<T> {
    let e = this.endpoints.get(name);
    if (e === undefined) {
      e = new Endpoint<unknown>(name);
      this.endpoints.set(name, e);
    }
    return e as Endpoint<T>;
  }

  register<T>(name: string, handler: Handler<T>): void {
    const e = this.endpoint<T>(name);
    if (e.handler !== undefined) throw new BusError(`endpoint '${name}' already has a handler; deregister it first`);
    e.handler = handler;
  }

  deregister(name: string): void {
    const e = this.endpoints.get(name);
    if (e !== undefined) e.handler = undefined;
  }

  hasEndpoint(name: string): boolean {
    return this.endpoints.get(name)?.handler !== undefined;
  }

  send<T>(name: string, msg: T): void {
    this.endpoint<T>(name).send(msg);
  }

  /** The topic object for `name` (created on first use, picking up matching pattern subscriptions). */
  topic<T>(name: string): Topic<T> {
    let t = this.topics.get(name);
    if (t === undefined) {
      t = new Topic<unknown>(name);
      for (const s of this.subscriptions) if (matches(s.pattern, name)) t.addSub(s);
      this.topics.set(name, t);
    }
    return t as Topic<T>;
  }

  /** Subscribe to a topic name or a `prefix*` pattern. Higher priority runs first. Idempotent per (pattern, handler). */
  subscribe<T>(pattern: string, handler: Handler<T>, priority = 0): void {
    if (this.subscriptions.some((s) => s.pattern === pattern && s.handler === handler)) return;
    const sub: Subscription = { pattern, handler: handler as Handler<never>, priority, seq: this.seq++ };
    this.subscriptions.push(sub);
    for (const [name, t] of this.topics) if (matches(pattern, name)) t.addSub(sub);
  }

  unsubscribe<T>(pattern: string, handler: Handler<T>): void {
    const i = this.subscriptions.findIndex((s) => s.pattern === pattern && s.handler === handler);
    if (i < 0) return;
    this.subscriptions.splice(i, 1);
    for (const [name, t] of this.topics) if (matches(pattern, name)) t.removeSub(pattern, handler as Handler<never>);
  }

  publish<T>(name: string, msg: T): void {
    this.topic<T>(name).publish(msg);
  }

  hasSubscribers(name: string): boolean {
    return !this.topic(name).isEmpty;
  }

  registerRequestHandler<Req, Res>(name: string, handler: (req: Req) => Res): void {
    if (this.requestHandlers.has(name)) throw new BusError(`request endpoint '${name}' already has a handler`);
    this.requestHandlers.set(name, handler as (req: unknown) => unknown);
  }

  request<Req, Res>(name: string, req: Req): Res {
    const h = this.requestHandlers.get(name);
    if (h === undefined) throw new BusError(`no request handler on '${name}'`);
    return h(req) as Res;
  }
}
