import { VIEWS, type ViewId } from '../state/router.svelte.ts';

// Keyboard shortcuts: one table drives both the key handling and the help overlay, so the overlay can never
// document a key that does nothing.

export type ShortcutAction =
  | { type: 'help' }
  | { type: 'view'; view: ViewId }
  | { type: 'timeframe'; index: number }
  | { type: 'timeframe-step'; dir: -1 | 1 }
  | { type: 'tab-cycle'; dir: -1 | 1 }
  | { type: 'tab-new' }
  | { type: 'tab-close' }
  | { type: 'focus-instrument' }
  | { type: 'fit' }
  | { type: 'reset' }
  | { type: 'scroll'; fraction: number }
  | { type: 'zoom'; factor: number }
  | { type: 'indicator-add' };

export interface ShortcutDoc {
  keys: string;
  description: string;
  scope: 'Everywhere' | 'Chart';
}

export const SHORTCUT_DOCS: ShortcutDoc[] = [
  { keys: '?', description: 'Show or hide this list of shortcuts', scope: 'Everywhere' },
  { keys: 'Alt+1 … Alt+6', description: `Go to ${VIEWS.map((v) => v.label).join(', ')}`, scope: 'Everywhere' },
  { keys: '1 … 9', description: "Pick the instrument's 1st … 9th timeframe", scope: 'Chart' },
  { keys: ', / .', description: 'Shorter / longer timeframe', scope: 'Chart' },
  { keys: '[ / ]', description: 'Previous / next instrument tab', scope: 'Chart' },
  { keys: 'N', description: 'New tab (same instrument)', scope: 'Chart' },
  { keys: 'W', description: 'Close the active tab', scope: 'Chart' },
  { keys: 'I', description: 'Focus the instrument picker', scope: 'Chart' },
  { keys: 'A', description: 'Add an indicator', scope: 'Chart' },
  { keys: 'F', description: 'Fit all bars into view', scope: 'Chart' },
  { keys: 'R', description: 'Reset to the most recent bars', scope: 'Chart' },
  { keys: '← / →', description: 'Scroll back / forward in time', scope: 'Chart' },
  { keys: '+ / −', description: 'Zoom in / out', scope: 'Chart' },
];

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

/** Keys typed into a field belong to the field, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag === 'INPUT') return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(el.type ?? 'text');
  return false;
}

export function globalAction(e: KeyLike): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey || isTypingTarget(e.target)) return undefined;
  if (e.altKey) {
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= VIEWS.length) return { type: 'view', view: VIEWS[n - 1].id };
    return undefined;
  }
  if (e.key === '?') return { type: 'help' };
  return undefined;
}

export function chartAction(e: KeyLike): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return undefined;
  const k = e.key;
  if (/^[1-9]$/.test(k)) return { type: 'timeframe', index: Number(k) - 1 };
  switch (k.length === 1 ? k.toLowerCase() : k) {
    case ',':
      return { type: 'timeframe-step', dir: -1 };
    case '.':
      return { type: 'timeframe-step', dir: 1 };
    case '[':
      return { type: 'tab-cycle', dir: -1 };
    case ']':
      return { type: 'tab-cycle', dir: 1 };
    case 'n':
      return { type: 'tab-new' };
    case 'w':
      return { type: 'tab-close' };
    case 'i':
      return { type: 'focus-instrument' };
    case 'a':
      return { type: 'indicator-add' };
    case 'f':
      return { type: 'fit' };
    case 'r':
      return { type: 'reset' };
    case 'ArrowLeft':
      return { type: 'scroll', fraction: -0.25 };
    case 'ArrowRight':
      return { type: 'scroll', fraction: 0.25 };
    case '+':
    case '=':
      return { type: 'zoom', factor: 0.8 };
    case '-':
    case '_':
      return { type: 'zoom', factor: 1.25 };
  }
  return undefined;
}
