/**
 * Register the service worker that keeps the app shell available offline. The worker precaches the built
 * files only; /api responses are never cached by it, so offline the app shows the gateway as unreachable
 * rather than stale prices.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('Service worker registration failed; the app works, but not offline.', err);
    });
  });
}
