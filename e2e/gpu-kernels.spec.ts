// Every WGSL kernel in real Chromium (WebGPU on SwiftShader with --enable-unsafe-webgpu) against its CPU twin,
// plus the Web Worker fallback and device-loss handling. The page app/gpu-selftest.ts does the work; this spec
// loads it from the gateway as a user would, waits, asserts on what it reports and keeps a screenshot.
import { expect, test } from '@playwright/test';

interface KernelCheck { id: string; ok: boolean; worstRatio: number; cells: number; nanMismatches: number; detail: string }
interface Report {
  done: boolean;
  error?: string;
  adapter?: string;
  runtimeReason?: string;
  results: KernelCheck[];
  workerPool?: { identical: boolean; backend: string; reason: string; indicators: number };
  deviceLoss?: { before: string; after: string; backendAfter: string; sweepBackend: string };
}

test('every GPU kernel matches its CPU twin in Chromium; worker fallback and device loss behave', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const missing: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('favicon.ico')) missing.push(`${r.status()} ${r.url()}`);
  });
  await page.goto('/gpu-selftest.html');
  // The page script must load and start (a dist/app rebuilt under the gateway shows up here as a 404, not a timeout).
  await page.waitForFunction(() => (window as unknown as { __gpuSelfTest?: Report }).__gpuSelfTest !== undefined, undefined, { timeout: 30_000 })
    .catch(() => { throw new Error(`gpu-selftest script did not start; failed requests: ${missing.join(', ') || 'none'}`); });
  await page.waitForFunction(() => (window as unknown as { __gpuSelfTest?: Report }).__gpuSelfTest?.done === true, undefined, { timeout: 170_000 });
  const report = await page.evaluate(() => (window as unknown as { __gpuSelfTest: Report }).__gpuSelfTest);
  await page.screenshot({ path: 'test-results/screenshots/gpu-selftest.png', fullPage: true });

  expect(report.error, report.error).toBeUndefined();
  expect(errors).toEqual([]);
  expect(report.adapter).toMatch(/vendor /);
  expect(report.runtimeReason).toMatch(/^WebGPU: /);
  // At least the required list, each with cells compared and within tolerance.
  const ids = report.results.map((r) => r.id);
  const required = ['sma', 'ema', 'wma', 'rsi', 'atr', 'bbands', 'macd', 'stoch', 'donchian', 'roc', 'mom', 'stddev', 'zscore', 'cci', 'willr', 'obv'];
  expect(required.filter((id) => !ids.includes(id))).toEqual([]);
  for (const r of report.results) {
    expect.soft(r.ok, `${r.id}: ${r.detail}`).toBe(true);
    expect.soft(r.cells, r.id).toBeGreaterThan(0);
  }
  await expect(page.locator('#results tbody tr')).toHaveCount(report.results.length);
  await expect(page.locator('#results td.fail')).toHaveCount(0);

  expect(report.workerPool).toMatchObject({ identical: true, backend: 'cpu' });
  expect(report.workerPool!.reason).toMatch(/^CPU fallback \(2 workers\)/);
  expect(report.workerPool!.indicators).toBeGreaterThanOrEqual(ids.length);

  expect(report.deviceLoss).toMatchObject({ backendAfter: 'cpu', sweepBackend: 'cpu' });
  expect(report.deviceLoss!.after).toMatch(/WebGPU device lost/);
});
