import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureApiToken, tokenMatcher } from './token.ts';

describe('API token', () => {
  it('is created once with 0600 permissions in a 0700 home, then read back unchanged', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'aio-tok-')), 'home');
    const a = ensureApiToken(home);
    expect(a.created).toBe(true);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes base64url
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readFileSync(a.path, 'utf8').trim()).toBe(a.token);
    const b = ensureApiToken(home);
    expect(b.created).toBe(false);
    expect(b.token).toBe(a.token);
  });

  it('tightens a token file readable by others, and refuses a truncated one', () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-tok-'));
    const { path } = ensureApiToken(home);
    chmodSync(path, 0o644);
    const r = ensureApiToken(home);
    expect(r.fixedPermissions).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, 'short\n');
    expect(() => ensureApiToken(home)).toThrow(/too short/);
  });

  it('compares tokens exactly', () => {
    expect(tokenMatcher('abc')('abc')).toBe(true);
    expect(tokenMatcher('abc')('abd')).toBe(false);
    expect(tokenMatcher('abc')('abcd')).toBe(false);
    expect(tokenMatcher('abc')(undefined)).toBe(false);
    expect(tokenMatcher('abc')('')).toBe(false);
    // Same number of characters, more bytes in UTF-8: refused, not a RangeError from timingSafeEqual.
    expect(tokenMatcher('abc')('abé')).toBe(false);
    expect(tokenMatcher('abé')('abé')).toBe(true);
    expect(tokenMatcher('abc')('a'.repeat(1_000_000))).toBe(false);
  });
});
