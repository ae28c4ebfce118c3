import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { snap } from './helpers.ts';

// A new user trades on the gateway's paper venue from the Live view: token in Settings, deploy an SMA crossover,
// watch an order fill and the position and PnL change as the events stream in (no reload), stop the strategy,
// pull the kill switch, see trading halted, resume.

const token = (): string => readFileSync(join(process.env.AIO_HOME ?? 'test-results/aio-home', 'api-token'), 'utf8').trim();
const NAME = `SMA 2/3 e2e ${Date.now()}`;
const SPEC = {
  version: 1,
  name: NAME,
  instruments: ['BTCUSDT.SIM'],
  timeframe: '1m',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 2 } },
    { id: 'slow', type: 'SMA', params: { period: 3 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 0.001 },
};

test.beforeAll(async ({ request }) => {
  // The test gateway's journal (AIO_HOME) outlives a run: a run stopped half-way may have left trading halted.
  const r = await request.post('/api/live/resume', { headers: { authorization: `Bearer ${token()}` } });
  expect(r.status()).toBe(200);
});

const fillsToday = async (page: Page): Promise<number> => {
  const t = (await page.getByTestId('pnl-breakdown').textContent()) ?? '';
  const m = /(\d+) fills? since/.exec(t);
  expect(m, t).not.toBeNull();
  return Number(m![1]);
};

test('deploy to paper, watch a fill stream in, stop, kill switch, resume', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByLabel('Token', { exact: true }).fill(token());
  await page.getByRole('button', { name: 'Save token' }).click();
  await expect(page.getByTestId('token-status')).toContainText('Token saved');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).click();
  await expect(page.getByTestId('live-connection')).toHaveText('Paper · connected · synthetic data');
  await expect(page.getByTestId('stream-state')).toHaveText('Stream live');
  await expect(page.getByTestId('trading-state')).toHaveText('Trading ACTIVE');
  await expect(page.getByRole('img', { name: 'Account equity since the gateway started' })).toBeVisible();
  await snap(page, 'live-01-connected');

  // Deploy the pasted spec on BTCUSDT.SIM.
  await page.getByLabel('Strategy', { exact: true }).selectOption('paste');
  await page.getByLabel('StrategySpec JSON').fill(JSON.stringify(SPEC, null, 2));
  await page.getByRole('combobox', { name: 'Instrument', exact: true }).selectOption('BTCUSDT.SIM');
  await page.getByRole('button', { name: 'Deploy to paper' }).click();
  await expect(page.getByTestId('action-result')).toContainText(`Deployed ${NAME}`);
  const row = page.getByTestId('strategy-row').filter({ hasText: NAME });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('strategy-status')).toHaveText('RUNNING');
  await snap(page, 'live-02-deployed');

  // The feed replays in real time: a 1m spec needs minutes to trade, so a manual order shows the stream at work.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const before = await fillsToday(page);
  await page.getByRole('button', { name: 'Buy at market' }).click();
  await expect(page.getByTestId('action-result')).toContainText('FILLED');
  // Streamed over /ws: the activity list is fed only by WebSocket events.
  await expect(page.getByTestId('activity')).toContainText('Filled BUY 0.01 BTCUSDT.SIM');
  await expect(page.getByTestId('fills').locator('li').first()).toContainText('buy 0.01 BTCUSDT.SIM');
  await expect(page.getByTestId('positions')).toContainText('BTCUSDT.SIM');
  await expect.poll(() => fillsToday(page)).toBe(before + 1);
  await expect(page.getByTestId('pnl-today')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true); // never reloaded
  await snap(page, 'live-03-filled');

  // Stop the strategy.
  await row.getByRole('button', { name: /^Stop / }).click();
  await expect(row.getByTestId('strategy-status')).toHaveText('STOPPED');
  await expect(page.getByTestId('activity')).toContainText(/Strategy LIVE\S* stopped/);

  // A second deployment, then the kill switch: it must stop that one, halt trading, and deny the next order.
  await page.getByRole('button', { name: 'Deploy to paper' }).click();
  await expect(page.getByTestId('strategy-row').filter({ hasText: NAME }).getByTestId('strategy-status')).toHaveText(['STOPPED', 'RUNNING']);
  await page.getByRole('button', { name: 'Stop all trading' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop all trading?' });
  const confirm = dialog.getByRole('button', { name: 'Stop all trading' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox').fill('STOP');
  await confirm.click();
  await expect(page.getByTestId('kill-result')).toContainText('Kill switch sent: trading is HALTED, 1 strategy stopped');
  await expect(page.getByTestId('trading-state')).toHaveText('Trading HALTED');
  await expect(page.getByTestId('halted-note')).toBeVisible();
  await expect(page.getByTestId('strategy-row').filter({ hasText: NAME }).getByTestId('strategy-status')).toHaveText(['STOPPED', 'STOPPED']);
  await expect(page.getByTestId('activity')).toContainText('Trading state ACTIVE → HALTED (kill switch)');
  await page.getByRole('button', { name: 'Buy at market' }).click();
  await expect(page.getByTestId('action-result')).toContainText('denied by the risk engine: trading is halted');
  await snap(page, 'live-04-halted');

  // Resume, then flatten by hand.
  await page.getByRole('button', { name: 'Resume trading' }).click();
  await expect(page.getByTestId('trading-state')).toHaveText('Trading ACTIVE');
  await expect(page.getByTestId('halted-note')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sell at market' }).click();
  await expect(page.getByTestId('action-result')).toContainText('FILLED');
  await expect(page.getByTestId('activity')).toContainText('Filled SELL 0.01 BTCUSDT.SIM');
  await snap(page, 'live-05-resumed');

  // The same view at a phone size: nothing sticks out sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('pnl-today')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const rightmost = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.monitor .card')].map((e) => e.getBoundingClientRect().right)));
  expect(rightmost, 'every card fits the phone screen').toBeLessThanOrEqual(390);
  await snap(page, 'live-06-phone');
});
