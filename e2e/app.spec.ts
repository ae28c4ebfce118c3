import { expect, test } from '@playwright/test';
import { readChartCanvas, snap, waitForCandles } from './helpers.ts';

// A new user opens the app: the S&P 500 chart is drawn, the WebGPU status is shown, the views are reachable,
// and switching to a synthetic instrument and an intraday timeframe redraws the chart.

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
});

test('a new user sees the S&P 500 candles and volume drawn on the chart', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Chart · AI Indicator Optimizer/);
  await expect(page.getByRole('tab', { selected: true })).toContainText('SPX');
  await expect(page.getByTestId('instrument-info')).toContainText('S&P 500');
  await expect(page.getByTestId('instrument-info')).toContainText('market data');
  await expect(page.getByTestId('bar-count')).toContainText(/[1-9][\d,]{3,} bars/);
  await expect(page.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: '1d' })).toHaveAttribute('aria-pressed', 'true');

  const drawn = await waitForCandles(page);
  expect(drawn.canvases).toBeGreaterThan(1);
  // The legend shows the last S&P 500 bar of the embedded file (it ends in April 2020).
  await expect(page.getByTestId('ohlc-legend')).toContainText(/SPX\s*1d\s*2020-04-\d\d/);
  await snap(page, 'app-01-spx-chart');

  // Crosshair: moving over the left part of the chart shows an older bar in the legend.
  const box = (await page.getByTestId('price-chart').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
  await expect(page.getByTestId('ohlc-legend')).not.toContainText('2020-04-');
  await expect(page.getByTestId('ohlc-legend')).toContainText(/O\s*[\d,]+\.\d\d/);
  await snap(page, 'app-02-crosshair-legend');
});

test('the status bar tells which WebGPU adapter (or CPU fallback) the app computes on', async ({ page }) => {
  await page.goto('/');
  const gpu = page.getByTestId('gpu-status');
  await expect(gpu).not.toContainText('probing');
  // Chromium runs with --enable-unsafe-webgpu, which grants the SwiftShader software adapter.
  await expect(gpu).toHaveAttribute('data-kind', 'gpu');
  await expect(gpu).toContainText(/WebGPU: .*swiftshader/i);
  await expect(gpu).toContainText('software fallback');
  await expect(page.getByTestId('gateway-status')).toContainText(/Gateway v\d+\.\d+\.\d+/);
});

test('switching to a synthetic instrument and an intraday timeframe redraws the chart', async ({ page }) => {
  await page.goto('/');
  const spx = await waitForCandles(page);

  await page.getByLabel('Instrument').selectOption('BTCUSDT.SIM');
  await expect(page.getByRole('tab', { selected: true })).toContainText('BTCUSDT');
  await expect(page.getByRole('tab', { selected: true })).toContainText('synthetic');
  await expect(page.getByTestId('instrument-info')).toContainText('synthetic');
  await expect(page.getByTestId('ohlc-legend')).toContainText('synthetic');
  await expect(page.getByTestId('ohlc-legend')).toContainText(/BTCUSDT\s*1d/);
  await waitForCandles(page);
  await expect.poll(async () => (await readChartCanvas(page)).hash).not.toBe(spx.hash);
  await snap(page, 'app-03-btc-daily-synthetic');

  const daily = await readChartCanvas(page);
  await page.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: '15m' }).click();
  await expect(page.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: '15m' })).toHaveAttribute('aria-pressed', 'true');
  // Intraday bars carry a clock time (UTC) in the legend.
  await expect(page.getByTestId('ohlc-legend')).toContainText(/BTCUSDT\s*15m.*\d{4}-\d\d-\d\d \d\d:\d\d/);
  await waitForCandles(page);
  await expect.poll(async () => (await readChartCanvas(page)).hash).not.toBe(daily.hash);
  await snap(page, 'app-04-btc-15m');

  // FX shows five decimals.
  await page.getByLabel('Instrument').selectOption('EURUSD.SIM');
  await expect(page.getByTestId('ohlc-legend')).toContainText(/C\s*\d\.\d{5}/);
  await waitForCandles(page, 100);
});

test('navigation reaches every view, by mouse and by keyboard', async ({ page }) => {
  await page.goto('/');
  await waitForCandles(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const views: [string, RegExp, string][] = [
    ['Strategy Lab', /Strategy Lab/, 'lab'],
    ['Backtests', /Backtests/, 'backtests'],
    ['Live', /Live monitor/, 'live'],
    ['Data', /Data/, 'data'],
    ['Settings', /Settings/, 'settings'],
  ];
  for (const [link, heading, hash] of views) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page).toHaveURL(new RegExp(`#/${hash}$`));
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: link })).toHaveAttribute('aria-current', 'page');
  }
  await snap(page, 'app-05-settings');

  // Alt+1 goes back to the chart, which draws again; the browser's back button works too.
  await page.keyboard.press('Alt+1');
  await expect(page).toHaveURL(/#\/chart$/);
  await waitForCandles(page);
  await page.goBack();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('keyboard shortcuts: help overlay, tabs and timeframes', async ({ page }) => {
  await page.goto('/');
  await waitForCandles(page);
  await page.getByTestId('price-chart').click(); // focus leaves the picker; keys go to the page

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Previous / next instrument tab');
  await snap(page, 'app-06-shortcuts-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // 2 = the instrument's second timeframe (weekly for the S&P 500)
  await page.keyboard.press('2');
  await expect(page.getByRole('tab', { selected: true })).toContainText('1w');
  await page.keyboard.press('n');
  await expect(page.getByRole('tab')).toHaveCount(2);
  await page.getByLabel('Instrument').selectOption('ACME.SIM');
  await expect(page.getByRole('tab', { selected: true })).toContainText('ACME');
  await page.getByTestId('price-chart').click(); // focus leaves the picker; keys go to the page
  await page.keyboard.press('[');
  await expect(page.getByRole('tab', { selected: true })).toContainText('SPX');
  await waitForCandles(page);
  await snap(page, 'app-07-two-tabs');
  await page.keyboard.press('w');
  await expect(page.getByRole('tab')).toHaveCount(1);
  await expect(page.getByRole('tab', { selected: true })).toContainText('ACME');

  // Tabs survive a reload.
  await page.keyboard.press('n');
  await expect(page.getByRole('tab')).toHaveCount(2);
  await page.reload();
  await expect(page.getByRole('tab')).toHaveCount(2);
});

test('a gateway error is shown with its message, and Try again recovers', async ({ page }) => {
  // The gateway's own error body for a bad request, as the real route sends it.
  await page.route('**/api/bars?*', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'BAD_RANGE', message: 'from (2021-01-01) is after to (2020-01-01): swap them.' } }),
    }),
  );
  await page.goto('/');
  await expect(page.getByTestId('chart-error')).toContainText('is after to');
  await snap(page, 'app-08-bars-error');
  await page.unroute('**/api/bars?*');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('chart-error')).toBeHidden();
  await waitForCandles(page);
});
