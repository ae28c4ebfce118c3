import { api } from '../api/client.ts';
import { ChartWorkspace, localTabStore } from './chart-workspace.svelte.ts';
import { computeWithRuntime } from '../lib/gpu-indicators.ts';
import { GatewayState } from './gateway.svelte.ts';
import { Router } from './router.svelte.ts';

// The app's long-lived state objects, one of each. Views import what they need from here; tests construct
// their own instances with injected clients instead.

export const router = new Router();
export const workspace = new ChartWorkspace(api, localTabStore, computeWithRuntime);
export const gateway = new GatewayState(api);
export { gpu } from './gpu.svelte.ts';

import { AioDb, WorkspaceStore } from '../storage/index.ts';
/** Strategies and results in IndexedDB; Dexie opens the database on first use. */
export const store = new WorkspaceStore(new AioDb());
