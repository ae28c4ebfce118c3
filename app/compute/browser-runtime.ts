// The compute runtime for the browser: WebGPU through navigator.gpu when an adapter exists, otherwise the CPU
// twins in a Web Worker pool. The app creates one and shows `runtime.status.reason` in its status bar.
import { ComputeRuntime } from '../../shared/gpu/runtime.ts';
import { WebCpuPool } from './web-cpu-pool.ts';

export interface BrowserRuntimeOptions {
  /** Web Workers for the CPU path (default: cores - 1, at most 8); 0 runs the twins on the main thread. */
  readonly workers?: number;
  /** Skip the GPU (a user setting, or a test of the fallback). */
  readonly forceCpu?: boolean;
}

let shared: Promise<ComputeRuntime> | undefined;

export function createBrowserRuntime(o: BrowserRuntimeOptions = {}): Promise<ComputeRuntime> {
  const cpuPool = o.workers === 0 ? undefined : new WebCpuPool(o.workers);
  const gpu = typeof navigator !== 'undefined' && 'gpu' in navigator ? navigator.gpu : undefined;
  return ComputeRuntime.create({ gpu, cpuPool, forceCpu: o.forceCpu, now: () => performance.now() });
}

/** The page-wide runtime (one GPU device and one worker pool per tab), created on first use. */
export function browserRuntime(): Promise<ComputeRuntime> {
  shared ??= createBrowserRuntime();
  return shared;
}
