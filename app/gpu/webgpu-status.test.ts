import { describe, expect, it } from 'vitest';
import { gpuStatusLabel, probeWebGpu, type GpuNavigator } from './webgpu-status.ts';

const adapter = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) =>
  ({ info: { vendor: '', architecture: '', device: '', description: '', ...info } }) as unknown as GPUAdapter;

describe('probeWebGpu', () => {
  it('reports CPU fallback when the browser has no navigator.gpu', async () => {
    const s = await probeWebGpu({});
    expect(s).toMatchObject({ kind: 'cpu', reason: 'no-webgpu' });
    expect(gpuStatusLabel(s)).toBe('CPU fallback: no navigator.gpu');
  });

  it('reports CPU fallback when no adapter is granted', async () => {
    const s = await probeWebGpu({ gpu: { requestAdapter: async () => null } });
    expect(s).toMatchObject({ kind: 'cpu', reason: 'no-adapter' });
    expect(gpuStatusLabel(s)).toBe('CPU fallback: no adapter');
  });

  it('reports the error when requestAdapter throws', async () => {
    const nav: GpuNavigator = { gpu: { requestAdapter: () => Promise.reject(new Error('device lost')) } };
    const s = await probeWebGpu(nav);
    expect(s).toMatchObject({ kind: 'cpu', reason: 'error' });
    expect(s.kind === 'cpu' && s.detail).toContain('device lost');
  });

  it('names a hardware adapter', async () => {
    const s = await probeWebGpu({
      gpu: { requestAdapter: async () => adapter({ vendor: 'nvidia', architecture: 'blackwell', description: 'NVIDIA GeForce RTX 5090' }) },
    });
    expect(s).toMatchObject({ kind: 'gpu', vendor: 'nvidia', isFallback: false });
    expect(gpuStatusLabel(s)).toBe('WebGPU: NVIDIA GeForce RTX 5090 (nvidia / blackwell)');
  });

  it('marks SwiftShader as a software fallback (as Chromium reports it under --enable-unsafe-webgpu)', async () => {
    const s = await probeWebGpu({
      gpu: { requestAdapter: async () => adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }) },
    });
    expect(s).toMatchObject({ kind: 'gpu', isFallback: true });
    expect(gpuStatusLabel(s)).toBe('WebGPU: google / swiftshader · software fallback');
  });
});
