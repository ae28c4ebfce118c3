import type { VitePWAOptions } from 'vite-plugin-pwa';

// Service worker for the app shell (vite-plugin-pwa, Workbox generateSW). It precaches the built files, so the
// installed app opens offline. Nothing is fetched from outside at build time, and /api and /ws never go through
// the cache: market data offline would be stale data presented as current.
export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: 'autoUpdate',
  // main.ts registers /sw.js itself (only in production builds).
  injectRegister: false,
  // app/public/manifest.webmanifest is the manifest; the plugin must not write a second one.
  manifest: false,
  includeManifestIcons: false,
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm,json}'],
    // The bundle carries lightweight-charts and friends; keep the limit above it so nothing silently drops out.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/ws/, /^\/docs/],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
    sourcemap: false,
    // Workbox's runtime is inlined into sw.js instead of a separate workbox-*.js file.
    inlineWorkboxRuntime: true,
    mode: 'production',
  },
};
