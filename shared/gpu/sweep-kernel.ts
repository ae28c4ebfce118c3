import { GpuDeviceLostError, GpuInputError, GpuKernelError, SweepCancelledError } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { gapGroups, sliceInstrument, type GapGroup } from './gaps.ts';
import { placeChunk } from './grid.ts';
import { checkGpuLimits, checkRequestShape, columnOf, effectiveParamSets, resolveParams, type KernelSpec } from './kernel-spec.ts';
import { WGSL } from './shaders.generated.ts';
import type { SeriesChunk, SweepGrid, SweepOptions, SweepRequest } from './types.ts';

const WORKGROUP = 64;
/** Added to epoch minutes so packed times are normal float32 bit patterns (see KernelSpec.timeAsMinutes). */
const MINUTE_BIAS = 2 ** 30;

/** A float64 as two float32 (hi, lo) with hi + lo = x to about 48 bits: the df64 kernels' input format. */
function splitDouble(x: number): [number, number] {
  const hi = Math.fround(x);
  return [hi, Math.fround(x - hi)];
}
const UNIFORM_BYTES = 32;
const NAN_BITS = 0x7fc00000;

export interface SweepKernelOptions {
  /** Cap on one output chunk (and its read-back copy), below the device's binding limit. Default 128 MiB. */
  readonly maxChunkBytes?: number;
}

/**
 * Host class of one sweep kernel (STYLE rule 11): owns its pipeline (compiled once) and its buffers (grown on
 * demand, reused across calls), validates inputs against the device limits, splits the grid into chunks that fit
 * one binding and one dispatch, and reads results back. Calls on one instance run one at a time.
 */
export class SweepKernel {
  readonly spec: KernelSpec;
  private readonly ctx: GpuContext;
  private readonly maxChunkBytes: number;
  private pipeline: Promise<GPUComputePipeline> | undefined;
  private readonly buffers: Partial<Record<'uniform' | 'src' | 'params' | 'out' | 'staging', GPUBuffer>> = {};
  private bindGroup: GPUBindGroup | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private destroyed = false;

  constructor(ctx: GpuContext, spec: KernelSpec, options: SweepKernelOptions = {}) {
    this.ctx = ctx;
    this.spec = spec;
    this.maxChunkBytes = options.maxChunkBytes ?? 128 * 1024 * 1024;
    ctx.track(this, () => this.memoryBytes);
  }

  /** Bytes this host holds on the device now. */
  get memoryBytes(): number {
    let n = 0;
    for (const b of Object.values(this.buffers)) n += b?.size ?? 0;
    return n;
  }

  /**
   * Runs the whole grid and returns it (bar-major, see SweepGrid). NaN rows (gaps, instruments that start later)
   * follow the indicators' NaN policy: each NaN-free run is computed as its own series (see gaps.ts).
   */
  async run(req: SweepRequest, opts: SweepOptions = {}): Promise<SweepGrid> {
    const paramSets = effectiveParamSets(req);
    const nBars = checkRequestShape(this.spec, req);
    const nSeries = req.instruments.length * paramSets.length;
    const nOut = this.spec.outputs.length;
    const values = new Float32Array(nOut * nBars * nSeries);
    const groups = gapGroups(this.spec, req, nBars);
    if (groups) {
      await this.runGroups(req, groups, values, nBars, paramSets.length, opts);
      return { indicator: this.spec.id, outputs: this.spec.outputs, nBars, nInstruments: req.instruments.length, nParamSets: paramSets.length, values };
    }
    await this.runChunks(req, (chunk) => {
      placeChunk(values, nOut, nBars, nSeries, chunk);
      opts.onProgress?.((chunk.series0 + chunk.nLocal) / nSeries);
    }, opts.signal);
    return { indicator: this.spec.id, outputs: this.spec.outputs, nBars, nInstruments: req.instruments.length, nParamSets: paramSets.length, values };
  }

  private async runGroups(req: SweepRequest, groups: readonly GapGroup[], values: Float32Array, nBars: number, nP: number, opts: SweepOptions): Promise<void> {
    values.fill(Number.NaN);
    const nInstr = req.instruments.length;
    const nOut = this.spec.outputs.length;
    let done = 0;
    for (const g of groups) {
      const len = g.to - g.from;
      const sub: SweepRequest = { indicator: req.indicator, instruments: g.instruments.map((i) => sliceInstrument(this.spec, req.instruments[i], g.from, g.to)), paramSets: req.paramSets };
      await this.runChunks(sub, ({ series0, nLocal, data }) => {
        for (let l = 0; l < nLocal; l++) {
          const s = series0 + l;
          const instr = g.instruments[Math.floor(s / nP)];
          const p = s % nP;
          for (let o = 0; o < nOut; o++) {
            for (let t = 0; t < len; t++) values[((o * nBars + g.from + t) * nInstr + instr) * nP + p] = data[(o * len + t) * nLocal + l];
          }
        }
      }, opts.signal);
      done += len * g.instruments.length;
      opts.onProgress?.(Math.min(1, done / (nBars * nInstr)));
    }
    opts.onProgress?.(1);
  }

