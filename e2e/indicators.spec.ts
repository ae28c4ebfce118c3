import { expect, test } from '@playwright/test';
import { countColour, snap, waitForCandles } from './helpers.ts';

// Indicators on the chart, added as a trader would: the EMA overlay on the price pane, RSI in its own pane.

const EMA_YELLOW: [number, number, number] = [0xf0, 0xb4, 0x29]; // first colour of the indicator palette

test('add an EMA overlay and an RSI pane to the S&P 500 chart', async ({ page }) => {
  await page.goto('/');
  await waitForCandles(page);
  expect(await countColour(page, EMA_YELLOW)).toBeLessThan(50); // nothing yellow before

  await page.getByRole('button', { name: '+ Indicator' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add indicator' });
  await dialog.getByLabel('Indicator').selectOption('ema');
  const period = dialog.getByLabel('Period');
  // A bad value is explained next to the field and blocks the dialog.
  await period.fill('0');
  await expect(dialog.getByText(/period must be/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Add to chart' })).toBeDisabled();
  await period.fill('50');
  await dialog.getByRole('button', { name: 'Add to chart' }).click();
  await expect(dialog).toBeHidden();

  const chip = page.getByTestId('indicator-chip').filter({ hasText: 'EMA 50' });
  await expect(chip).toBeVisible();
  // The chip says where it was computed (GPU under WebGPU, else CPU).
  await expect(chip).toContainText(/GPU|CPU/);
  await expect.poll(() => countColour(page, EMA_YELLOW), { message: 'the EMA line is drawn' }).toBeGreaterThan(300);
  // Under the crosshair the legend shows the EMA's value next to the bar's OHLC.
  const box = (await page.getByTestId('price-chart').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(page.getByTestId('legend-indicator')).toContainText(/EMA 50\s*[\d,]+\.\d\d/);
  await snap(page, 'indicators-01-ema-overlay');

  // RSI by keyboard: A opens the dialog.
  await page.getByTestId('price-chart').click();
  await page.keyboard.press('a');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Indicator').selectOption('rsi');
  await dialog.getByRole('button', { name: 'Add to chart' }).click();
  await expect(page.getByTestId('indicator-chip').filter({ hasText: 'RSI 14' })).toBeVisible();
  // A second pane appears under the price pane: the chart now has more canvases.
  await expect
    .poll(() => page.evaluate(() => document.querySelectorAll('[data-testid="price-chart"] table tr').length))
    .toBeGreaterThan(2);
  await snap(page, 'indicators-02-rsi-pane');

  // Removing the EMA takes its line off the chart.
  await chip.getByRole('button', { name: 'Remove EMA 50' }).click();
  await expect(chip).toHaveCount(0);
  await expect.poll(() => countColour(page, EMA_YELLOW)).toBeLessThan(50);
});
