/**
 * The layer rule (ARCHITECTURE.md): dependencies point inward.
 * - shared/ imports nothing from app/ or server/, no Node built-in (`node:*` or a bare built-in name such as `fs`),
 *   no server-only package, and touches no DOM global (document, window, localStorage, sessionStorage) — so it runs
 *   in a browser, a worker and Node alike. Its tests (*.test.ts, *.bench.ts) are hosts like any other test: they may
 *   use Node (fixtures, the Node WebGPU helper in server/compute), but never app/.
 * - app/ never imports server/; server/ never imports app/.
 *
 * Parsed with the TypeScript compiler's parser, so comments and strings never count, and a local variable or
 * parameter named `window` (a rolling window, say) is not mistaken for the DOM global.
 * tsconfig.shared.json enforces the same for types (lib ES2023 only); this check also catches `any`-typed escapes
 * and imports that typecheck fine but break a browser bundle.
 *
 * CLI: `npx tsx scripts/check-layers.ts [root]` prints `file:line: message` per violation and exits 1 if any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface LayerViolation {
  /** Path relative to the checked root, with forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
  rule: 'shared-imports-app' | 'shared-imports-server' | 'shared-imports-node' | 'shared-uses-dom' | 'app-imports-server' | 'server-imports-app';
  message: string;
}

const LAYERS = ['shared', 'app', 'server'] as const;
type Layer = (typeof LAYERS)[number];
const SOURCE = /\.(ts|tsx|mts|js|mjs|svelte)$/;
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
/** Packages that only run in Node; shared/ must not pull them into a browser bundle. */
const SERVER_ONLY = [/^fastify$/, /^@fastify\//, /^better-sqlite3$/, /^pino/, /^ws$/, /^tsx(\/|$)/, /^@stoqey\/ib$/, /^onnxruntime-node$/, /^webgpu$/];
const DOM_GLOBALS = new Set(['document', 'window', 'localStorage', 'sessionStorage']);
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-results', 'coverage']);

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (SOURCE.test(e.name)) out.push(p);
  }
}

function layerOf(root: string, abs: string): Layer | undefined {
  const rel = relative(root, abs);
  if (rel.startsWith('..')) return undefined;
  const top = rel.split(sep)[0];
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : undefined;
}

const isTestFile = (f: string): boolean => /\.(test|bench)\.[a-z]+$/.test(f);

/** Script blocks of a .svelte file, as TypeScript text padded so that line numbers stay those of the file. */
function svelteScripts(text: string): string {
  const out = text.split('\n').map(() => '');
  const re = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const startLine = text.slice(0, m.index + m[0].indexOf('>') + 1).split('\n').length - 1;
    m[1].split('\n').forEach((l, i) => (out[startLine + i] = l));
  }
  return out.join('\n');
}

interface ImportRef {
  spec: string;
  pos: number;
}

function collect(sf: ts.SourceFile): { imports: ImportRef[]; domUses: ImportRef[] } {
  const imports: ImportRef[] = [];
  const declared = new Set<string>();
  const candidates: Array<{ name: string; pos: number }> = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      imports.push({ spec: n.moduleSpecifier.text, pos: n.moduleSpecifier.getStart(sf) });
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      imports.push({ spec: n.moduleReference.expression.text, pos: n.getStart(sf) });
    } else if (ts.isCallExpression(n) && n.arguments.length > 0 && ts.isStringLiteralLike(n.arguments[0])) {
      const callee = n.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        imports.push({ spec: n.arguments[0].text, pos: n.arguments[0].getStart(sf) });
      }
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      imports.push({ spec: n.argument.literal.text, pos: n.argument.getStart(sf) });
    }
    // Names declared in this file (variables, parameters, functions, classes, imports) shadow the globals.
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name)) declared.add(n.name.text);
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) declared.add(n.name.text);
    if (ts.isImportSpecifier(n) || ts.isImportClause(n) || ts.isNamespaceImport(n)) if (n.name) declared.add(n.name.text);
    if (ts.isIdentifier(n) && DOM_GLOBALS.has(n.text)) {
      const p = n.parent;
      const isMemberName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
        (ts.isPropertyDeclaration(p) && p.name === n) || (ts.isPropertySignature(p) && p.name === n) ||
        (ts.isMethodDeclaration(p) && p.name === n) || ts.isQualifiedName(p) || (ts.isShorthandPropertyAssignment(p) && false);
      const isDeclName = (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && p.name === n;
      if (!isMemberName && !isDeclName) candidates.push({ name: n.text, pos: n.getStart(sf) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const domUses = candidates.filter((c) => !declared.has(c.name)).map((c) => ({ spec: c.name, pos: c.pos }));
  return { imports, domUses };
}

/** Checks every source file under `root`'s shared/, app/ and server/ folders. Returns violations, file:line sorted. */
export function checkLayers(root: string): LayerViolation[] {
  root = resolve(root);
  const out: LayerViolation[] = [];
  for (const layer of LAYERS) {
    const files: string[] = [];
    walk(join(root, layer), files);
    for (const abs of files) {
      const rel = relative(root, abs).split(sep).join('/');
      const raw = readFileSync(abs, 'utf8');
      const text = abs.endsWith('.svelte') ? svelteScripts(raw) : raw;
      const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, abs.endsWith('.js') || abs.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
      const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
      const { imports, domUses } = collect(sf);
      for (const { spec, pos } of imports) {
        const target = spec.startsWith('.') ? layerOf(root, resolve(dirname(abs), spec)) : undefined;
        const add = (rule: LayerViolation['rule'], message: string): void => {
          out.push({ file: rel, line: lineOf(pos), rule, message });
        };
        if (layer === 'shared') {
          if (target === 'app') add('shared-imports-app', `shared/ must not import app/ ('${spec}'): move the code it needs into shared/`);
          if (target === 'server' && !isTestFile(rel)) add('shared-imports-server', `shared/ must not import server/ ('${spec}'): move the code it needs into shared/`);
          if (!isTestFile(rel)) {
            const bare = spec.split('/')[0];
            if (spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(bare)) {
              add('shared-imports-node', `shared/ must not import the Node built-in '${spec}': it must run in a browser too; do IO in server/ or app/ and pass data in`);
            } else if (SERVER_ONLY.some((re) => re.test(spec))) {
              add('shared-imports-node', `shared/ must not import the server-only package '${spec}'`);
            }
          }
        } else if (layer === 'app' && target === 'server') {
          add('app-imports-server', `app/ must not import server/ ('${spec}'): talk to the gateway over HTTP/WebSocket; shared types live in shared/api`);
        } else if (layer === 'server' && target === 'app') {
          add('server-imports-app', `server/ must not import app/ ('${spec}'): move shared code into shared/`);
        }
      }
      if (layer === 'shared' && !isTestFile(rel)) {
        for (const { spec, pos } of domUses) {
          out.push({ file: rel, line: lineOf(pos), rule: 'shared-uses-dom', message: `shared/ must not use the DOM global '${spec}': it must run in a worker and in Node too` });
        }
      }
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatViolation(v: LayerViolation): string {
  return `${v.file}:${v.line}: ${v.message} [${v.rule}]`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const found = checkLayers(root);
  for (const v of found) console.error(formatViolation(v));
  console.log(found.length ? `layer check: ${found.length} violation(s)` : 'layer check: clean');
  process.exit(found.length ? 1 : 0);
}
