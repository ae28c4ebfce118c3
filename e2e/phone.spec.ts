import { expect, test } from '@playwright/test';
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
  // The gateway has no live trading yet: the monitor says so and shows no numbers.
  await expect(page.getByTestId('live-connection')).toContainText('not available');
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
  // With no live API on the gateway the app says nothing was sent, rather than pretending it stopped something.
  await expect(page.getByTestId('kill-result')).toContainText('Nothing was sent to any venue');
  await snap(page, 'phone-04-kill-result');
});
