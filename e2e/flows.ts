import { expect, type Browser, type Page } from '@playwright/test';
import { countColour, snap, waitForCandles } from './helpers.ts';

// The trader's main journey (issue 6), shared by the desktop and the phone spec:
// chart -> EMA overlay -> SMA-crossover strategy in the Lab -> backtest with a progress bar -> metrics and equity
// -> share link -> a fresh browser opens it -> the same strategy and the same metrics.

const EQUITY_BLUE: [number, number, number] = [0x58, 0xa6, 0xff];
const MARKER_BLUE: [number, number, number] = [0x2f, 0x81, 0xf7]; // long-entry arrows

async function go(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view }).click();
}

/** Starts recording what the progress bar shows (it can come and go between two polls of a fast run). */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: number[] };
    w.__progress = [];
    const seen = () => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="bt-progress"] progress');
      if (bar) w.__progress.push(bar.hasAttribute('value') ? bar.value : -1);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

export async function metricsOf(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('bt-report').getByTestId('metrics-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const out: Record<string, string> = {};
  for (const r of await rows.all()) out[(await r.locator('th').innerText()).trim()] = (await r.locator('td').first().innerText()).trim();
  return out;
}

export async function traderJourney(page: Page, browser: Browser, prefix: string, contextOptions: Parameters<Browser['newContext']>[0] = {}): Promise<void> {
  // 1. The S&P 500 chart, then an EMA overlay.
  await page.goto('/');
  await waitForCandles(page, 100);
  await page.getByRole('button', { name: '+ Indicator' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add indicator' });
  await dialog.getByLabel('Indicator').selectOption('ema');
  await dialog.getByLabel('Period').fill('20');
  await dialog.getByRole('button', { name: 'Add to chart' }).click();
  await expect(page.getByTestId('indicator-chip').filter({ hasText: 'EMA 20' })).toBeVisible();
  await snap(page, `${prefix}-01-chart-ema`);

  // 2. The Strategy Lab: an SMA 20/100 crossover, long only.
  await go(page, 'Strategy Lab');
  await expect(page.getByRole('heading', { level: 1, name: 'Strategy Lab' })).toBeVisible();
  await page.getByLabel('Example').selectOption('sma-crossover');
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByLabel('Name', { exact: true }).fill('My SMA 20/100 cross');
  await page.getByLabel('Indicator 1 period').fill('20');
  await page.getByLabel('Indicator 2 period').fill('100');
  // A mistake is flagged next to the field: two indicators with the same name.
  await page.getByLabel('Indicator 2 name').fill('fast');
  await expect(page.getByTestId('lab-indicator').nth(1).getByTestId('field-error')).toBeVisible();
  await expect(page.getByTestId('lab-validity')).toContainText('problem');
  await expect(page.getByRole('button', { name: 'Run backtest' })).toBeDisabled();
  await snap(page, `${prefix}-02-lab-error`);
  await page.getByLabel('Indicator 2 name').fill('slow');
  await expect(page.getByTestId('lab-validity')).toContainText('Valid strategy');
  await expect(page.getByLabel('Long entry: operator')).toHaveValue('crossesAbove');
  await expect(page.getByTestId('lab-json')).toContainText('"period": 100');
  await snap(page, `${prefix}-03-lab-valid`);

  // 3. Run the backtest and watch the progress bar.
  await watchProgress(page);
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtests' })).toBeVisible();
  await expect(page.getByTestId('bt-report')).toBeVisible({ timeout: 60_000 });
  const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
  expect(progress.length, 'the progress bar was shown').toBeGreaterThan(0);
  await expect(page.getByTestId('bt-report')).toContainText('My SMA 20/100 cross');
  const metrics = await metricsOf(page);
  expect(metrics['Start']).toMatch(/^2000-/);
  expect(Number(metrics['Trades'])).toBeGreaterThan(5);
  expect(metrics['Total return']).toMatch(/^-?\d+\.\d\d %$/);
  await expect.poll(() => countColourIn(page, 'equity-chart', EQUITY_BLUE), { message: 'the equity curve is drawn' }).toBeGreaterThan(200);
  await expect(page.getByTestId('monthly-heatmap')).toBeVisible();
  await snap(page, `${prefix}-04-backtest-report`);

  // A trade in the list opens the chart at that trade, with the run's entries and exits marked.
  await page.getByRole('button', { name: 'Show trade 1 on the chart' }).click();
  await expect(page).toHaveURL(/#\/chart$/);
  await expect(page.getByRole('tab', { selected: true })).toContainText('SPX');
  await expect.poll(() => countColour(page, MARKER_BLUE), { message: 'the entry markers are drawn' }).toBeGreaterThan(20);
  await snap(page, `${prefix}-05-trade-on-chart`);
  await go(page, 'Backtests');
  await expect(page.getByTestId('bt-report')).toBeVisible();

  // 4. Share link from the Lab.
  await page.getByRole('link', { name: 'Edit in Strategy Lab' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#\/lab\?s=[A-Za-z0-9_-]+$/);
  await snap(page, `${prefix}-06-share-link`);

  // 5. A fresh browser (no storage, no state) opens the link: same strategy, same metrics.
  const fresh = await browser.newContext({ ...contextOptions, baseURL: undefined });
  try {
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await expect(p2.getByTestId('bt-report')).toBeVisible({ timeout: 60_000 });
    await expect(p2.getByTestId('bt-strategy-name')).toHaveText('My SMA 20/100 cross');
    expect(await metricsOf(p2)).toEqual(metrics);
    await snap(p2, `${prefix}-07-shared-link-report`);
    await p2.getByRole('link', { name: 'Edit in Strategy Lab' }).click();
    await expect(p2.getByLabel('Name', { exact: true })).toHaveValue('My SMA 20/100 cross');
    await expect(p2.getByLabel('Indicator 2 period')).toHaveValue('100');

    // A tampered link is refused with a clear message, and loads nothing.
    const tampered = link.slice(0, -6) + (link.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    await p2.goto(tampered);
    await expect(p2.getByRole('alert')).toContainText(/share link/i);
    await snap(p2, `${prefix}-08-tampered-link`);
  } finally {
    await fresh.close();
  }
}

async function countColourIn(page: Page, testId: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ({ testId, rgb: [R, G, B] }) => {
      let n = 0;
      for (const c of Array.from(document.querySelectorAll(`[data-testid="${testId}"] canvas`))) {
        const cv = c as HTMLCanvasElement;
        if (!cv.width || !cv.height) continue;
        const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data;
        if (!d) continue;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - R) < 14 && Math.abs(d[i + 1] - G) < 14 && Math.abs(d[i + 2] - B) < 14) n++;
      }
      return n;
    },
    { testId, rgb },
  );
}

export { countColour };
