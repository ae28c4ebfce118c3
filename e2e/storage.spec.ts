import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { snap } from './helpers.ts';

// Strategies and results live in the browser (IndexedDB through Dexie) and move between browsers as a JSON file.

test('save a strategy, export the workspace, delete everything, import it back', async ({ page }, info) => {
  await page.goto('/#/lab');
  await page.getByLabel('Name', { exact: true }).fill('Kept across browsers');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('lab-message')).toContainText('Saved "Kept across browsers"');
  await expect(page.getByRole('button', { name: 'Kept across browsers', exact: true })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('storage-counts')).toHaveText('1 strategies · 0 results');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as JSON' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^aio-workspace-\d{4}-\d\d-\d\d\.json$/);
  const file = info.outputPath('export.json');
  await download.saveAs(file);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  expect(json).toMatchObject({ format: 'aio-workspace', version: 1 });
  expect(json.strategies.map((s: { name: string }) => s.name)).toEqual(['Kept across browsers']);

  // Delete all asks first.
  await page.getByRole('button', { name: 'Delete all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all stored data?' });
  await dialog.getByRole('textbox').fill('DELETE');
  await dialog.getByRole('button', { name: 'Delete all' }).click();
  await expect(page.getByTestId('storage-counts')).toHaveText('0 strategies · 0 results');

  // A file that is not an export is refused and changes nothing.
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(page.getByTestId('storage-message')).toContainText('Nothing was imported');
  await expect(page.getByTestId('storage-counts')).toHaveText('0 strategies · 0 results');

  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('storage-message')).toContainText('Imported 1 strategies and 0 results');
  await expect(page.getByTestId('storage-counts')).toHaveText('1 strategies · 0 results');
  await snap(page, 'storage-01-imported');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Strategy Lab' }).click();
  await page.getByRole('button', { name: 'Kept across browsers', exact: true }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Kept across browsers');
});
