import { api } from '../api/client.ts';
import { computeWithRuntime } from '../lib/gpu-indicators.ts';
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
export { gpu } from './gpu.svelte.ts';
