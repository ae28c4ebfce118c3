#!/usr/bin/env node
// The gateway as one JavaScript file: server/main.ts and everything it imports from server/ and shared/, bundled by
// esbuild into dist/server/main.mjs (packages in node_modules stay imports). `npm start` runs that file with plain
// Node: no TypeScript loader thread in the running gateway, and a faster start. (That thread did hold the CPU in some
// slow orders, but bundling alone barely moved the order round trip's p99; docs/gateway.md, "Order latency".)
//
//   node scripts/build-server.mjs        builds it (what `npm run build:server` runs)
//   import { ensureServerBuilt } ...     builds it only when missing or older than its sources (npm start, tests)
//
// The file is written beside its target and renamed over it, so a gateway starting while another process rebuilds
// never loads half a file.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = join(root, 'dist', 'server', 'main.mjs');

/**
 * Newest modification time (ms) of the given repository-relative paths: files, and everything under folders except
 * tests (*.test.ts: not in any build) and node_modules. 0 when none exists. `npm start` uses it for the app too.
 */
export function newestMtime(...paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (!st.isDirectory()) {
      if (!/\.test\.ts$/.test(p)) t = Math.max(t, st.mtimeMs);
      return;
    }
    for (const e of readdirSync(p, { withFileTypes: true })) if (e.name !== 'node_modules') walk(join(p, e.name));
  };
  for (const p of paths) walk(join(root, p));
  return t;
}

/**
 * Bundles `entry` (a .ts file in this repository) into `outfile` as an ES module for Node, with a linked source map so
 * stack traces name the TypeScript files and lines. Returns the files it read (repository-relative).
 */
export async function bundle(entry, outfile) {
  const { build } = await import('esbuild');
  const r = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // Keeps class and function names: they appear in logs and error messages.
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  // Map first, then the module: a reader that sees the new module finds its map.
  const files = [...r.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  return Object.keys(r.metafile.inputs);
}

/** Builds dist/server/main.mjs unless it is newer than every source it is built from. Returns its path. */
export async function ensureServerBuilt({ quiet = false } = {}) {
  const built = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  // This script too: a change to how it bundles rebuilds.
  const sources = newestMtime('server', 'shared', 'package.json', 'package-lock.json', 'scripts/build-server.mjs');
  if (sources > built) {
    if (!quiet) console.log(built ? '[start] gateway sources changed since the last build: bundling (esbuild)...' : '[start] bundling the gateway (esbuild)...');
    await bundle(join(root, 'server', 'main.ts'), SERVER_BUNDLE);
  }
  return SERVER_BUNDLE;
}

// Run as a script (not when imported, nor when bundled into another entry such as the gateway bench's host).
if (process.argv[1] && basename(process.argv[1]) === 'build-server.mjs') {
  try {
    const t0 = performance.now();
    const inputs = await bundle(join(root, 'server', 'main.ts'), SERVER_BUNDLE);
    console.log(`${relative(process.cwd(), SERVER_BUNDLE) || SERVER_BUNDLE}: ${inputs.length} modules in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    // esbuild's errors name the file, line and column.
    console.error(`build-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
