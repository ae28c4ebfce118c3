import { describe, expect, it } from 'vitest';
import { Router, parseHash } from './router.svelte.ts';

function fakeWindow(hash = '') {
  const listeners = new Set<() => void>();
  const win = {
    location: {
      get hash() {
        return hash;
      },
      set hash(v: string) {
        hash = v;
        for (const l of listeners) l();
      },
    },
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  return win as unknown as Window;
}

describe('router', () => {
  it('parses view and parameters from the hash, defaulting to the chart', () => {
    expect(parseHash('').view).toBe('chart');
    expect(parseHash('#/live').view).toBe('live');
    expect(parseHash('#/nowhere').view).toBe('chart');
    const r = parseHash('#/lab?s=abc&run=1');
    expect(r.view).toBe('lab');
    expect(r.params.get('s')).toBe('abc');
  });

  it('follows hash changes and navigates', () => {
    const win = fakeWindow('#/settings');
    const router = new Router(win);
    expect(router.view).toBe('settings');
    router.navigate('backtests');
    expect(win.location.hash).toBe('#/backtests');
    expect(router.view).toBe('backtests');
    router.navigate('lab', new URLSearchParams({ s: 'x' }));
    expect(router.view).toBe('lab');
    expect(router.params.get('s')).toBe('x');
    router.dispose();
  });
});
