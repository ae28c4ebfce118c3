import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { metricsOf } from './flows.ts';
import { snap } from './helpers.ts';

// A finished backtest is kept in IndexedDB; after a reload (a new session) it is reopened from the
// "Saved runs" list as the same full report, compared side by side with a new run, and deleted.

async function go(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view }).click();
}

async function runSma(page: Page, name: string, slow: string): Promise<void> {
  await go(page, 'Strategy Lab');
  await page.getByLabel('Example').selectOption('sma-crossover');
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Indicator 2 period').fill(slow);
  await expect(page.getByTestId('lab-validity')).toContainText('Valid strategy');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('bt-report')).toContainText(name, { timeout: 60_000 });
}

test('a saved run reopens after a reload as the same report, compares, and is deleted', async ({ page }) => {
  await page.goto('/');
  await runSma(page, 'Kept SMA cross', '100');
  const before = await metricsOf(page);
  expect(Number(before['Trades'])).toBeGreaterThan(5);
  const saved = page.getByTestId('saved-runs');
  await expect(saved.getByTestId('saved-run')).toHaveCount(1);
  await expect(saved.getByTestId('saved-run').first()).toContainText(before['Total return']);
  await snap(page, 'saved-runs-01-fresh-run');

  // A new session: nothing of the run is in memory any more, only in IndexedDB.
  await page.evaluate(() => history.replaceState(null, '', '/#/backtests'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtests' })).toBeVisible();
  await expect(page.getByTestId('bt-report')).toHaveCount(0);
  const row = saved.getByTestId('saved-run').filter({ hasText: 'Kept SMA cross' });
  await expect(row).toContainText('SPX');
  await expect(row).toContainText('1d');
  await expect(row).toContainText(before['Trades']);
  await snap(page, 'saved-runs-02-after-reload');

  await page.getByRole('button', { name: /^Open saved run Kept SMA cross/ }).click();
  await expect(page.getByTestId('bt-report')).toContainText('Kept SMA cross');
  const after = await metricsOf(page);
  expect(after['Total return']).toBe(before['Total return']);
  expect(after['Trades']).toBe(before['Trades']);
  expect(after).toEqual(before);
  await expect(page.getByTestId('equity-chart')).toBeVisible();
  await expect(page.getByTestId('monthly-heatmap')).toBeVisible();
  await expect(page.getByTestId('trade-list').locator('tbody tr')).not.toHaveCount(0);
  await snap(page, 'saved-runs-03-reopened-report');

  // Jump from a reopened trade to the chart.
  await page.getByRole('button', { name: 'Show trade 1 on the chart' }).click();
  await expect(page).toHaveURL(/#\/chart$/);
  await expect(page.getByRole('tab', { selected: true })).toContainText('SPX');
  await go(page, 'Backtests');

  // A new run beside the saved one.
  await runSma(page, 'Fresh SMA 20/50', '50');
  await page.getByRole('checkbox', { name: /^Compare saved run Kept SMA cross/ }).check();
  await page.getByRole('checkbox', { name: /^Compare saved run Fresh SMA 20\/50/ }).check();
  const cmp = page.getByTestId('bt-compare');
  await expect(cmp).toContainText('Kept SMA cross');
  await expect(cmp).toContainText('Fresh SMA 20/50');
  await snap(page, 'saved-runs-04-compare');

  // Delete asks first; Cancel keeps it.
  await page.getByRole('button', { name: /^Delete saved run Kept SMA cross/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this saved run?' });
  await expect(dialog).toContainText('Kept SMA cross');
  await snap(page, 'saved-runs-05-confirm-delete');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(1);
  await page.getByRole('button', { name: /^Delete saved run Kept SMA cross/ }).click();
  await dialog.getByRole('button', { name: 'Delete run' }).click();
  await expect(row).toHaveCount(0);
  await expect(saved.getByTestId('saved-run')).toHaveCount(1);
  await expect(cmp).toHaveCount(0);
  await page.reload();
  await expect(saved.getByTestId('saved-run')).toHaveCount(1);
  await expect(saved).not.toContainText('Kept SMA cross');
  await snap(page, 'saved-runs-06-deleted');
});

test('runs imported from an exported file are listed and reopen; an old record says why it cannot', async ({ page }, info) => {
  await page.goto('/');
  await runSma(page, 'Exported SMA cross', '100');
  const before = await metricsOf(page);

  await go(page, 'Settings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as JSON' }).click()]);
  const file = info.outputPath('export.json');
  await download.saveAs(file);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  // A record as earlier versions of the app wrote it: metrics and equity only.
  json.results.push({ ...json.results[0], id: 'run-old', name: 'Old-format run', createdAt: 0, extra: { trades: 3 } });
  await page.getByRole('button', { name: 'Delete all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all stored data?' });
  await dialog.getByRole('textbox').fill('DELETE');
  await dialog.getByRole('button', { name: 'Delete all' }).click();
  await page.getByTestId('import-file').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await expect(page.getByTestId('storage-message')).toContainText('and 2 results');

  await page.evaluate(() => history.replaceState(null, '', '/#/backtests'));
  await page.reload();
  const saved = page.getByTestId('saved-runs');
  await expect(saved.getByTestId('saved-run')).toHaveCount(2);
  await page.getByRole('button', { name: /^Open saved run Old-format run/ }).click();
  await expect(page.getByTestId('saved-runs-message')).toContainText('earlier version of the app');
  await expect(page.getByTestId('bt-report')).toHaveCount(0);
  await page.getByRole('button', { name: /^Open saved run Exported SMA cross/ }).click();
  await expect(page.getByTestId('bt-report')).toContainText('Exported SMA cross');
  expect(await metricsOf(page)).toEqual(before);
  await snap(page, 'saved-runs-07-imported-and-old');
});
