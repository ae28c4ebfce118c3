import { describe, expect, it } from 'vitest';
import { chartAction, globalAction, isTypingTarget, type KeyLike } from './shortcuts.ts';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target: { tagName: 'BODY' } as unknown as EventTarget,
  ...extra,
});

describe('shortcuts', () => {
  it('maps chart keys to actions', () => {
    expect(chartAction(key('3'))).toEqual({ type: 'timeframe', index: 2 });
    expect(chartAction(key(']'))).toEqual({ type: 'tab-cycle', dir: 1 });
    expect(chartAction(key('N'))).toEqual({ type: 'tab-new' });
    expect(chartAction(key('f'))).toEqual({ type: 'fit' });
    expect(chartAction(key('ArrowLeft'))).toEqual({ type: 'scroll', fraction: -0.25 });
    expect(chartAction(key('x'))).toBeUndefined();
    expect(chartAction(key('0'))).toBeUndefined();
  });

  it('leaves keys alone while the user types or holds a modifier', () => {
    expect(chartAction(key('f', { target: { tagName: 'INPUT', type: 'text' } as unknown as EventTarget }))).toBeUndefined();
    expect(chartAction(key('f', { target: { tagName: 'SELECT' } as unknown as EventTarget }))).toBeUndefined();
    expect(chartAction(key('f', { ctrlKey: true }))).toBeUndefined();
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
  });

  it('maps global keys: ? for help, Alt+digit for views', () => {
    expect(globalAction(key('?'))).toEqual({ type: 'help' });
    expect(globalAction(key('1', { altKey: true }))).toEqual({ type: 'view', view: 'chart' });
    expect(globalAction(key('4', { altKey: true }))).toEqual({ type: 'view', view: 'live' });
    expect(globalAction(key('9', { altKey: true }))).toBeUndefined();
    expect(globalAction(key('1'))).toBeUndefined();
  });
});
