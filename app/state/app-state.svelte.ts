import { api } from '../api/client.ts';
import { computeWithRuntime } from '../lib/gpu-indicators.ts';
import { BacktestRunner } from '../backtest/backtest-runner.svelte.ts';
import { SavedRuns } from '../backtest/saved-runs.svelte.ts';
import { LabState } from '../lab/lab-state.svelte.ts';
import { AioDb, WorkspaceStore } from '../storage/index.ts';
import { ChartWorkspace, localTabStore } from './chart-workspace.svelte.ts';
import { GatewayState } from './gateway.svelte.ts';
import { Router } from './router.svelte.ts';

// The app's long-lived state objects, one of each, so a view keeps its state when the user navigates away and
// back. Tests construct their own instances with injected clients instead.

export const router = new Router();
export const workspace = new ChartWorkspace(api, localTabStore, computeWithRuntime);
export const gateway = new GatewayState(api);
/** Strategies and results in IndexedDB; Dexie opens the database on first use. */
export const store = new WorkspaceStore(new AioDb());
export const lab = new LabState(store);
export const backtests = new BacktestRunner(api, store);
export const savedRuns = new SavedRuns(store, backtests);
backtests.onPersisted = () => void savedRuns.refresh();
export { gpu } from './gpu.svelte.ts';

// Actions a URL asks for. `#/lab?s=<link>` opens a shared strategy and re-runs its backtest on the dataset the
// link names; `#/backtests?run=<token>` runs the Lab's strategy once per token (so a reload does not re-run it).
let lastRunToken = '';
router.onNavigate(({ view, params }) => {
  const s = params.get('s');
  if (view === 'lab' && s && lab.openShare(s)) {
    router.navigate('backtests', new URLSearchParams({ run: `share-${Date.now()}` }));
    return;
  }
  const run = params.get('run');
  if (view === 'backtests' && run && run !== lastRunToken) {
    lastRunToken = run;
    if (lab.draft.validation.ok) void backtests.run($state.snapshot(lab.draft.spec), lab.sharedDataset ?? undefined, lab.draft.savedId);
  }
});
