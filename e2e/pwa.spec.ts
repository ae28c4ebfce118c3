import { expect, test } from '@playwright/test';
import { snap } from './helpers.ts';

// The app is an installable PWA: a manifest with real icons, and a service worker that serves the app shell
// when the network is gone.

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('the web manifest describes an installable app with icons that load', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('manifest+json');
  const m = (await res.json()) as Manifest;
  expect(m.name).toBe('AI Indicator Optimizer');
  expect(m.display).toBe('standalone');
  expect(m.start_url).toMatch(/^\//);
  for (const size of ['192x192', '512x512']) {
    const icon = m.icons.find((i) => i.sizes === size && i.type === 'image/png' && (i.purpose ?? 'any').includes('any'));
    expect(icon, `a ${size} PNG icon`).toBeTruthy();
    // The browser decodes it at the size the manifest claims.
    const dims = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon!.src);
    expect(dims).toBe(size);
  }
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);

  // Chromium's own installability check (what decides whether "Install app" is offered).
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // Playwright's contexts are incognito profiles, where Chromium never offers installation; every other
  // criterion (manifest fields, icons, service worker, start_url in scope) must pass.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
});

test('the service worker serves the app shell offline', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Wait until the worker is active and controls this page (clientsClaim), i.e. the shell is precached.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  // The gateway is unreachable too: prove it, so the page below can only come from the worker's cache.
  await expect(page.evaluate(() => fetch('/api/health').then(() => 'online', () => 'offline'))).resolves.toBe('offline');

  await page.reload();
  await expect(page).toHaveTitle(/AI Indicator Optimizer/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // The app says honestly that the gateway cannot be reached instead of showing stale prices.
  await expect(page.getByRole('alert')).toContainText('Cannot reach the gateway');
  await expect(page.getByTestId('gateway-status')).toContainText('unreachable');
  await snap(page, 'pwa-01-offline-shell');

  // Other views of the shell work offline as well (client-side routing from the cached index.html).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await context.setOffline(false);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chart' }).click();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('tab', { selected: true })).toContainText('SPX');
});
