import { INDICATORS } from '../indicators/registry.ts';
import { cpuTwin } from './cpu-twins.ts';
import { cpuSweep } from './cpu-sweep.ts';
import type { CpuPool } from './cpu-task.ts';
import { GpuDeviceLostError, GpuInputError, GpuKernelError, SweepCancelledError } from './errors.ts';
import { adapterLabel, GpuContext, type AdapterDescription } from './gpu-context.ts';
import { placeChunk } from './grid.ts';
import { checkRequestShape, effectiveParamSets, resolveParams } from './kernel-spec.ts';
import { KERNELS, specFor } from './kernels/index.ts';
import { SweepKernel } from './sweep-kernel.ts';
import type { Backend, SweepGrid, SweepOptions, SweepRequest, SweepResult } from './types.ts';

export interface RuntimeStatus {
  /** Where sweeps run now. */
  readonly backend: Backend;
  /** Why, e.g. "WebGPU: NVIDIA H100 (vendor nvidia)" or "CPU fallback (4 workers): navigator.gpu missing". */
  readonly reason: string;
  readonly adapter?: AdapterDescription;
  /** Bytes the kernel hosts hold on the GPU now. */
  readonly gpuMemoryBytes: number;
  /** CPU workers for the fallback (0: the calling thread). */
  readonly workers: number;
}

export interface ComputeRuntimeOptions {
  /** navigator.gpu (browser) or npm `webgpu`'s GPU (Node); a string says why there is none. */
  readonly gpu?: GPU | string;
  /** Use this device instead of requesting one (tests, or an app that shares its device). */
  readonly context?: GpuContext;
  /** Worker pool for the CPU path; without one the CPU twins run in the calling thread. */
  readonly cpuPool?: CpuPool;
  /** Ignore the GPU (e.g. a user setting). */
  readonly forceCpu?: boolean;
  /** Clock for elapsedMs (core code takes time from an injected clock). */
  readonly now?: () => number;
}

export interface IndicatorSupport {
  readonly id: string;
  readonly outputs: readonly string[];
  readonly params: readonly string[];
  readonly gpu: boolean;
}

/**
 * The compute runtime: one `sweep()` API whatever the host. It runs WGSL kernels when an adapter exists and
 * otherwise (or when the device is lost, or for inputs the GPU cannot take) the CPU twins in a worker pool.
 * `status` says where and why, for the app's status bar.
 */
export class ComputeRuntime {
  private ctx: GpuContext | undefined;
  private gpuReason: string;
  private readonly pool: CpuPool | undefined;
  private readonly hosts = new Map<string, SweepKernel>();
  private readonly brokenKernels = new Map<string, string>();
  private readonly listeners = new Set<(s: RuntimeStatus) => void>();
  private readonly now: () => number;

  private constructor(ctx: GpuContext | undefined, gpuReason: string, o: ComputeRuntimeOptions) {
    this.ctx = ctx;
    this.gpuReason = gpuReason;
    this.pool = o.cpuPool;
    this.now = o.now ?? (() => 0);
    ctx?.onLost((reason) => this.fallBack(reason));
  }

  static async create(o: ComputeRuntimeOptions = {}): Promise<ComputeRuntime> {
    if (o.forceCpu) return new ComputeRuntime(undefined, 'GPU disabled by setting', o);
    if (o.context) return new ComputeRuntime(o.context, '', o);
    if (o.gpu === undefined) return new ComputeRuntime(undefined, 'navigator.gpu missing (this browser or host has no WebGPU)', o);
    if (typeof o.gpu === 'string') return new ComputeRuntime(undefined, o.gpu, o);
    try {
      const ctx = await GpuContext.request(o.gpu);
      return typeof ctx === 'string' ? new ComputeRuntime(undefined, ctx, o) : new ComputeRuntime(ctx, '', o);
    } catch (e) {
      return new ComputeRuntime(undefined, `requesting a WebGPU device failed: ${(e as Error).message}`, o);
    }
  }

  get status(): RuntimeStatus {
    const workers = this.pool?.size ?? 0;
    if (this.ctx && !this.ctx.isLost) {
      return { backend: 'webgpu', reason: `WebGPU: ${adapterLabel(this.ctx.adapter)}`, adapter: this.ctx.adapter, gpuMemoryBytes: this.ctx.memoryBytes, workers };
    }
    return { backend: 'cpu', reason: `${this.cpuLabel()}: ${this.gpuReason}`, gpuMemoryBytes: 0, workers };
  }

