// The page e2e/gpu-kernels.spec.ts loads: every kernel against its CPU twin in real Chromium, the Web Worker
// fallback against the direct CPU path, and device-loss fallback. Results go to the DOM and window.__gpuSelfTest.
import { createBrowserRuntime } from './compute/browser-runtime.ts';
import { adapterLabel, GpuContext } from '../shared/gpu/gpu-context.ts';
import { ComputeRuntime } from '../shared/gpu/runtime.ts';
import { runSelfTest, syntheticBars, type KernelCheck } from '../shared/gpu/selftest.ts';

export interface GpuSelfTestReport {
  done: boolean;
  error?: string;
  adapter?: string;
  runtimeReason?: string;
  results: KernelCheck[];
  workerPool?: { identical: boolean; backend: string; reason: string; indicators: number };
  deviceLoss?: { before: string; after: string; backendAfter: string; sweepBackend: string };
}

declare global {
  interface Window { __gpuSelfTest: GpuSelfTestReport }
}

const report: GpuSelfTestReport = { done: false, results: [] };
window.__gpuSelfTest = report;
const $ = (id: string): HTMLElement => document.getElementById(id)!;
const now = (): number => performance.now();
// Small enough for SwiftShader in a headless browser, long enough to cover every warm-up and window.
const N_BARS = 1500;

function row(r: KernelCheck): void {
  const tr = document.createElement('tr');
  tr.dataset.kernel = r.id;
  const cells = [r.id, r.ok ? 'ok' : 'FAIL', `${(r.worstRatio * 100).toFixed(1)}%`, String(r.cells), r.ms.toFixed(0), r.ok ? r.tolerance : r.detail];
  for (const [i, text] of cells.entries()) {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === 1) td.className = r.ok ? 'ok' : 'fail';
    tr.append(td);
  }
  $('results').querySelector('tbody')!.append(tr);
}

async function main(): Promise<void> {
  if (!('gpu' in navigator)) throw new Error('navigator.gpu missing: start Chromium with --enable-unsafe-webgpu');
  const ctx = await GpuContext.request(navigator.gpu);
  if (typeof ctx === 'string') throw new Error(ctx);
  report.adapter = adapterLabel(ctx.adapter);
  $('status').textContent = `adapter: ${report.adapter}`;
  // ?only=ema,rsi runs a subset (debugging one kernel in a browser).
  const only = new URLSearchParams(location.search).get('only')?.split(',');
  report.results = await runSelfTest(ctx, { nBars: N_BARS, nInstruments: 2, now, only, onResult: (r) => {
    row(r);
    console.log(`[gpu-selftest] ${r.id}: ${r.ok ? 'ok' : 'FAIL'} ${(r.worstRatio * 100).toFixed(1)}% ${r.ms.toFixed(0)} ms`);
  } });

  // Device loss: the runtime must say so and answer the next sweep on the CPU.
  const rt = await ComputeRuntime.create({ context: ctx, now });
  const before = rt.status.reason;
  const bars = syntheticBars(N_BARS, 2, 3);
  await rt.sweep({ indicator: 'ema', instruments: bars, paramSets: [{ period: 10 }] });
  ctx.device.destroy();
  await ctx.device.lost;
  const after = await rt.sweep({ indicator: 'ema', instruments: bars, paramSets: [{ period: 10 }] });
  report.deviceLoss = { before, after: rt.status.reason, backendAfter: rt.status.backend, sweepBackend: after.backend };

  // The Web Worker pool (comlink) must give exactly what the direct CPU path gives.
  const pooled = await createBrowserRuntime({ forceCpu: true, workers: 2 });
  const direct = await createBrowserRuntime({ forceCpu: true, workers: 0 });
  let identical = true;
  const ids = pooled.indicators().map((i) => i.id);
  for (const id of ids) {
    const req = { indicator: id, instruments: bars, paramSets: [] };
    const a = await pooled.sweep(req);
    const b = await direct.sweep(req);
    const same = a.values.length === b.values.length && a.values.every((v, i) => Object.is(v, b.values[i]));
    identical &&= same;
  }
  report.workerPool = { identical, backend: pooled.status.backend, reason: pooled.status.reason, indicators: ids.length };
  pooled.destroy();
  direct.destroy();
  report.runtimeReason = before;
  const failed = report.results.filter((r) => !r.ok).length;
  $('status').textContent = `adapter: ${report.adapter} — ${report.results.length - failed}/${report.results.length} kernels ok; ` +
    `worker pool ${identical ? 'identical' : 'DIFFERENT'}; after device loss: ${report.deviceLoss.after}`;
}

main()
  .catch((e: unknown) => {
    report.error = e instanceof Error ? e.message : String(e);
    $('status').textContent = `error: ${report.error}`;
  })
  .finally(() => {
    report.done = true;
    document.body.dataset.done = 'true';
  });
