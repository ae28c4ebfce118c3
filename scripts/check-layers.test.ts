import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers, formatViolation } from './check-layers.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('layer rule', () => {
  it('holds on the real tree', () => {
    const found = checkLayers(repo).map(formatViolation);
    expect(found).toEqual([]);
  });

  it('reports every planted violation with file:line', () => {
    const root = tree({
      'shared/ok.ts': "import { x } from './util.ts';\nexport const y = x;\n",
      'shared/util.ts': 'export const x = 1;\n',
      'shared/bad-app.ts': "// a comment\nimport { view } from '../app/views/chart.ts';\nexport default view;\n",
      'shared/bad-server.ts': "\n\nexport { buildApp } from '../server/app.ts';\n",
      'shared/bad-node.ts': "import { readFileSync } from 'node:fs';\nimport path from 'path';\nconst m = await import('fs/promises');\nexport { readFileSync, path, m };\n",
      'shared/bad-pkg.ts': "import Fastify from 'fastify';\nexport const f = Fastify;\n",
      'shared/bad-dom.ts': 'export function f(): number {\n  return window.innerWidth +\n    document.body.clientWidth + Number(localStorage.getItem("k"));\n}\n',
      'app/bad.ts': "import type { GatewayConfig } from '../server/config.ts';\nexport type C = GatewayConfig;\n",
      'app/views/Bad.svelte': "<h1>x</h1>\n<script lang=\"ts\">\n  import { loadConfig } from '../../server/config.ts';\n</script>\n",
      'server/bad.ts': "\nimport { chart } from '../app/lib/chart.ts';\nexport { chart };\n",
    });
    const found = checkLayers(root).map((v) => `${v.file}:${v.line} ${v.rule}`);
    expect(found).toEqual([
      'app/bad.ts:1 app-imports-server',
      'app/views/Bad.svelte:3 app-imports-server',
      'server/bad.ts:2 server-imports-app',
      'shared/bad-app.ts:2 shared-imports-app',
      'shared/bad-dom.ts:2 shared-uses-dom',
      'shared/bad-dom.ts:3 shared-uses-dom',
      'shared/bad-dom.ts:3 shared-uses-dom',
      'shared/bad-node.ts:1 shared-imports-node',
      'shared/bad-node.ts:2 shared-imports-node',
      'shared/bad-node.ts:3 shared-imports-node',
      'shared/bad-pkg.ts:1 shared-imports-node',
      'shared/bad-server.ts:3 shared-imports-server',
    ]);
    const msg = checkLayers(root).map(formatViolation).find((m) => m.startsWith('shared/bad-node.ts:1'));
    expect(msg).toMatch(/shared\/bad-node\.ts:1: shared\/ must not import the Node built-in 'node:fs'/);
  });

  it('does not mistake comments, strings, members or local names for violations', () => {
    const root = tree({
      'shared/fine.ts': [
        "// import x from 'node:fs'; the window of 20 bars; document the API",
        "const s = \"import '../server/app.ts' window.x\";",
        'export function sma(values: number[], window: number): number {',
        '  const r = values.slice(-window);',
        '  return r.length / window;',
        '}',
        'export const o = { window: 3, document: 1 };',
        'export const p = o.window + o.document + s.length;',
      ].join('\n'),
      'shared/fine.test.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    });
    expect(checkLayers(root)).toEqual([]);
  });
});
