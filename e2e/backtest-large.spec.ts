import { expect, test } from '@playwright/test';
import { snap } from './helpers.ts';

// A backtest over the whole 1-minute history of the synthetic BTCUSDT (two years, about a million bars) runs in a
// Web Worker: the page keeps drawing frames while the data loads and the kernel runs. Frame gaps are measured
// with requestAnimationFrame; the bound is generous because this machine is shared and has no GPU.

const MAX_FRAME_GAP_MS = 1000;

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
