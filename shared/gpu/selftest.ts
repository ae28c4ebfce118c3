// One self-test for every kernel, run by the Node tests (shared/gpu/kernels.gpu.test.ts) and by the Chromium page
// (app/gpu-selftest.ts): the same synthetic bars through the GPU kernel and through its CPU twin, compared within
// the kernel's stated float32 tolerance.
import { SeededRandom } from '../util/random.ts';
import { cpuTwin } from './cpu-twins.ts';
import type { GpuContext } from './gpu-context.ts';
import { gridIndex } from './grid.ts';
import { KERNELS } from './kernels/index.ts';
import { SweepKernel } from './sweep-kernel.ts';
import { SELFTEST_CASES, type SelfTestCase } from './selftest-cases.ts';
import type { InstrumentColumns, SweepGrid } from './types.ts';
import { instrumentF64 } from './cpu-sweep.ts';

/**
 * Deterministic OHLCV bars (synthetic): a geometric random walk around 100 with intrabar ranges and volumes of 1e5..1e6.
 * Prices stay positive and are float32-exact; every column is finite.
 */
export function syntheticBars(nBars: number, nInstruments: number, seed = 1): InstrumentColumns[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: nInstruments }, (_, k) => {
    const open = new Float64Array(nBars), high = new Float64Array(nBars), low = new Float64Array(nBars);
    const close = new Float64Array(nBars), volume = new Float64Array(nBars), time = new Float64Array(nBars);
    let px = 50 + 50 * k + 50 * r.next();
    for (let t = 0; t < nBars; t++) {
      const o = px;
      px = Math.max(1, px * Math.exp(0.01 * r.normal()));
      const c = px;
      // float32-exact prices: the GPU reads float32, so the CPU twin sees the same inputs and the comparison
      // measures the kernel's arithmetic. (Input rounding on real prices is ~6e-8 relative, which the smooth
      // kernels' tolerances also cover; it can flip exact ties in branchy ones, see docs/gpu.md.)
      high[t] = Math.fround(Math.max(o, c) * (1 + 0.005 * r.next()));
      low[t] = Math.fround(Math.min(o, c) * (1 - 0.005 * r.next()));
      open[t] = Math.fround(o);
      close[t] = Math.fround(c);
      // Whole shares: volume is an integer, as in real feeds.
      volume[t] = Math.round(1e5 + 9e5 * r.next());
      // 15-minute bars from 2024-01-02 00:00 UTC: sessions change every 96 bars (for session-anchored VWAP).
      time[t] = Date.UTC(2024, 0, 2) + t * 15 * 60_000;
    }
    return { open, high, low, close, volume, time };
  });
}

export interface KernelCheck {
  readonly id: string;
  readonly ok: boolean;
  /** Worst |gpu - cpu| / (atol + rtol * |cpu|) over all finite cells: <= 1 passes. */
  readonly worstRatio: number;
  readonly worstAbs: number;
  readonly cells: number;
  readonly nanMismatches: number;
  readonly ms: number;
  readonly tolerance: string;
  readonly detail: string;
}

/** Compares a grid with the CPU twin series by series, in float64. */
export function compareGrid(grid: SweepGrid, c: SelfTestCase, instruments: InstrumentColumns[]): Omit<KernelCheck, 'ms' | 'id'> {
  const twin = cpuTwin(c.id);
  if (!twin) throw new Error(`no CPU twin for ${c.id}`);
  let worstRatio = 0, worstAbs = 0, cells = 0, nanMismatches = 0;
  let detail = '';
  const paramSets = c.paramSets.length ? c.paramSets : [{}];
  instruments.forEach((ins, i) => {
    const cols = instrumentF64(ins);
    const scale = c.tolerance.scale?.(cols) ?? (() => 1);
    paramSets.forEach((p, j) => {
      const ref = twin(cols, p);
      ref.forEach((y, o) => {
        for (let t = 0; t < grid.nBars; t++) {
          const g = grid.values[gridIndex(grid, o, t, i, j)];
          const want = y[t];
          if (Number.isNaN(want) || Number.isNaN(g)) {
            if (Number.isNaN(want) !== Number.isNaN(g)) {
              if (nanMismatches++ === 0) detail = `NaN mismatch: ${grid.outputs[o]} instrument ${i} params ${JSON.stringify(p)} bar ${t}: gpu ${g}, cpu ${want}`;
            }
            continue;
          }
          cells++;
          const err = Math.abs(g - want);
          const ratio = err / (c.tolerance.atol * scale(t) + c.tolerance.rtol * Math.abs(want));
          worstAbs = Math.max(worstAbs, err);
          if (ratio > worstRatio) {
            worstRatio = ratio;
            if (!nanMismatches) detail = `worst: ${grid.outputs[o]} instrument ${i} params ${JSON.stringify(p)} bar ${t}: gpu ${g}, cpu ${want}`;
          }
        }
      });
    });
  });
  const tolerance = `|gpu-cpu| <= ${c.tolerance.atol}${c.tolerance.scale ? ' x scale' : ''} + ${c.tolerance.rtol} x |cpu| (${c.tolerance.why})`;
  return { ok: worstRatio <= 1 && nanMismatches === 0 && cells > 0, worstRatio, worstAbs, cells, nanMismatches, tolerance, detail };
}

export interface SelfTestOptions {
  readonly nBars?: number;
  readonly nInstruments?: number;
  readonly only?: readonly string[];
  readonly now?: () => number;
  /** Called as each kernel finishes (the page shows rows as they come). */
  readonly onResult?: (r: KernelCheck) => void;
}

/** Runs one kernel's self-test on the given device. */
export async function checkKernel(ctx: GpuContext, c: SelfTestCase, instruments: InstrumentColumns[], now: () => number = () => 0): Promise<KernelCheck> {
  const spec = KERNELS[c.id];
  if (!spec) throw new Error(`no kernel ${c.id}`);
  const host = new SweepKernel(ctx, spec);
  try {
    const t0 = now();
    const grid = await host.run({ indicator: c.id, instruments, paramSets: c.paramSets });
    const ms = now() - t0;
    return { id: c.id, ms, ...compareGrid(grid, c, instruments) };
  } finally {
    host.destroy();
  }
}

/** Every kernel's self-test, in order. */
export async function runSelfTest(ctx: GpuContext, o: SelfTestOptions = {}): Promise<KernelCheck[]> {
  const instruments = syntheticBars(o.nBars ?? 4000, o.nInstruments ?? 2, 7);
  const out: KernelCheck[] = [];
  for (const c of SELFTEST_CASES) {
    if (o.only && !o.only.includes(c.id)) continue;
    // Cases wait for their indicator in the registry (the kernel list is filtered the same way).
    if (!KERNELS[c.id]) continue;
    let r: KernelCheck;
    try {
      r = await checkKernel(ctx, c, instruments, o.now);
    } catch (e) {
      r = { id: c.id, ok: false, worstRatio: Infinity, worstAbs: Infinity, cells: 0, nanMismatches: 0, ms: 0, tolerance: '', detail: String(e) };
    }
    out.push(r);
    o.onResult?.(r);
  }
  return out;
}
