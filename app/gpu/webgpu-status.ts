// What the browser offers for GPU compute. The app shows this in the status bar so a trader knows whether
// indicators and sweeps run on the GPU or on the CPU path (which gives the same answers, only slower).

export type GpuStatus =
  | { kind: 'probing' }
  | {
      kind: 'gpu';
      vendor: string;
      architecture: string;
      device: string;
      description: string;
      /** A software or otherwise degraded adapter, e.g. SwiftShader: correct, not fast. */
      isFallback: boolean;
    }
  | { kind: 'cpu'; reason: 'no-webgpu' | 'no-adapter' | 'error'; detail: string };

/** The slice of `navigator` the probe needs; injectable for tests. */
export interface GpuNavigator {
  gpu?: { requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> };
}

export async function probeWebGpu(nav: GpuNavigator): Promise<GpuStatus> {
  if (!nav.gpu) {
    return {
      kind: 'cpu',
      reason: 'no-webgpu',
      detail: 'This browser does not expose WebGPU (navigator.gpu is missing). Use a recent Chromium or enable WebGPU.',
    };
  }
  try {
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      return {
        kind: 'cpu',
        reason: 'no-adapter',
        detail: 'WebGPU is present but no adapter was granted (blocklisted driver, or GPU disabled).',
      };
    }
    const info = adapter.info;
    // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; read whichever this browser has.
    const legacy = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const modern = (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const isFallback = Boolean(modern ?? legacy) || /swiftshader/i.test(`${info.architecture} ${info.description}`);
    return {
      kind: 'gpu',
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallback,
    };
  } catch (err) {
    return { kind: 'cpu', reason: 'error', detail: `requestAdapter() failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** One line for the status bar. */
export function gpuStatusLabel(s: GpuStatus): string {
  switch (s.kind) {
    case 'probing':
      return 'WebGPU: probing…';
    case 'gpu': {
      const arch = [s.vendor, s.architecture].filter(Boolean).join(' / ');
      const name = s.description || s.device;
      const text = name ? `${name}${arch ? ` (${arch})` : ''}` : arch || 'unnamed adapter';
      return `WebGPU: ${text}${s.isFallback ? ' · software fallback' : ''}`;
    }
    case 'cpu':
      return `CPU fallback: ${{ 'no-webgpu': 'no navigator.gpu', 'no-adapter': 'no adapter', error: 'adapter error' }[s.reason]}`;
  }
}
