import type { SyntheticTicks } from '../../shared/data/synthetic.ts';
import type { TimeSource } from '../../shared/engine/clock.ts';
import type { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import { PaperNode, type LiveStrategyView, type PaperOrderRequest, type PaperOrderView } from './paper-node.ts';
import { recoverPaper, type PaperRecovery } from './paper-recovery.ts';

/** 'OrderFilled' -> 'filled', 'OrderPendingCancel' -> 'pending_cancel' (journal kinds are lower case). */
function snake(type: string, prefix: string): string {
  return type.replace(new RegExp(`^${prefix}`), '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Topic ('orders.OrderFilled', made of the event's type) -> journal kind, worked out once per topic: every order's events go through it. */
const kinds = new Map<string, string>();
function journalKind(topic: string, type: string): string {
  let kind = kinds.get(topic);
  if (kind === undefined) {
    kind = topic.startsWith('orders.') ? `order.${snake(type, 'Order')}` : topic.startsWith('positions.') ? `position.${snake(type, 'Position')}` : 'account.state';
    kinds.set(topic, kind);
  }
  return kind;
}

/** One journal entry waiting for the next commit, and the topic it is published on after it (if any). */
interface Pending {
  kind: string;
  payload: unknown;
  ts: number;
  topic: string | undefined;
}

/**
 * The paper venue as a gateway service: every command and every event it causes are committed to the journal in one
 * transaction before the request is answered, and only then streamed on the WebSocket (`orders.<Type>`,
 * `positions.<Type>`, `account.state`). Market data comes from the replay feed.
 */
export class PaperService {
  readonly node: PaperNode;
  readonly recovery: PaperRecovery;
  private pending: Pending[] = [];

  constructor(
    private readonly journal: Journal,
    private readonly hub: Hub,
    private readonly time: TimeSource,
  ) {
    // Restart: resume from the journal (balances, keyed orders' outcomes, orders left working).
    this.recovery = recoverPaper(journal.entries(1, Number.MAX_SAFE_INTEGER));
    const { run, balances, open } = this.recovery;
    this.node = new PaperNode({
      time,
      run,
      balances,
      onStrategyFault: (v) => this.record('strategy.faulted', v, 'strategies.faulted'),
      onEvent: (topic, e) => {
        this.record(journalKind(topic, e.type), e, topic);
      },
    });
    this.record('paper.started', { run, balancesFromJournal: balances !== undefined, ordersClosedByRestart: open.length });
    for (const o of open) {
      // The venue holding these orders ran inside the stopped gateway: they are closed, not resent blindly.
      const payload = { orderId: o.orderId, lastStatus: o.status, reason: 'the paper venue restarted; orders resting in it were not restored' };
      this.record('reconcile.order_closed', payload, 'orders.reconciled');
      o.status = 'CANCELED';
    }
    this.flush();
  }

  /** Feed step from the replay feed: quotes and trades in time order (each quote precedes its trade). */
  onTicks(id: string, ticks: SyntheticTicks): void {
    let j = 0;
    for (const q of ticks.quotes) {
      while (j < ticks.trades.length && ticks.trades[j].ts < q.ts) this.node.onTrade(id, ticks.trades[j++]);
      this.node.onQuote(id, q);
      while (j < ticks.trades.length && ticks.trades[j].ts === q.ts) this.node.onTrade(id, ticks.trades[j++]);
    }
    while (j < ticks.trades.length) this.node.onTrade(id, ticks.trades[j++]);
    this.flush();
  }

  submit(req: PaperOrderRequest): { order: PaperOrderView; duplicate: boolean } {
    const before = req.clientOrderId === undefined ? undefined : this.recovery.byKey.get(req.clientOrderId);
    if (before) return { order: { ...before }, duplicate: true }; // placed before a restart: never resent
    this.record('command.submit_order', req);
    try {
      const r = this.node.submit(req);
      if (!r.duplicate) {
        if (req.clientOrderId !== undefined) this.record('order.key', { key: req.clientOrderId, order: r.order });
        else this.record('order.placed', r.order);
      }
      return r;
    } finally {
      this.flush();
    }
  }

  cancel(orderId: string): PaperOrderView {
    this.record('command.cancel_order', { orderId });
    try {
      return this.node.cancel(orderId);
    } finally {
      this.flush();
    }
  }

  deploy(spec: unknown, instrument: string): LiveStrategyView {
    this.record('command.deploy_strategy', { instrument, spec });
    try {
      const v = this.node.deploy(spec, instrument);
      this.record('strategy.started', v, 'strategies.started');
      return v;
    } finally {
      this.flush();
    }
  }

  stopStrategy(id: string): LiveStrategyView {
    this.record('command.stop_strategy', { id });
    try {
      const v = this.node.stopStrategy(id);
      this.record('strategy.stopped', v, 'strategies.stopped');
      return v;
    } finally {
      this.flush();
    }
  }

  /** Every entry has the same four fields, so the code that reads them sees one object shape. */
  private record(kind: string, payload: unknown, topic?: string): void {
    this.pending.push({ kind, payload, ts: this.time.now(), topic });
  }

  /** Commits what is pending (one transaction), then publishes it. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const entries = this.journal.appendMany(batch);
    // The journal's payload text is the event's JSON: the socket frames reuse it rather than serialise it again.
    for (let i = 0; i < batch.length; i++) {
      const topic = batch[i].topic;
      if (topic !== undefined) this.hub.publish(topic, batch[i].payload, entries[i].payload);
    }
  }

  dispose(): void {
    this.node.dispose();
  }
}
