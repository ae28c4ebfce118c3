import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { traderJourney } from './flows.ts';
import { snap, waitForCandles } from './helpers.ts';

// The monitoring use on a phone (390x844, an iPhone 12-14 sized screen): bottom navigation, the chart still
// drawn, and the live monitor usable with one thumb, including the guarded kill switch.

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

async function noSideways(page: import('@playwright/test').Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'nothing sticks out sideways').toBeLessThanOrEqual(0);
}

test('on a phone the chart is drawn and the navigation sits at the bottom', async ({ page }) => {
  await page.goto('/');
  await waitForCandles(page, 100);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const navBox = (await nav.boundingBox())!;
  expect(navBox.y + navBox.height).toBeGreaterThan(800);
  expect(navBox.width).toBeGreaterThan(380);
  await noSideways(page);
  await snap(page, 'phone-01-chart');
});

test('on a phone the live monitor shows honest empty states and a guarded kill switch', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Live monitor' })).toBeVisible();
  for (const h of ['PnL today', 'Equity', 'Positions', 'Recent fills', 'Alerts', 'Kill switch']) {
    await expect(page.getByRole('heading', { name: h })).toBeVisible();
  }
  // A new browser has no API token: the monitor says what it needs and shows no numbers.
  await expect(page.getByTestId('live-connection')).toContainText('API token needed');
  await expect(page.getByTestId('live-message')).toContainText('api-token');
  await expect(page.getByTestId('pnl-empty')).toBeVisible();
  await expect(page.getByText('No open positions.')).toBeVisible();
  await noSideways(page);
  await snap(page, 'phone-02-live-monitor');

  // Kill switch: big enough to hit, and it asks before doing anything.
  const kill = page.getByRole('button', { name: 'Stop all trading' });
  const box = (await kill.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  await kill.tap();
  const dialog = page.getByRole('dialog', { name: 'Stop all trading?' });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Stop all trading' });
  await expect(confirm).toBeDisabled();
  await snap(page, 'phone-03-kill-confirm');
  // Cancel leaves everything as it was.
  await dialog.getByRole('button', { name: 'Cancel' }).tap();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('kill-result')).toHaveCount(0);

  await kill.tap();
  await dialog.getByRole('textbox').fill('stop');
  await expect(confirm).toBeEnabled();
  await confirm.tap();
  await expect(dialog).toBeHidden();
  // Without the token the gateway refuses; the app says nothing was sent, rather than pretending it stopped something.
  await expect(page.getByTestId('kill-result')).toContainText('Nothing was sent to any venue');
  await expect(page.getByTestId('kill-result')).toContainText('API token');
  await snap(page, 'phone-04-kill-result');
});

test('on a phone the whole journey works: chart, EMA, Lab, backtest, share link in a fresh browser', async ({ page, browser, baseURL }) => {
  await traderJourney(page, browser, 'phone', { baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

test('with the API token saved in Settings the monitor reads the paper venue', async ({ page }) => {
  // The token the test gateway created at start (playwright.config.ts sets its AIO_HOME).
  const token = readFileSync(join(process.env.AIO_HOME ?? 'test-results/aio-home', 'api-token'), 'utf8').trim();
  await page.goto('/#/settings');
  await page.getByLabel('Token', { exact: true }).fill('too-short');
  await page.getByRole('button', { name: 'Save token' }).tap();
  await expect(page.getByTestId('token-status')).toContainText('does not look like');
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Save token' }).tap();
  await expect(page.getByTestId('token-status')).toContainText('Token saved');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).tap();
  const conn = page.getByTestId('live-connection');
  await expect(conn).not.toContainText('Checking');
  await expect(conn).not.toContainText('API token needed');
  await expect(conn).toContainText(/Paper · connected · synthetic data|not available/);
  await snap(page, 'phone-05-live-with-token');

  // The token is accepted; the gateway has no kill-switch route yet, and the app says so honestly.
  await page.getByRole('button', { name: 'Stop all trading' }).tap();
  const dialog = page.getByRole('dialog', { name: 'Stop all trading?' });
  await dialog.getByRole('textbox').fill('STOP');
  await dialog.getByRole('button', { name: 'Stop all trading' }).tap();
  await expect(page.getByTestId('kill-result')).toContainText(/Kill switch sent|has no kill switch yet/);
});
