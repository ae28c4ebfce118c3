import type { JournalEntry } from '../journal/journal.ts';
import type { PaperOrderView } from './paper-node.ts';

const TERMINAL = new Set(['OrderFilled', 'OrderCanceled', 'OrderRejected', 'OrderDenied', 'OrderExpired']);

/** What a restarting paper venue takes from the journal. */
export interface PaperRecovery {
  /** 1 for the first start on a fresh journal; order and strategy ids carry it from run 2 on, so none repeats. */
  run: number;
  /** Balances of the last journaled account state; undefined on a fresh journal (the default balances apply). */
  balances?: Array<{ currency: string; total: number }>;
  /** Orders placed under an idempotency key, as last journaled: a repeat of the key returns this, never resends. */
  byKey: Map<string, PaperOrderView>;
  /** Orders that were still working when the gateway stopped: the paper venue's book died with it. */
  open: PaperOrderView[];
}

/**
 * Rebuilds the paper venue's durable facts from the journal: the account's balances, the outcome of every keyed order,
 * and the orders left working. An order whose last event is not terminal was resting in the (in-process) venue that
 * stopped; it is reported and journaled as closed by the restart rather than silently resent.
 */
export function recoverPaper(entries: Iterable<JournalEntry>): PaperRecovery {
  let run = 1;
  let balances: PaperRecovery['balances'];
  const views = new Map<string, PaperOrderView>();
  const lastType = new Map<string, string>();
  const keyOf = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'paper.started') run++;
    else if (e.kind === 'account.state') {
      const s = JSON.parse(e.payload) as { balances: Array<{ currency: { code: string }; total: number }> };
      balances = s.balances.map((b) => ({ currency: b.currency.code, total: b.total }));
    } else if (e.kind === 'order.key') {
      const k = JSON.parse(e.payload) as { key: string; order: PaperOrderView };
      keyOf.set(k.order.orderId, k.key);
      views.set(k.order.orderId, { ...k.order });
    } else if (e.kind === 'order.placed') {
      const o = JSON.parse(e.payload) as PaperOrderView;
      if (!views.has(o.orderId)) views.set(o.orderId, { ...o });
    } else if (e.kind.startsWith('order.') || e.kind === 'reconcile.order_closed') {
      const ev = JSON.parse(e.payload) as { type?: string; clientOrderId?: string; orderId?: string; lastQty?: number; lastPx?: number };
      const id = ev.clientOrderId ?? ev.orderId;
      if (!id) continue;
      const type = e.kind === 'reconcile.order_closed' ? 'OrderCanceled' : (ev.type ?? '');
      lastType.set(id, type);
      const v = views.get(id);
      if (!v) continue;
      if (type === 'OrderFilled' && ev.lastQty !== undefined && ev.lastPx !== undefined) {
        const prevQty = v.filledQty;
        v.filledQty = prevQty + ev.lastQty;
        v.avgPx = ((v.avgPx ?? 0) * prevQty + ev.lastPx * ev.lastQty) / v.filledQty;
      }
      v.status = statusOf(type, v);
    }
  }
  const byKey = new Map<string, PaperOrderView>();
  const open: PaperOrderView[] = [];
  for (const [id, v] of views) {
    const k = keyOf.get(id);
    if (k !== undefined) byKey.set(k, v);
    const t = lastType.get(id);
    if (t !== undefined && !TERMINAL.has(t)) open.push(v);
  }
  return { run, balances, byKey, open };
}

function statusOf(type: string, v: PaperOrderView): string {
  switch (type) {
    case 'OrderSubmitted': return 'SUBMITTED';
    case 'OrderAccepted': return 'ACCEPTED';
    case 'OrderFilled': return v.filledQty + 1e-12 >= v.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    case 'OrderCanceled': return 'CANCELED';
    case 'OrderRejected': return 'REJECTED';
    case 'OrderDenied': return 'DENIED';
    case 'OrderExpired': return 'EXPIRED';
    case 'OrderTriggered': return 'TRIGGERED';
    default: return v.status;
  }
}
