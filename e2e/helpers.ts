import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

// Shared by the app's e2e specs: screenshots kept as artifacts, and reading what lightweight-charts drew.

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
}

export interface CanvasReading {
  canvases: number;
  /** Pixels within a small distance of the candle body colours (#26a69a up, #ef5350 down). */
  up: number;
  down: number;
  /** A cheap fingerprint of every pixel, to tell whether the picture changed. */
  hash: number;
}

/**
 * Reads back the pixels of every canvas lightweight-charts created inside the chart container. This proves the
 * chart was drawn (a canvas that exists but is blank counts zero candle pixels).
 */
export async function readChartCanvas(page: Page): Promise<CanvasReading> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="price-chart"]');
    const canvases = root ? Array.from(root.querySelectorAll('canvas')) : [];
    const near = (r: number, g: number, b: number, R: number, G: number, B: number) =>
      Math.abs(r - R) <= 12 && Math.abs(g - G) <= 12 && Math.abs(b - B) <= 12;
    let up = 0;
    let down = 0;
    let hash = 0;
    for (const c of canvases) {
      if (c.width === 0 || c.height === 0) continue;
      const ctx = c.getContext('2d');
      if (!ctx) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        const r = d[i];
        const g = d[i + 1];
        const b = d[i + 2];
        if (d[i + 3] > 200) {
          if (near(r, g, b, 38, 166, 154)) up++;
          else if (near(r, g, b, 239, 83, 80)) down++;
        }
        hash = (Math.imul(hash, 31) + r * 65_536 + g * 256 + b) | 0;
      }
    }
    return { canvases: canvases.length, up, down, hash };
  });
}

/** Pixels of every chart canvas within a small distance of `rgb` (e.g. an indicator's line colour). */
export async function countColour(page: Page, rgb: [number, number, number], tolerance = 14): Promise<number> {
  return page.evaluate(
    ({ rgb: [R, G, B], tolerance: tol }) => {
      const root = document.querySelector('[data-testid="price-chart"]');
      let n = 0;
      for (const c of root ? Array.from(root.querySelectorAll('canvas')) : []) {
        if (c.width === 0 || c.height === 0) continue;
        const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        if (!d) continue;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 200 && Math.abs(d[i] - R) <= tol && Math.abs(d[i + 1] - G) <= tol && Math.abs(d[i + 2] - B) <= tol) n++;
        }
      }
      return n;
    },
    { rgb, tolerance },
  );
}

/** Waits until the chart shows a meaningful number of candle pixels (it draws on the next animation frame). */
export async function waitForCandles(page: Page, min = 300): Promise<CanvasReading> {
  let last: CanvasReading | undefined;
  for (let i = 0; i < 50; i++) {
    last = await readChartCanvas(page);
    if (last.up >= min && last.down >= min) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`the chart never showed candles: ${JSON.stringify(last)}`);
}
