import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiToken {
  token: string;
  path: string;
  /** True when this call created it: the caller prints it once. */
  created: boolean;
  /** Set when an existing file was readable by others and had its permissions tightened to 0600. */
  fixedPermissions?: boolean;
}

/**
 * The gateway's API token: `AIO_HOME/api-token`, created at first start with 0600 permissions (the directory 0700),
 * 32 random bytes in base64url. Anything that trades or writes needs it (Authorization: Bearer <token>).
 */
export function ensureApiToken(home: string): ApiToken {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, 'api-token');
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < 32) throw new Error(`${path} holds no valid token (too short). Delete it and restart to create a new one.`);
    let fixedPermissions = false;
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      fixedPermissions = true;
    }
    return { token, path, created: false, fixedPermissions };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = randomBytes(32).toString('base64url');
  // 'wx': never overwrite a token another process created at the same moment.
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, path, created: true };
}

/**
 * A constant-time check against one token, its bytes prepared once. The length is compared first: every token this
 * gateway makes has the same public length (43 characters), so that leaks nothing, and the bytes are compared with
 * timingSafeEqual. (Hashing both sides on every request cost ~20 us of the order path's CPU.)
 */
export function tokenMatcher(expected: string): (given: string | undefined) => boolean {
  const want = Buffer.from(expected, 'utf8');
  return (given) => {
    if (!given || given.length > 1024) return false;
    const got = Buffer.from(given, 'utf8');
    return got.length === want.length && timingSafeEqual(got, want);
  };
}
