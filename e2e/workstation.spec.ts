import { test } from '@playwright/test';
import { traderJourney } from './flows.ts';

// Issue 6's acceptance journey on a desktop screen (see e2e/flows.ts for the steps).
test('chart, EMA overlay, Lab strategy, backtest with progress, share link re-opened in a fresh browser', async ({ page, browser, baseURL }) => {
  await traderJourney(page, browser, 'desktop', { baseURL });
});
