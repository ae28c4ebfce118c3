import { WS_CLOSE_SLOW_CONSUMER } from '../../shared/api/ws.ts';

/** The part of a WebSocket the hub needs (the `ws` package's WebSocket satisfies it). */
export interface HubSocket {
  send(data: string): void;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
  terminate?(): void;
}

export interface HubClient {
  readonly id: number;
  readonly socket: HubSocket;
  readonly topics: Set<string>;
  /** Prefixes of `x.*` subscriptions, with the trailing dot ('orders.'). */
  readonly prefixes: Set<string>;
  dropped: boolean;
}

export interface HubOptions {
  /** A client whose unsent bytes would exceed this is dropped: it must never stall the others. */
  maxBufferedBytes: number;
  maxTopicsPerClient: number;
  now: () => number;
  /** Grace period for a dropped client to read its close frame before the TCP connection is cut (default 2 s). */
  terminateAfterMs?: number;
  onDrop?: (client: HubClient, reason: string) => void;
}

export interface HubStats {
  clients: number;
  published: number;
  delivered: number;
  dropped: number;
}

/**
 * Topic fan-out to WebSocket clients. A message is serialised once per publish, whatever the number of receivers.
 * Backpressure is per client: `bufferedAmount` is what the kernel has not yet taken from that socket; a client over
 * the limit is closed with 1013 and a reason, and the publish goes on for everyone else.
 */
export class Hub {
  private readonly clients = new Set<HubClient>();
  private readonly byTopic = new Map<string, Set<HubClient>>();
  private readonly prefixClients = new Set<HubClient>();
  private nextId = 1;
  private readonly counters = { published: 0, delivered: 0, dropped: 0 };

  constructor(private readonly opts: HubOptions) {}

  add(socket: HubSocket): HubClient {
    const c: HubClient = { id: this.nextId++, socket, topics: new Set(), prefixes: new Set(), dropped: false };
    this.clients.add(c);
    return c;
  }

  remove(c: HubClient): void {
    this.clients.delete(c);
    this.prefixClients.delete(c);
    for (const t of c.topics) this.byTopic.get(t)?.delete(c);
    c.topics.clear();
    c.prefixes.clear();
  }

  /** Returns the topics now subscribed, or an error message when the client's limit would be passed. */
  subscribe(c: HubClient, topics: string[]): string | undefined {
    const fresh = topics.filter((t) => !c.topics.has(t) && !c.prefixes.has(t.slice(0, -1)));
    if (c.topics.size + c.prefixes.size + fresh.length > this.opts.maxTopicsPerClient) {
      return `at most ${this.opts.maxTopicsPerClient} subscriptions per connection; unsubscribe some first`;
    }
    for (const t of fresh) {
      if (t.endsWith('.*')) {
        c.prefixes.add(t.slice(0, -1));
        this.prefixClients.add(c);
      } else {
        c.topics.add(t);
        let set = this.byTopic.get(t);
        if (!set) this.byTopic.set(t, (set = new Set()));
        set.add(c);
      }
    }
    return undefined;
  }

  unsubscribe(c: HubClient, topics: string[]): void {
    for (const t of topics) {
      if (t.endsWith('.*')) c.prefixes.delete(t.slice(0, -1));
      else {
        c.topics.delete(t);
        this.byTopic.get(t)?.delete(c);
      }
    }
    if (c.prefixes.size === 0) this.prefixClients.delete(c);
  }

  /** True when some client would receive a publish on `topic` (feeds stay idle for topics nobody watches). */
  hasSubscribers(topic: string): boolean {
    if ((this.byTopic.get(topic)?.size ?? 0) > 0) return true;
    for (const c of this.prefixClients) for (const p of c.prefixes) if (topic.startsWith(p)) return true;
    return false;
  }

  /**
   * Sends `data` to every subscriber of `topic`; returns how many received it. `dataJson`, when given, is
   * `JSON.stringify(data)` already made (the journal's payload text): it is used as it is.
   */
  publish(topic: string, data: unknown, dataJson?: string): number {
    this.counters.published++;
    const exact = this.byTopic.get(topic);
    let targets: Iterable<HubClient> = exact ?? [];
    if (this.prefixClients.size) {
      const all = new Set(exact);
      for (const c of this.prefixClients) for (const p of c.prefixes) if (topic.startsWith(p)) all.add(c);
      targets = all;
    }
    let text: string | undefined;
    let n = 0;
    for (const c of targets) {
      if (c.dropped) continue;
      text ??= dataJson === undefined ? JSON.stringify({ type: 'event', topic, time: this.opts.now(), data }) : `{"type":"event","topic":${JSON.stringify(topic)},"time":${JSON.stringify(this.opts.now())},"data":${dataJson}}`;
      if (c.socket.bufferedAmount + text.length > this.opts.maxBufferedBytes) {
        this.drop(c, `slow consumer: ${c.socket.bufferedAmount} bytes unsent; reconnect and resubscribe`);
        continue;
      }
      c.socket.send(text);
      n++;
    }
    this.counters.delivered += n;
    return n;
  }

  drop(c: HubClient, reason: string): void {
    if (c.dropped) return;
    c.dropped = true;
    this.counters.dropped++;
    this.remove(c);
    this.opts.onDrop?.(c, reason);
    // The close frame (with the reason) queues behind the unsent data; if the client has not read it within the
    // grace period, the connection is cut outright so its buffer is freed.
    c.socket.close(WS_CLOSE_SLOW_CONSUMER, reason.slice(0, 120));
    if (c.socket.terminate) setTimeout(() => c.socket.terminate?.(), this.opts.terminateAfterMs ?? 2000).unref();
  }

  stats(): HubStats {
    return { clients: this.clients.size, ...this.counters };
  }

  closeAll(code: number, reason: string): void {
    for (const c of [...this.clients]) {
      this.remove(c);
      c.socket.close(code, reason);
    }
  }
}
