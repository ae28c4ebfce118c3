// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import DataView from '../views/DataView.svelte';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 5));
    flushSync();
  }
};

let app: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.innerHTML = '';
});

async function drop(csv: string, name: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('[data-testid="data-drop"] input[type=file]')!;
  const file = new File([csv], name, { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

describe('Data view (mounted)', () => {
  it('a dropped CSV shows the preview, the role pickers and the quality report', async () => {
    app = mount(DataView, { target: document.body });
    await drop('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2,1,1.8,11\n2024-01-04,1.8,1.7,1,1.6,9\n', 'spx.csv');
    const preview = document.querySelector('[data-testid="data-preview"]')!;
    expect(preview.querySelectorAll('tbody tr').length).toBe(3);
    expect((preview.querySelector('select[aria-label="Role of column Close"]') as HTMLSelectElement).value).toBe('close');
    const report = document.querySelector('[data-testid="quality-report"]')!;
    expect(report.textContent).toContain('Rejected');
    expect(report.textContent).toContain('high 1.7 is below open 1.8');
    expect((document.querySelector('[data-testid="data-save"]') as HTMLButtonElement).disabled).toBe(true);
    // Choose "drop" for the OHLC check: accepted, and saving becomes possible.
    const policy = report.querySelector('select[aria-label="Policy for ohlc"]') as HTMLSelectElement;
    policy.value = 'drop';
    policy.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(document.querySelector('[data-testid="quality-report"]')!.textContent).toContain('Accepted');
    expect((document.querySelector('[data-testid="data-save"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('malformed rows are listed with file and line', async () => {
    app = mount(DataView, { target: document.body });
    await drop('time,close\n2024-01-01,1\n2024-01-02,oops\n', 'bad.csv');
    expect(document.querySelector('[data-testid="data-issues"]')!.textContent).toContain("bad.csv:3 [close]: cannot read close 'oops' as a number");
  });
});
