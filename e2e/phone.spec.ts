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

test('with the API token saved in Settings the monitor shows the paper venue live and the kill switch halts it', async ({ page }) => {
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
  // The gateway serves paper trading: the monitor must be connected and show its real numbers.
  await expect(page.getByTestId('live-connection')).toHaveText('Paper · connected · synthetic data');
  await expect(page.getByTestId('stream-state')).toHaveText('Stream live');
  await expect(page.getByTestId('pnl-today')).toContainText('USD');
  await expect(page.getByTestId('pnl-breakdown')).toContainText('since 00:00 UTC');
  await expect(page.getByTestId('equity-now')).toContainText(/Equity \d/);
  await expect(page.getByTestId('balances')).toContainText('USDT');
  await expect(page.getByRole('img', { name: 'Account equity since the gateway started' })).toBeVisible();
  await expect(page.getByTestId('pnl-empty')).toHaveCount(0);
  await noSideways(page);
  // Every card fits the screen (the page itself may not scroll sideways while a card is still cut off inside it).
  const rightmost = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.monitor .card')].map((e) => e.getBoundingClientRect().right)));
  expect(rightmost).toBeLessThanOrEqual(390);
  await snap(page, 'phone-05-live-with-token');

  // The kill switch now reaches the gateway: trading is halted; Resume lifts it again (other specs share the gateway).
  await page.getByRole('button', { name: 'Stop all trading' }).tap();
  const dialog = page.getByRole('dialog', { name: 'Stop all trading?' });
  await dialog.getByRole('textbox').fill('STOP');
  await dialog.getByRole('button', { name: 'Stop all trading' }).tap();
  await expect(page.getByTestId('kill-result')).toContainText('Kill switch sent: trading is HALTED');
  await expect(page.getByTestId('trading-state')).toHaveText('Trading HALTED');
  await snap(page, 'phone-06-halted');
  await page.getByRole('button', { name: 'Resume trading' }).tap();
  await expect(page.getByTestId('trading-state')).toHaveText('Trading ACTIVE');
});
