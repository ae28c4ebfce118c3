#!/usr/bin/env node
// `npm start`: builds the web app when dist/app is missing or older than its sources, then runs the gateway.
// Options: --no-build (serve whatever dist/app holds; the gateway says so when it is missing). The gateway itself is
// always brought up to date (scripts/build-server.mjs).
// Everything here works offline: vite builds from node_modules, the gateway serves embedded data.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const known = new Set(['--no-build', '--help', '-h']);
for (const a of args) {
  if (!known.has(a)) {
    console.error(`start: unknown option '${a}'. Usage: npm start [-- --no-build]`);
    process.exit(2);
  }
}
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage: npm start [-- --no-build]\n\nBuilds the app if needed, then starts the gateway.\n' +
    'Environment: HOST (127.0.0.1), PORT (8787), AIO_HOME (~/.aio), LOG_LEVEL (info). See README.md.');
  process.exit(0);
}

const { ensureServerBuilt, newestMtime } = await import('./build-server.mjs');

const index = join(root, 'dist', 'app', 'index.html');
if (!args.includes('--no-build')) {
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = newestMtime('app', 'shared', 'vite.config.ts', 'svelte.config.js', 'package.json');
  if (sources > built) {
    console.log(built ? '[start] app sources changed since the last build: building (vite build)...' : '[start] building the app (vite build)...');
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('[start] vite build failed (see above). Fix it, or run `npm start -- --no-build` to serve the API without the app.');
      process.exit(r.status ?? 1);
    }
  }
}

// The gateway: bundled from server/ and shared/ into dist/server/main.mjs when its sources changed (esbuild, well under
// a second; also with --no-build, which is about the app), then run in this process with plain Node, so signals reach
// it directly. Source maps on: stack traces name the TypeScript files.
let bundlePath;
try {
  bundlePath = await ensureServerBuilt();
} catch (e) {
  console.error(`[start] bundling the gateway failed:\n${e instanceof Error ? e.message : String(e)}\nFix the error above (npm run typecheck shows it too).`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundlePath).href);
