import { expect, test } from '@playwright/test';
import { readChartCanvas, snap, waitForCandles } from './helpers.ts';

// A backtest over the whole 1-minute history of the synthetic BTCUSDT (two years, about a million bars) runs in a
// Web Worker: the page keeps drawing frames while the data loads and the kernel runs. Frame gaps are measured
// with requestAnimationFrame; the bound is generous because this machine is shared and has no GPU.

const MAX_FRAME_GAP_MS = 1000;
/** Panning is drawing only: a frame every 200 ms at worst still reads as movement on this software-rendered machine. */
const MAX_PAN_FRAME_GAP_MS = 200;

test('a backtest of a million 1m bars never freezes the page', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#/lab');
  await page.getByLabel('Name', { exact: true }).fill('BTC 1m SMA 50/200');
  await page.getByLabel('Instrument', { exact: true }).selectOption('BTCUSDT.SIM');
  await page.getByLabel('Timeframe', { exact: true }).selectOption('1m');
  await expect(page.getByTestId('lab-validity')).toContainText('Valid strategy');

  // Record every frame from now on.
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('bt-progress')).toContainText(/Loading 1m bars of BTCUSDT\.SIM/);
  await expect(page.getByTestId('bt-progress')).toContainText(/Backtesting/, { timeout: 120_000 });
  // While the kernel runs: the progress bar advances and an ETA appears.
  await expect(page.getByTestId('bt-progress-text')).toContainText(/left/, { timeout: 60_000 });
  await snap(page, 'large-01-running');
  // The page answers input during the run: open and close the shortcuts overlay.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');

  await expect(page.getByTestId('bt-report')).toBeVisible({ timeout: 180_000 });
  const bars = Number((await page.getByTestId('bt-report').locator('header .muted').innerText()).match(/([\d,]+) bars/)![1].replace(/,/g, ''));
  expect(bars).toBeGreaterThan(1_000_000);
  await snap(page, 'large-02-report');

  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  let maxGap = 0;
  for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, frames[i] - frames[i - 1]);
  console.log(`frames: ${frames.length}, longest gap between frames: ${maxGap.toFixed(0)} ms over ${((frames.at(-1)! - frames[0]) / 1000).toFixed(1)} s`);
  expect(frames.length).toBeGreaterThan(100);
  expect(maxGap).toBeLessThan(MAX_FRAME_GAP_MS);
});

test('a running backtest can be cancelled', async ({ page }) => {
  await page.goto('/#/lab');
  await page.getByLabel('Instrument', { exact: true }).selectOption('BTCUSDT.SIM');
  await page.getByLabel('Timeframe', { exact: true }).selectOption('1m');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('bt-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('bt-progress')).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toBeVisible();
  await expect(page.getByTestId('bt-report')).toHaveCount(0);
});

test('the chart holds the whole million-bar 1m history and pans smoothly over it', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForCandles(page);
  await page.getByLabel('Instrument').selectOption('BTCUSDT.SIM');
  await page.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: '1m' }).click();
  await page.getByRole('button', { name: 'All history' }).click();
  await expect(page.getByRole('button', { name: 'All history' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('bar-count')).toContainText(/^1,0\d\d,\d{3} bars$/, { timeout: 180_000 });
  const before = await waitForCandles(page, 100);

  // Drag the chart back in time for a while and record every frame.
  const box = (await page.getByTestId('price-chart').boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const y = box.y + box.height * 0.4;
  for (let pass = 0; pass < 4; pass++) {
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    for (let s = 1; s <= 20; s++) await page.mouse.move(box.x + box.width * (0.2 + 0.03 * s), y);
    await page.mouse.up();
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  let maxGap = 0;
  for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, frames[i] - frames[i - 1]);
  console.log(`panning: ${frames.length} frames, longest gap ${maxGap.toFixed(0)} ms`);
  // It moved: the picture is different and an older bar is under the legend's time.
  await expect.poll(async () => (await readChartCanvas(page)).hash).not.toBe(before.hash);
  expect(maxGap).toBeLessThan(MAX_PAN_FRAME_GAP_MS);
  await snap(page, 'large-03-chart-full-history');
});
