import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './app/pwa/pwa-options.ts';

// One config for the app build (root app/ -> dist/app) and for vitest.
// Under vitest, Svelte's `mount` needs the browser export conditions (PLATFORM.md).
export default defineConfig({
  root: 'app',
  publicDir: 'public',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }), ...(process.env.VITEST ? [] : [VitePWA(pwaOptions)])],
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  build: {
    outDir: '../dist/app', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000,
    // Second page: the WebGPU kernel self-test that e2e/gpu-kernels.spec.ts loads.
    rolldownOptions: { input: { main: 'app/index.html', 'gpu-selftest': 'app/gpu-selftest.html' } },
  },
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8787', '/ws': { target: 'ws://127.0.0.1:8787', ws: true } } },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
          environment: 'node',
          // Generous: some tests start real processes (gateway, aio) on a 2-core machine.
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          root: '.',
          include: ['shared/**/*.gpu.test.ts', 'scripts/**/*.gpu.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          // Dawn (npm `webgpu`) is not safe to share across worker threads: one fork, files in sequence.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
