import { GpuDeviceLostError } from './errors.ts';

/** What the adapter says about itself, reduced to what the status bar and the benchmarks print. */
export interface AdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallback: boolean;
}

export function describeAdapter(adapter: GPUAdapter): AdapterDescription {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallback: Boolean(info?.isFallbackAdapter ?? legacy ?? false) || /swiftshader/i.test(`${info?.architecture} ${info?.description}`),
  };
}

/** "NVIDIA H100 (vendor nvidia)" / "SwiftShader (vendor google, architecture swiftshader, software)" */
export function adapterLabel(a: AdapterDescription): string {
  const name = a.description || a.device || a.architecture || 'unknown adapter';
  const bits = [`vendor ${a.vendor || 'unknown'}`];
  if (a.architecture && a.architecture !== name) bits.push(`architecture ${a.architecture}`);
  if (a.isFallback) bits.push('software/fallback adapter: correct, not fast');
  return `${name} (${bits.join(', ')})`;
}

/**
 * One GPUDevice shared by every kernel host: its limits, its loss, the bytes the hosts hold on it, and the one
 * bind-group layout every sweep kernel uses (uniform dims, input columns, parameter sets, outputs).
 */
export class GpuContext {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  readonly layout: GPUBindGroupLayout;
  readonly pipelineLayout: GPUPipelineLayout;
  private lostReason: string | undefined;
  private readonly lostListeners = new Set<(reason: string) => void>();
  private readonly holders = new Map<object, () => number>();

  /** `adapter` is only for labels; pass describeAdapter(adapter) when the adapter is at hand. */
  constructor(device: GPUDevice, adapter: AdapterDescription = { vendor: '', architecture: '', device: '', description: device.label || 'injected GPUDevice', isFallback: false }) {
    this.device = device;
    this.adapter = adapter;
    device.lost.then((info) => {
      this.lostReason = `WebGPU device lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
      for (const l of this.lostListeners) l(this.lostReason);
    });
    const storage = (type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    this.layout = device.createBindGroupLayout({
      label: 'indicator-sweep',
      entries: [
        { ...storage('uniform'), binding: 0 },
        { ...storage('read-only-storage'), binding: 1 },
        { ...storage('read-only-storage'), binding: 2 },
        { ...storage('storage'), binding: 3 },
      ],
    });
    this.pipelineLayout = device.createPipelineLayout({ label: 'indicator-sweep', bindGroupLayouts: [this.layout] });
  }

  /** Requests an adapter and a device with the largest buffer limits the adapter allows. */
  static async request(gpu: GPU, options: GPURequestAdapterOptions = { powerPreference: 'high-performance' }): Promise<GpuContext | string> {
    const adapter = await gpu.requestAdapter(options);
    if (!adapter) return 'navigator.gpu is present but requestAdapter() returned null (no usable GPU or driver)';
    const l = adapter.limits;
    const device = await adapter.requestDevice({
      label: 'aio-indicators',
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      },
    });
    return new GpuContext(device, describeAdapter(adapter));
  }

  get isLost(): boolean {
    return this.lostReason !== undefined;
  }

  get lostMessage(): string | undefined {
    return this.lostReason;
  }

  /** Throws GpuDeviceLostError once the device is gone. */
  ensureUsable(): void {
    if (this.lostReason) throw new GpuDeviceLostError(`${this.lostReason}; indicators run on the CPU until the page or process restarts`);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    if (this.lostReason) listener(this.lostReason);
    return () => this.lostListeners.delete(listener);
  }

  /** Kernel hosts register a function that reports the bytes they hold. */
  track(holder: object, bytes: () => number): void {
    this.holders.set(holder, bytes);
  }

  untrack(holder: object): void {
    this.holders.delete(holder);
  }

  /** Bytes currently allocated on the device by all kernel hosts. */
  get memoryBytes(): number {
    let n = 0;
    for (const f of this.holders.values()) n += f();
    return n;
  }

  /** The most bytes one storage binding (and one buffer) may hold on this device. */
  get maxBindingBytes(): number {
    return Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
  }

  destroy(): void {
    this.device.destroy();
  }
}
