import { expect, test } from '@playwright/test';
import { metricsOf, traderJourney } from './flows.ts';
import { snap } from './helpers.ts';

// Issue 6's acceptance journey on a desktop screen (see e2e/flows.ts for the steps).
test('chart, EMA overlay, Lab strategy, backtest with progress, share link re-opened in a fresh browser', async ({ page, browser, baseURL }) => {
  await traderJourney(page, browser, 'desktop', { baseURL });
});

test('two runs of different parameters are compared side by side', async ({ page }) => {
  await page.goto('/#/lab');
  await page.getByLabel('Indicator 1 period').fill('20');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('bt-report')).toBeVisible({ timeout: 60_000 });
  const first = await metricsOf(page);
  await page.getByRole('link', { name: 'Edit in Strategy Lab' }).click();
  await page.getByLabel('Indicator 1 period').fill('10');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'SPX.INDEX 1d' })).toHaveCount(2, { timeout: 60_000 });
  const second = await metricsOf(page);
  expect(second['Trades']).not.toBe(first['Trades']);

  for (const box of await page.getByRole('checkbox', { name: /^Compare / }).all()) await box.check();
  const cmp = page.getByTestId('bt-compare');
  await expect(cmp).toBeVisible();
  const trades = cmp.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Trades', exact: true }) });
  // newest run first: its column holds the second run's count, the next the first's
  await expect(trades.getByRole('cell')).toHaveText([second['Trades'], first['Trades']]);
  await snap(page, 'desktop-09-compare-runs');
});