  /**
   * Runs the grid chunk by chunk and hands each chunk to `onChunk` (its data is only valid during the call).
   * For grids too large to hold at once, e.g. 2,000 parameter sets x 1M bars. With `onChunk` null nothing is read
   * back (benchmarks: compute time alone); the promise resolves when the GPU has finished.
   */
  runChunks(req: SweepRequest, onChunk: ((chunk: SeriesChunk) => void) | null, signal?: SweepOptions['signal']): Promise<void> {
    const next = this.queue.then(() => this.runNow(req, onChunk, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(req: SweepRequest, onChunk: ((chunk: SeriesChunk) => void) | null, signal?: SweepOptions['signal']): Promise<void> {
    if (this.destroyed) throw new GpuKernelError(`${this.spec.id}: kernel host used after destroy()`);
    this.ctx.ensureUsable();
    const { spec, ctx } = this;
    const device = ctx.device;
    const paramSets = effectiveParamSets(req);
    const nBars = checkRequestShape(spec, req);
    const nInstr = req.instruments.length;
    const nParams = paramSets.length;
    const nSeries = nInstr * nParams;
    const nOut = spec.outputs.length;
    const width = spec.df64 ? 2 : 1; // float32 words per value
    const stride = Math.max(1, spec.params.length * width);
    const limit = ctx.maxBindingBytes;

    const srcBytes = spec.columns.length * width * nInstr * nBars * 4;
    if (srcBytes > limit) {
      throw new GpuInputError(`${spec.id}: ${nInstr} instruments x ${nBars} bars x ${spec.columns.length} columns need ${srcBytes} bytes, above this device's ${limit}-byte binding limit; split the instruments into several calls`);
    }
    const packedParams = new Float32Array(nParams * stride);
    paramSets.forEach((p, i) => {
      const values = resolveParams(spec, p);
      packedParams.set(spec.df64 ? values.flatMap((v) => splitDouble(v)) : values, i * stride);
      checkGpuLimits(spec, p);
    });
    const src = this.packColumns(req, nBars);

    const bytesPerSeries = nOut * nBars * 4;
    const maxWg = device.limits.maxComputeWorkgroupsPerDimension;
    let maxLocal = Math.floor(Math.min(limit, this.maxChunkBytes) / bytesPerSeries);
    if (spec.mode === 'bar') maxLocal = Math.min(maxLocal, Math.floor(Math.min(2 ** 32 - 1, maxWg * maxWg * WORKGROUP) / nBars));
    if (maxLocal < 1) {
      throw new GpuInputError(`${spec.id}: one series of ${nBars} bars x ${nOut} outputs needs ${bytesPerSeries} bytes, above the ${Math.min(limit, this.maxChunkBytes)}-byte chunk limit; use fewer bars`);
    }
    const chunkSeries = Math.min(maxLocal, nSeries);
    if (nBars === 0) return; // nothing to compute (and WebGPU rejects zero-sized bindings)

    const pipeline = await this.getPipeline();
    this.ensureBuffers(Math.max(src.byteLength, 4), Math.max(packedParams.byteLength, 4), chunkSeries * bytesPerSeries);
    const b = this.buffers as Required<typeof this.buffers>;
    device.queue.writeBuffer(b.src, 0, src);
    device.queue.writeBuffer(b.params, 0, packedParams);

    for (let series0 = 0; series0 < nSeries; series0 += chunkSeries) {
      if (signal?.aborted) throw new SweepCancelledError(`${spec.id}: sweep cancelled after ${series0} of ${nSeries} series`);
      this.ctx.ensureUsable();
      const nLocal = Math.min(chunkSeries, nSeries - series0);
      const dims = new Uint32Array([nBars, nInstr, nParams, stride, series0, nLocal, NAN_BITS, spec.columns.length * width]);
      device.queue.writeBuffer(b.uniform, 0, dims);
      const invocations = spec.mode === 'series' ? nLocal : nLocal * nBars;
      const groups = Math.ceil(invocations / WORKGROUP);
      const gx = Math.min(groups, maxWg);
      const gy = Math.ceil(groups / gx);
      const outBytes = nLocal * bytesPerSeries;
      const enc = device.createCommandEncoder({ label: `${spec.id} sweep` });
      const pass = enc.beginComputePass({ label: spec.id });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, this.bindGroup!);
      pass.dispatchWorkgroups(gx, gy);
      pass.end();
      if (!onChunk) {
        device.queue.submit([enc.finish()]);
        continue;
      }
      enc.copyBufferToBuffer(b.out, 0, b.staging, 0, outBytes);
      device.queue.submit([enc.finish()]);
      try {
        await b.staging.mapAsync(GPUMapMode.READ, 0, outBytes);
      } catch (e) {
        if (this.ctx.isLost) throw new GpuDeviceLostError(`${this.ctx.lostMessage} during ${spec.id}`);
        throw new GpuKernelError(`${spec.id}: reading results back failed: ${(e as Error).message}`);
      }
      const data = new Float32Array(b.staging.getMappedRange(0, outBytes));
      try {
        onChunk({ series0, nLocal, data });
      } finally {
        b.staging.unmap();
      }
    }
    if (!onChunk) await device.queue.onSubmittedWorkDone();
  }

  private packColumns(req: SweepRequest, nBars: number): Float32Array {
    const { spec } = this;
    const nInstr = req.instruments.length;
    const width = spec.df64 ? 2 : 1;
    const src = new Float32Array(spec.columns.length * width * nInstr * nBars);
    const srcBits = new Uint32Array(src.buffer);
    spec.columns.forEach((c, ci) => {
      req.instruments.forEach((ins, i) => {
        const col = columnOf(spec, ins, c, i);
        const base = (ci * width * nInstr + i) * nBars;
        // df64: the hi words form column 2*ci, the lo words (x - hi, rounded) column 2*ci + 1.
        const loBase = ((ci * width + 1) * nInstr + i) * nBars;
        for (let t = 0; t < nBars; t++) {
          const v = col[t];
          // WGSL gives no NaN guarantees (implementations may assume finite values): run() cuts NaN gaps out
          // before this point (gaps.ts); an infinity has no such rule and goes to the CPU twin.
          if (!Number.isFinite(v)) {
            throw new GpuInputError(`${spec.id}: instruments[${i}].${c}[${t}] is ${v}; the GPU kernels take finite values (NaN gaps only through run()); computing on the CPU`);
          }
          if (c === 'time' && spec.timeAsMinutes) {
            const bits = Math.floor(v / 60_000) + MINUTE_BIAS;
            // Keep the word a normal float32 pattern (no NaN/denormal a GPU might canonicalise): ~years 0..3990.
            if (bits < 0x00800000 || bits > 0x7f7fffff) throw new GpuInputError(`${spec.id}: instruments[${i}].time[${t}] = ${v} is outside the dates the GPU kernel takes`);
            srcBits[base + t] = bits;
            continue;
          }
          src[base + t] = v;
          if (width === 2) src[loBase + t] = v - src[base + t];
        }
      });
    });
    return src;
  }

  private getPipeline(): Promise<GPUComputePipeline> {
    if (!this.pipeline) {
      const source = WGSL[this.spec.shader];
      if (!source) throw new GpuKernelError(`${this.spec.id}: no shaders/${this.spec.shader}.wgsl in shared/gpu/shaders.generated.ts (run node scripts/gen-wgsl.mjs)`);
      this.pipeline = this.compile(`${WGSL['common']}\n${this.spec.df64 ? `${WGSL['df64']}\n` : ''}${source}`);
    }
    return this.pipeline;
  }

  private async compile(code: string): Promise<GPUComputePipeline> {
    const device = this.ctx.device;
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: this.spec.shader, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) {
      await device.popErrorScope();
      throw new GpuKernelError(`shaders/${this.spec.shader}.wgsl failed to compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
    }
    try {
      const compute: GPUProgrammableStage = { module, entryPoint: 'main', ...(this.spec.constants ? { constants: { ...this.spec.constants } } : {}) };
      const pipeline = await device.createComputePipelineAsync({ label: this.spec.id, layout: this.ctx.pipelineLayout, compute });
      const err = await device.popErrorScope();
      if (err) throw new GpuKernelError(`${this.spec.id}: pipeline validation failed: ${err.message}`);
      return pipeline;
    } catch (e) {
      this.pipeline = undefined;
      if (e instanceof GpuKernelError) throw e;
      throw new GpuKernelError(`${this.spec.id}: pipeline creation failed: ${(e as Error).message}`);
    }
  }

  /** Grows buffers that are too small (never shrinks: a sweep is usually repeated at the same size). */
  private ensureBuffers(srcBytes: number, paramBytes: number, outBytes: number): void {
    const device = this.ctx.device;
    const S = GPUBufferUsage;
    let changed = false;
    const want = (key: keyof typeof this.buffers, size: number, usage: number): void => {
      const cur = this.buffers[key];
      if (cur && cur.size >= size) return;
      cur?.destroy();
      this.buffers[key] = device.createBuffer({ label: `${this.spec.id}.${key}`, size: Math.ceil(size / 16) * 16, usage });
      changed = true;
    };
    want('uniform', UNIFORM_BYTES, S.UNIFORM | S.COPY_DST);
    want('src', srcBytes, S.STORAGE | S.COPY_DST);
    want('params', paramBytes, S.STORAGE | S.COPY_DST);
    want('out', outBytes, S.STORAGE | S.COPY_SRC);
    want('staging', outBytes, S.MAP_READ | S.COPY_DST);
    if (changed || !this.bindGroup) {
      const b = this.buffers as Required<typeof this.buffers>;
      this.bindGroup = device.createBindGroup({
        label: this.spec.id,
        layout: this.ctx.layout,
        entries: [b.uniform, b.src, b.params, b.out].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    }
  }

  /** Frees the buffers; the pipeline is dropped with the host. */
  destroy(): void {
    this.destroyed = true;
    for (const b of Object.values(this.buffers)) b?.destroy();
    for (const k of Object.keys(this.buffers)) delete this.buffers[k as keyof typeof this.buffers];
    this.bindGroup = undefined;
    this.ctx.untrack(this);
  }
}
