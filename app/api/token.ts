// The gateway's API token (the file api-token in the gateway's AIO_HOME). Anything that trades or writes needs it.
// It stays in this browser's localStorage, is sent only to the gateway that served the app (same origin), and is
// never put in a URL or a share link.

const KEY = 'aio.gateway.token';

export function loadToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) globalThis.localStorage?.setItem(KEY, token.trim());
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // storage disabled: the token then lasts for this page only (see ApiClient)
  }
}
