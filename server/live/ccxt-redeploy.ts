/**
 * Strategies that survive a restart on the ccxt and IB venues (issue 7). A trader expects a deployed strategy to keep
 * running after a crash, knowing its position, without entering twice.
 *
 * Persisted: every deploy is journaled as `<venue>.strategy.deployed` (id, spec, instrument, start time) and every
 * stop as `<venue>.strategy.stopped`; each order a strategy sends carries its strategy id in the order's journaled
 * intent (`<venue>.submit`). The journal is the only store: it is durable before the order goes out.
 *
 * On start, once the venue service has reconciled with the venue (orders by client order id, fills while down):
 * 1. orders of a strategy still working at the venue are canceled — the strategy's memory of them (a resting entry,
 *    its expiry) died with the process, and an order it does not know about could fill next to a fresh entry;
 * 2. the fills of the strategy's orders, as the venue reports them after those cancels, are replayed into the new
 *    kernel (LiveNode.deploy with `restore`), so its position is the venue's;
 * 3. the strategy starts under its old id. Its indicators warm up again on live bars, as on a first deploy.
 * Each redeploy is journaled (`<venue>.strategy.redeployed`, with the orders canceled and the position replayed).
 * Like paper's recovery (paper-recovery.ts) nothing is resent: the venue's account is the truth.
 */
import type { TradingState } from '../../shared/model/index.ts';
import type { Journal, JournalEntry } from '../journal/journal.ts';
import type { CcxtLiveNode, LiveDeployment, LiveNodeHooks, RecoveredFill } from './ccxt-node.ts';
import type { CcxtOrderView } from './ccxt-venue.ts';

/** Deployments still running when the journal ends (deployed, not stopped or faulted), in deploy order. */
export function activeDeployments(entries: Iterable<JournalEntry>, tag: 'ccxt' | 'ib'): LiveDeployment[] {
  const live = new Map<string, LiveDeployment>();
  for (const e of entries) {
    if (e.kind === `${tag}.strategy.deployed`) {
      const d = JSON.parse(e.payload) as LiveDeployment;
      live.set(d.id, d);
    } else if (e.kind === `${tag}.strategy.stopped` || e.kind === `${tag}.strategy.faulted`) {
      live.delete((JSON.parse(e.payload) as { id: string }).id); // a faulted strategy waits for the trader, not a restart
    }
  }
  return [...live.values()];
}

/**
 * The gateway's trading state as last journaled by the live monitor (`risk.trading_state`, kill switch / resume): a
 * node created after the monitor caught up at start must start in it too, or a halt would not survive the restart.
 */
export function lastTradingState(entries: Iterable<JournalEntry>): TradingState | undefined {
  let state: TradingState | undefined;
  for (const e of entries) if (e.kind === 'risk.trading_state') state = (JSON.parse(e.payload) as { to: TradingState }).to;
  return state;
}

/** Hooks that journal a node's deploys and stops (what activeDeployments reads back). */
export function journalingHooks(journal: Journal, tag: 'ccxt' | 'ib', now: () => number): LiveNodeHooks {
  return {
    onDeployed: (d) => void journal.append(`${tag}.strategy.deployed`, d, now()),
    onStopped: (id) => void journal.append(`${tag}.strategy.stopped`, { id }, now()),
    onFaulted: (v) => void journal.append(`${tag}.strategy.faulted`, v, now()),
  };
}

export interface RedeployReport {
  id: string;
  canceled: string[];
  stillOpen: string[];
  fills: number;
  /** Net quantity replayed (buys minus sells). */
  position: number;
  error?: string;
}

export interface RedeployDeps {
  node: CcxtLiveNode;
  journal: Journal;
  tag: 'ccxt' | 'ib';
  now: () => number;
  /** Every order the venue service knows, as last reconciled. */
  orders: () => CcxtOrderView[];
  /** Cancels at the venue; answers the order's state afterwards. */
  cancel: (clientOrderId: string) => Promise<CcxtOrderView>;
  /** How long to wait for cancels to be confirmed (default 5 s). */
  settleMs?: number;
}

const WORKING = new Set(['open', 'unknown']);

/** Deploys `deployments` again on `node` (see the file comment); one failing strategy does not stop the others. */
export async function redeploy(deployments: LiveDeployment[], deps: RedeployDeps): Promise<RedeployReport[]> {
  const out: RedeployReport[] = [];
  const state = lastTradingState(deps.journal.entries(1, Number.MAX_SAFE_INTEGER));
  if (state && state !== 'ACTIVE') deps.node.kernel.riskEngine.setTradingState(state);
  for (const d of deployments) {
    const report: RedeployReport = { id: d.id, canceled: [], stillOpen: [], fills: 0, position: 0 };
    try {
      const asked: string[] = [];
      for (const o of deps.orders()) {
        if (o.strategyId !== d.id || !WORKING.has(o.status)) continue;
        await deps.cancel(o.clientOrderId).catch(() => o);
        asked.push(o.clientOrderId);
      }
      // A venue may confirm a cancel after answering it (TWS: an orderStatus event): wait a little for the final
      // states, since the fills replayed below are the ones known then.
      const working = (): string[] => deps.orders().filter((o) => asked.includes(o.clientOrderId) && WORKING.has(o.status)).map((o) => o.clientOrderId);
      for (const end = Date.now() + (deps.settleMs ?? 5_000); working().length && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
      report.stillOpen = working();
      report.canceled = asked.filter((id) => !report.stillOpen.includes(id));
      const fills: RecoveredFill[] = [];
      for (const o of deps.orders()) {
        if (o.strategyId !== d.id || !(o.filled > 0)) continue;
        fills.push({ side: o.side, quantity: o.filled, price: o.average ?? o.price ?? 0, clientOrderId: o.clientOrderId });
        report.position += o.side === 'buy' ? o.filled : -o.filled;
      }
      report.fills = fills.length;
      deps.node.deploy(d.spec, d.instrument, { deployment: d, fills });
    } catch (e) {
      report.error = (e as Error).message;
    }
    deps.journal.append(`${deps.tag}.strategy.redeployed`, report, deps.now());
    out.push(report);
  }
  return out;
}