  /** Called now and on every change of backend (e.g. device loss). Returns an unsubscribe function. */
  onStatus(listener: (s: RuntimeStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Indicators the runtime can sweep, and which of them have a GPU kernel. */
  indicators(): IndicatorSupport[] {
    return INDICATORS.map((d) => ({ id: d.id, outputs: d.outputs, params: d.params.map((p) => p.name), gpu: KERNELS[d.id] !== undefined }));
  }

  /** Computes one indicator over every (instrument, parameter set) pair. */
  async sweep(req: SweepRequest, opts: SweepOptions = {}): Promise<SweepResult> {
    const spec = specFor(req.indicator);
    if (!spec) throw new GpuInputError(`unknown indicator "${req.indicator}"; known: ${INDICATORS.map((d) => d.id).join(', ')}`);
    // Validate once up front so a bad request fails the same way on every backend.
    checkRequestShape(spec, req);
    effectiveParamSets(req).forEach((p) => resolveParams(spec, p));
    const t0 = this.now();
    let why = this.status.reason;
    if (!KERNELS[spec.id]) {
      why = `CPU: no WGSL kernel for ${spec.id} yet`;
    } else if (this.ctx && !this.ctx.isLost && !this.brokenKernels.has(spec.id)) {
      try {
        const grid = await this.host(spec.id).run(req, opts);
        return { ...grid, backend: 'webgpu', reason: why, elapsedMs: this.now() - t0 };
      } catch (e) {
        if (e instanceof GpuDeviceLostError) {
          this.fallBack(this.ctx.lostMessage ?? e.message);
          why = this.status.reason;
        } else if (e instanceof GpuKernelError) {
          this.brokenKernels.set(spec.id, e.message);
          why = `${this.cpuLabel()}: ${e.message}`;
        } else if (e instanceof GpuInputError) {
          why = `${this.cpuLabel()}: ${e.message}`;
        } else {
          throw e;
        }
      }
    } else if (this.brokenKernels.has(spec.id)) {
      why = `${this.cpuLabel()}: ${this.brokenKernels.get(spec.id)}`;
    }
    const grid = await this.cpuSweep(req, opts);
    return { ...grid, backend: 'cpu', reason: why, elapsedMs: this.now() - t0 };
  }

  /** The host class of one kernel on this runtime's device (created once, reused). For benchmarks and tests. */
  host(id: string): SweepKernel {
    if (!this.ctx) throw new GpuInputError(`no GPU: ${this.gpuReason}`);
    let h = this.hosts.get(id);
    if (!h) {
      const spec = KERNELS[id];
      if (!spec) throw new GpuInputError(`no GPU kernel for "${id}"`);
      h = new SweepKernel(this.ctx, spec);
      this.hosts.set(id, h);
    }
    return h;
  }

  private async cpuSweep(req: SweepRequest, opts: SweepOptions): Promise<SweepGrid> {
    const spec = specFor(req.indicator)!;
    const twin = cpuTwin(req.indicator)!;
    const paramSets = effectiveParamSets(req);
    const nBars = checkRequestShape(spec, req);
    const nSeries = req.instruments.length * paramSets.length;
    if (opts.signal?.aborted) throw new SweepCancelledError(`${spec.id}: sweep cancelled before it started`);
    if (!this.pool || this.pool.size < 1 || nSeries === 1) {
      const g = cpuSweep(spec, twin, req);
      opts.onProgress?.(1);
      return g;
    }
    const nOut = spec.outputs.length;
    const values = new Float32Array(nOut * nBars * nSeries);
    // A few parts per worker so progress moves and cancellation takes effect between parts.
    const parts = Math.min(nSeries, this.pool.size * 4);
    const per = Math.ceil(nSeries / parts);
    const pending: { s0: number; n: number }[] = [];
    for (let s0 = 0; s0 < nSeries; s0 += per) pending.push({ s0, n: Math.min(per, nSeries - s0) });
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let job = pending.shift(); job; job = pending.shift()) {
        if (opts.signal?.aborted) throw new SweepCancelledError(`${spec.id}: sweep cancelled after ${done} of ${nSeries} series`);
        // Send a worker only the instruments its series need, and only the columns the indicator reads:
        // the request is copied into the worker, so a 1M-bar OHLCVT grid would otherwise be copied per part.
        const nP = paramSets.length;
        const i0 = Math.floor(job.s0 / nP);
        const i1 = Math.floor((job.s0 + job.n - 1) / nP);
        const instruments = req.instruments.slice(i0, i1 + 1).map((ins) => Object.fromEntries(spec.columns.map((c) => [c, ins[c]])));
        const part = await this.pool!.run({ req: { indicator: req.indicator, instruments, paramSets: req.paramSets }, series0: job.s0 - i0 * nP, nLocal: job.n });
        const chunk = { ...part, series0: job.s0 };
        placeChunk(values, nOut, nBars, nSeries, chunk);
        done += job.n;
        opts.onProgress?.(done / nSeries);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.pool.size, pending.length) }, worker));
    return { indicator: spec.id, outputs: spec.outputs, nBars, nInstruments: req.instruments.length, nParamSets: paramSets.length, values };
  }

  private cpuLabel(): string {
    const n = this.pool?.size ?? 0;
    return n > 0 ? `CPU fallback (${n} worker${n === 1 ? '' : 's'})` : 'CPU fallback (main thread)';
  }

  private fallBack(reason: string): void {
    if (!this.ctx) return;
    for (const h of this.hosts.values()) h.destroy();
    this.hosts.clear();
    this.ctx = undefined;
    this.gpuReason = reason;
    const s = this.status;
    for (const l of this.listeners) l(s);
  }

  /** Frees GPU buffers, the device and the workers. */
  destroy(): void {
    for (const h of this.hosts.values()) h.destroy();
    this.hosts.clear();
    this.ctx?.destroy();
    this.ctx = undefined;
    this.pool?.destroy();
  }
}
