// WGSL smoke test (issue 2): one compute shader through npm `webgpu` (Dawn) on whatever Vulkan driver is present
// (SwiftShader on CI), compared with the same arithmetic on the CPU. Fails with the exact fix when no adapter exists.
import { describe, expect, it } from 'vitest';
import { NO_ADAPTER_FIX, nodeNavigatorGpu } from '../server/compute/node-gpu.ts';

const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> ys: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= arrayLength(&ys)) { return; }
  ys[i] = xs[i] * xs[i] + 0.5 * xs[i] - 3.0;
}`;

describe('WGSL smoke test (Node, npm webgpu)', () => {
  it('finds a WebGPU adapter and runs a compute shader that matches the CPU', async () => {
    const gpu = await nodeNavigatorGpu();
    if (typeof gpu === 'string') throw new Error(`${gpu}. ${NO_ADAPTER_FIX}`);
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error(NO_ADAPTER_FIX);
    const device = await adapter.requestDevice();
    const n = 100_000;
    const xs = new Float32Array(n).map((_, i) => (i % 1000) / 10 - 50);
    const usage = GPUBufferUsage;
    const input = device.createBuffer({ size: n * 4, usage: usage.STORAGE | usage.COPY_DST });
    const output = device.createBuffer({ size: n * 4, usage: usage.STORAGE | usage.COPY_SRC });
    const readback = device.createBuffer({ size: n * 4, usage: usage.MAP_READ | usage.COPY_DST });
    device.queue.writeBuffer(input, 0, xs);
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }] });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    enc.copyBufferToBuffer(output, 0, readback, 0, n * 4);
    device.queue.submit([enc.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const ys = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    // Two float32 roundings of a value below 2,600: relative 1e-6 covers them with a wide margin.
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const want = x * x + 0.5 * x - 3;
      worst = Math.max(worst, Math.abs(ys[i] - want) / Math.max(1, Math.abs(want)));
    }
    expect(worst).toBeLessThan(1e-6);
    device.destroy();
  });
});
