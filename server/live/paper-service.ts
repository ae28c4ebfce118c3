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

/**
 * The paper venue as a gateway service: every command and every event it causes are committed to the journal in one
 * transaction before the request is answered, and only then streamed on the WebSocket (`orders.<Type>`,
 * `positions.<Type>`, `account.state`). Market data comes from the replay feed.
 */
export class PaperService {
  readonly node: PaperNode;
  readonly recovery: PaperRecovery;
  private pending: Array<{ kind: string; payload: unknown; ts: number; topic?: string }> = [];

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
      onStrategyFault: (v) => this.pending.push({ kind: 'strategy.faulted', payload: v, ts: this.time.now(), topic: 'strategies.faulted' }),
      onEvent: (topic, e) => {
        this.pending.push({ kind: journalKind(topic, e.type), payload: e, ts: time.now(), topic });
      },
    });
    this.pending.push({ kind: 'paper.started', payload: { run, balancesFromJournal: balances !== undefined, ordersClosedByRestart: open.length }, ts: time.now() });
    for (const o of open) {
      // The venue holding these orders ran inside the stopped gateway: they are closed, not resent blindly.
      const payload = { orderId: o.orderId, lastStatus: o.status, reason: 'the paper venue restarted; orders resting in it were not restored' };
      this.pending.push({ kind: 'reconcile.order_closed', payload, ts: time.now(), topic: 'orders.reconciled' });
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
    this.pending.push({ kind: 'command.submit_order', payload: req, ts: this.time.now() });
    try {
      const r = this.node.submit(req);
      if (!r.duplicate) {
        if (req.clientOrderId !== undefined) this.pending.push({ kind: 'order.key', payload: { key: req.clientOrderId, order: r.order }, ts: this.time.now() });
        else this.pending.push({ kind: 'order.placed', payload: r.order, ts: this.time.now() });
      }
      return r;
    } finally {
      this.flush();
    }
  }

  cancel(orderId: string): PaperOrderView {
    this.pending.push({ kind: 'command.cancel_order', payload: { orderId }, ts: this.time.now() });
    try {
      return this.node.cancel(orderId);
    } finally {
      this.flush();
    }
  }

  deploy(spec: unknown, instrument: string): LiveStrategyView {
    this.pending.push({ kind: 'command.deploy_strategy', payload: { instrument, spec }, ts: this.time.now() });
    try {
      const v = this.node.deploy(spec, instrument);
      this.pending.push({ kind: 'strategy.started', payload: v, ts: this.time.now(), topic: 'strategies.started' });
      return v;
    } finally {
      this.flush();
    }
  }

  stopStrategy(id: string): LiveStrategyView {
    this.pending.push({ kind: 'command.stop_strategy', payload: { id }, ts: this.time.now() });
    try {
      const v = this.node.stopStrategy(id);
      this.pending.push({ kind: 'strategy.stopped', payload: v, ts: this.time.now(), topic: 'strategies.stopped' });
      return v;
    } finally {
      this.flush();
    }
  }

  /** Commits what is pending (one transaction), then publishes it. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const entries = this.journal.appendMany(batch);
    // The journal's payload text is the event's JSON: the socket frames reuse it rather than serialise it again.
    for (let i = 0; i < batch.length; i++) if (batch[i].topic) this.hub.publish(batch[i].topic!, batch[i].payload, entries[i].payload);
  }

  dispose(): void {
    this.node.dispose();
  }
}
