#!/usr/bin/env node
// Renders app/public/icons/icon.svg to the PNG icons the web manifest lists, with Debian's Chromium through
// Playwright (nothing is downloaded). Run after editing the SVG: `node app/tools/render-icons.mjs`; commit the PNGs.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
// Maskable: the platform crops to a circle or squircle, so fill the corners instead of rounding them.
const maskable = svg.replace(/<rect width="512" height="512" rx="96"/, '<rect width="512" height="512"');

const targets = [
  { file: 'icon-192.png', size: 192, svg },
  { file: 'icon-512.png', size: 512, svg },
  { file: 'icon-maskable-512.png', size: 512, svg: maskable },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const t of targets) {
    const page = await browser.newPage({ viewport: { width: t.size, height: t.size }, deviceScaleFactor: 1 });
    const body = t.svg.replace('<svg ', `<svg width="${t.size}" height="${t.size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    await page.locator('svg').screenshot({ path: join(dir, t.file), omitBackground: true });
    await page.close();
    console.log(`wrote ${t.file} (${t.size}x${t.size})`);
  }
} finally {
  await browser.close();
}
