import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultIndicatorProvider } from '../../shared/strategy/compile-indicators.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import { MAX_LINK_CHARS, decodeShare, encodeShare, shareUrl } from './share-link.ts';

const spec: StrategySpec = {
  version: 1,
  name: 'SMA 50/200',
  instruments: ['SPX.INDEX'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 50 } },
    { id: 'slow', type: 'SMA', params: { period: 200 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'percentEquity', percent: 95 },
};

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('share links', () => {
  it('round-trips a spec and its dataset through a short URL-safe fragment', () => {
    const text = encodeShare({ spec, dataset: { instrument: 'SPX.INDEX', timeframe: '1d' } });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(400);
    expect(decodeShare(text, defaultIndicatorProvider)).toEqual({ ok: true, payload: { spec, dataset: { instrument: 'SPX.INDEX', timeframe: '1d' } } });
    expect(shareUrl('http://127.0.0.1:8787', { spec })).toMatch(/^http:\/\/127\.0\.0\.1:8787\/#\/lab\?s=[A-Za-z0-9_-]+$/);
  });

  it('rejects a tampered or truncated link with a clear message', () => {
    const text = encodeShare({ spec });
    const flipped = text.slice(0, 20) + (text[20] === 'A' ? 'B' : 'A') + text.slice(21);
    for (const bad of [flipped, text.slice(0, text.length - 7), 'not base64 !', '']) {
      const r = decodeShare(bad, defaultIndicatorProvider);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/damaged|not valid|different version/);
    }
  });

  it('rejects a well-formed link whose strategy fails validation, listing where', () => {
    const evil = { v: 1, spec: { ...spec, indicators: [{ id: 'fast', type: 'NOPE' }], sizing: { type: 'percentEquity', percent: -5 } } };
    const r = decodeShare(b64url(deflateSync(strToU8(JSON.stringify(evil)))), defaultIndicatorProvider);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('not valid');
    expect(r.specErrors?.map((e) => e.path)).toEqual(expect.arrayContaining(['/indicators/0/type', '/sizing/percent']));
  });

  it('refuses oversized links and decompression bombs', () => {
    expect(decodeShare('A'.repeat(MAX_LINK_CHARS + 1))).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
    const bomb = b64url(deflateSync(new Uint8Array(5_000_000).fill(32), { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS);
    expect(decodeShare(bomb)).toMatchObject({ ok: false, error: expect.stringContaining('more data') });
  });
});
