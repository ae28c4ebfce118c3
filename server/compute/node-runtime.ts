// The compute runtime for Node hosts (gateway, CLI, benchmarks): WebGPU through npm `webgpu` when an adapter
// exists, otherwise the CPU twins in a worker_threads pool.
import { ComputeRuntime } from '../../shared/gpu/runtime.ts';
import { NodeCpuPool } from './node-cpu-pool.ts';
import { requestNodeGpu } from './node-gpu.ts';

export interface NodeRuntimeOptions {
  /** CPU workers for the fallback; 0 runs the CPU twins in the calling thread. */
  readonly workers?: number;
  readonly forceCpu?: boolean;
}

export async function createNodeRuntime(o: NodeRuntimeOptions = {}): Promise<ComputeRuntime> {
  const pool = o.workers === 0 ? undefined : new NodeCpuPool(o.workers);
  const now = () => performance.now();
  if (o.forceCpu) return ComputeRuntime.create({ forceCpu: true, cpuPool: pool, now });
  const ctx = await requestNodeGpu();
  return typeof ctx === 'string'
    ? ComputeRuntime.create({ gpu: ctx, cpuPool: pool, now })
    : ComputeRuntime.create({ context: ctx, cpuPool: pool, now });
}
