import {
  COMPARISON_OPS,
  INDICATOR_ID_PATTERN,
  INSTRUMENT_ID_PATTERN,
  PRICE_SOURCES,
  SERIES_REF_PATTERN,
  SPEC_VERSION,
  TIMEFRAME_PATTERN,
  type StrategySpec,
} from './spec.ts';
import type { IndicatorCatalog, IndicatorTypeInfo } from './spec-catalog.ts';

/** One problem in a spec: where (a JSON Pointer, RFC 6901, e.g. "/indicators/0/params/period"), what, and a stable code. */
export interface SpecError {
  path: string;
  message: string;
  code: SpecErrorCode;
}

export type SpecErrorCode =
  | 'required'
  | 'type'
  | 'range'
  | 'enum'
  | 'format'
  | 'unknown-field'
  | 'version'
  | 'duplicate'
  | 'unknown-indicator-type'
  | 'unknown-param'
  | 'unknown-reference'
  | 'unknown-output'
  | 'cycle'
  | 'missing-rule'
  | 'invalid';

export type ValidationResult = { ok: true; spec: StrategySpec; errors: [] } | { ok: false; errors: SpecError[] };

const ID_RE = new RegExp(INDICATOR_ID_PATTERN);
const REF_RE = new RegExp(SERIES_REF_PATTERN);
const TF_RE = new RegExp(TIMEFRAME_PATTERN);
const INSTR_RE = new RegExp(INSTRUMENT_ID_PATTERN);
const PRICE = new Set<string>(PRICE_SOURCES);

/** RFC 6901 escaping of one path segment. */
const seg = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

class Collector {
  readonly errors: SpecError[] = [];
  add(path: string, code: SpecErrorCode, message: string): void {
    this.errors.push({ path: path === '' ? '' : path, message, code });
  }

  /** Checks that v is a plain object; reports unknown keys (typos) and missing required ones. */
  object(v: unknown, path: string, what: string, required: readonly string[], optional: readonly string[]): v is Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.add(path, 'type', `${what} must be an object, got ${typeName(v)}`);
      return false;
    }
    const o = v as Record<string, unknown>;
    const known = new Set([...required, ...optional]);
    for (const k of Object.keys(o)) {
      if (!known.has(k)) this.add(`${path}/${seg(k)}`, 'unknown-field', `unknown field "${k}" in ${what}; allowed: ${[...known].join(', ')}`);
    }
    for (const k of required) if (o[k] === undefined) this.add(`${path}/${seg(k)}`, 'required', `${what} needs "${k}"`);
    return true;
  }

  number(v: unknown, path: string, what: string, o: { min?: number; exclusiveMin?: number; max?: number; integer?: boolean } = {}): v is number {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, 'type', `${what} must be a finite number, got ${typeof v === 'number' ? String(v) : typeName(v)}`);
      return false;
    }
    if (o.integer && !Number.isInteger(v)) {
      this.add(path, 'type', `${what} must be a whole number, got ${v}`);
      return false;
    }
    if (o.exclusiveMin !== undefined && !(v > o.exclusiveMin)) this.add(path, 'range', `${what} must be greater than ${o.exclusiveMin}, got ${v}`);
    else if (o.min !== undefined && v < o.min) this.add(path, 'range', `${what} must be at least ${o.min}, got ${v}`);
    else if (o.max !== undefined && v > o.max) this.add(path, 'range', `${what} must be at most ${o.max}, got ${v}`);
    else return true;
    return false;
  }

  string(v: unknown, path: string, what: string, o: { pattern?: RegExp; hint?: string; minLength?: number; maxLength?: number } = {}): v is string {
    if (typeof v !== 'string') {
      this.add(path, 'type', `${what} must be a string, got ${typeName(v)}`);
      return false;
    }
    if (o.minLength !== undefined && v.length < o.minLength) this.add(path, 'range', `${what} must not be empty`);
    else if (o.maxLength !== undefined && v.length > o.maxLength) this.add(path, 'range', `${what} must be at most ${o.maxLength} characters`);
    else if (o.pattern && !o.pattern.test(v)) this.add(path, 'format', `${what} "${v}" is not valid${o.hint ? `: ${o.hint}` : ''}`);
    else return true;
    return false;
  }

  /** Checks the `type` (or `op`) discriminator of a union member; returns it when it is one of the allowed values. */
  tag<T extends string>(o: Record<string, unknown>, key: string, path: string, what: string, allowed: readonly T[]): T | undefined {
    const t = o[key];
    if (typeof t === 'string' && (allowed as readonly string[]).includes(t)) return t as T;
    if (t === undefined) this.add(`${path}/${key}`, 'required', `${what} needs "${key}", one of: ${allowed.join(', ')}`);
    else this.add(`${path}/${key}`, 'enum', `${what} ${key} ${JSON.stringify(t)} is not one of: ${allowed.join(', ')}`);
    return undefined;
  }
}

interface Ctx {
  c: Collector;
  catalog: IndicatorCatalog | undefined;
  /** id -> resolved type info (undefined when the type is unknown or no catalog was given). */
  ids: Map<string, IndicatorTypeInfo | undefined>;
}

/**
 * Validates an untrusted value as a StrategySpec v1 and returns EVERY error found, each with a JSON Pointer path.
 * With a catalog, indicator types, parameter names and ranges and `id.output` references are checked against it;
 * without one those checks are skipped (the shape and the references between ids are still checked).
 */
export function validateSpec(input: unknown, catalog?: IndicatorCatalog): ValidationResult {
  const c = new Collector();
  const ctx: Ctx = { c, catalog, ids: new Map() };
  const required = ['version', 'name', 'instruments', 'timeframe', 'indicators', 'sizing'];
  const optional = ['description', 'long', 'short', 'entryOrder', 'stopLoss', 'takeProfit', 'trailingStop', '$schema'];
  if (!c.object(input, '', 'the strategy spec', required, optional)) return { ok: false, errors: c.errors };
  const s = input;

  if (s.version !== undefined && s.version !== SPEC_VERSION) {
    c.add('/version', 'version', `unsupported spec version ${JSON.stringify(s.version)}; this build reads version ${SPEC_VERSION}`);
  }
  if (s.$schema !== undefined) c.string(s.$schema, '/$schema', '$schema');
  if (s.name !== undefined) c.string(s.name, '/name', 'name', { minLength: 1, maxLength: 120 });
  if (s.description !== undefined) c.string(s.description, '/description', 'description', { maxLength: 4000 });
  if (s.instruments !== undefined) checkInstruments(c, s.instruments);
  if (s.timeframe !== undefined) {
    c.string(s.timeframe, '/timeframe', 'timeframe', { pattern: TF_RE, hint: 'use <number><unit> with unit s, m, h, d or w, e.g. 1d, 4h, 15m' });
  }
  if (s.indicators !== undefined) checkIndicators(ctx, s.indicators);

  if (s.long === undefined && s.short === undefined) {
    c.add('/long', 'missing-rule', 'the strategy needs entry rules: give "long" and/or "short"');
  }
  for (const side of ['long', 'short'] as const) {
    const r = s[side];
    if (r === undefined) continue;
    const p = `/${side}`;
    if (!c.object(r, p, `the "${side}" side`, ['entry'], ['exit'])) continue;
    if (r.entry !== undefined) checkCondition(ctx, r.entry, `${p}/entry`, 0);
    if (r.exit !== undefined) checkCondition(ctx, r.exit, `${p}/exit`, 0);
  }

  if (s.sizing !== undefined) checkSizing(c, s.sizing);
  if (s.entryOrder !== undefined) checkEntryOrder(c, s.entryOrder);
  for (const k of ['stopLoss', 'takeProfit', 'trailingStop'] as const) {
    if (s[k] !== undefined) checkDistance(c, s[k], `/${k}`, k);
  }
  if (isObj(s.sizing) && s.sizing.type === 'riskPerTrade' && s.stopLoss === undefined) {
    c.add('/stopLoss', 'required', 'sizing "riskPerTrade" needs a stopLoss: the quantity is the risk divided by the stop distance');
  }
  return c.errors.length === 0 ? { ok: true, spec: input as unknown as StrategySpec, errors: [] } : { ok: false, errors: c.errors };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkInstruments(c: Collector, v: unknown): void {
  if (!Array.isArray(v)) {
    c.add('/instruments', 'type', `instruments must be an array of instrument ids like "SPX.INDEX", got ${typeName(v)}`);
    return;
  }
  if (v.length === 0) c.add('/instruments', 'range', 'instruments must name at least one instrument, e.g. ["SPX.INDEX"]');
  if (v.length > 100) c.add('/instruments', 'range', 'instruments may name at most 100 instruments');
  const seen = new Set<string>();
  v.forEach((id, i) => {
    const p = `/instruments/${i}`;
    if (!c.string(id, p, 'instrument id', { pattern: INSTR_RE, hint: 'use SYMBOL.VENUE, e.g. BTCUSDT.BINANCE or SPX.INDEX' })) return;
    if (seen.has(id)) c.add(p, 'duplicate', `instrument "${id}" is listed twice`);
    seen.add(id);
  });
}

function checkIndicators(ctx: Ctx, v: unknown): void {
  const { c, catalog } = ctx;
  if (!Array.isArray(v)) {
    c.add('/indicators', 'type', `indicators must be an array (may be empty), got ${typeName(v)}`);
    return;
  }
  if (v.length > 64) c.add('/indicators', 'range', 'at most 64 indicators');
  // First pass: ids and types, so sources and conditions can refer to any indicator regardless of order.
  v.forEach((ind, i) => {
    const p = `/indicators/${i}`;
    if (!isObj(ind)) return;
    if (typeof ind.id === 'string' && ID_RE.test(ind.id) && !PRICE.has(ind.id)) {
      if (ctx.ids.has(ind.id)) c.add(`${p}/id`, 'duplicate', `indicator id "${ind.id}" is used twice; ids must be unique`);
      else ctx.ids.set(ind.id, typeof ind.type === 'string' ? catalog?.get(ind.type) : undefined);
    }
  });
  v.forEach((ind, i) => {
    const p = `/indicators/${i}`;
    if (!c.object(ind, p, `indicator #${i + 1}`, ['id', 'type'], ['params', 'source'])) return;
    if (ind.id !== undefined && c.string(ind.id, `${p}/id`, 'indicator id', { pattern: ID_RE, hint: 'start with a letter or _, then letters, digits or _ (max 32)' })) {
      if (PRICE.has(ind.id)) c.add(`${p}/id`, 'invalid', `indicator id "${ind.id}" is a price source name; choose another id`);
    }
    let info: IndicatorTypeInfo | undefined;
    if (ind.type !== undefined && c.string(ind.type, `${p}/type`, 'indicator type', { minLength: 1 }) && catalog) {
      info = catalog.get(ind.type);
      if (!info) c.add(`${p}/type`, 'unknown-indicator-type', `unknown indicator type "${ind.type}"; known: ${catalog.types().join(', ')}`);
    }
    if (ind.params !== undefined) {
      if (!isObj(ind.params)) c.add(`${p}/params`, 'type', `params must be an object of numbers, got ${typeName(ind.params)}`);
      else {
        for (const [k, val] of Object.entries(ind.params)) {
          const pp = `${p}/params/${seg(k)}`;
          const pi = info?.params.find((x) => x.name === k);
          if (info && !pi) {
            const names = info.params.map((x) => x.name);
            c.add(pp, 'unknown-param', `${info.type} has no parameter "${k}"; ${names.length ? `its parameters: ${names.join(', ')}` : 'it takes none'}`);
            continue;
          }
          c.number(val, pp, `${info?.type ?? 'indicator'} ${k}`, { min: pi?.min, max: pi?.max, integer: pi?.integer });
        }
      }
    }
    if (info) {
      for (const pi of info.params) {
        if (pi.default === undefined && !(isObj(ind.params) && ind.params[pi.name] !== undefined)) {
          c.add(`${p}/params/${seg(pi.name)}`, 'required', `${info.type} needs parameter "${pi.name}"`);
        }
      }
    }
    if (ind.source !== undefined) {
      if (info && info.input === 'bar') {
        c.add(`${p}/source`, 'invalid', `${info.type} reads the whole bar (high, low, close...) and takes no "source"`);
      } else if (c.string(ind.source, `${p}/source`, 'source', { pattern: REF_RE, hint: 'a price source (close, hl2...) or an indicator id' })) {
        checkRef(ctx, ind.source, `${p}/source`);
      }
    }
  });
  // Sources may chain indicators (an SMA of an RSI) but never in a loop.
  const sourceOf = new Map<string, string>();
  for (const ind of v) if (isObj(ind) && typeof ind.id === 'string' && typeof ind.source === 'string') sourceOf.set(ind.id, ind.source.split('.')[0]);
  v.forEach((ind, i) => {
    if (!isObj(ind) || typeof ind.id !== 'string') return;
    const seen = new Set<string>([ind.id]);
    let cur = sourceOf.get(ind.id);
    while (cur !== undefined && ctx.ids.has(cur)) {
      if (seen.has(cur)) {
        c.add(`/indicators/${i}/source`, 'cycle', `indicator "${ind.id}" depends on itself through its sources (${[...seen, cur].join(' -> ')})`);
        break;
      }
      seen.add(cur);
      cur = sourceOf.get(cur);
    }
  });
}

/** A series reference must name a price source, a declared indicator, or `id.output` with a real output. */
function checkRef(ctx: Ctx, ref: string, path: string): void {
  const [id, output] = ref.split('.');
  if (output === undefined && PRICE.has(id)) return;
  if (!ctx.ids.has(id)) {
    const ids = [...ctx.ids.keys()];
    ctx.c.add(path, 'unknown-reference', `"${ref}" is neither a price source (${PRICE_SOURCES.join(', ')}) nor a declared indicator${ids.length ? ` (${ids.join(', ')})` : ''}`);
    return;
  }
  const info = ctx.ids.get(id);
  if (output !== undefined && info && !info.outputs.includes(output)) {
    ctx.c.add(path, 'unknown-output', `${info.type} "${id}" has no output "${output}"; outputs: ${info.outputs.join(', ')}`);
  }
}

const MAX_DEPTH = 16;

function checkCondition(ctx: Ctx, v: unknown, path: string, depth: number): void {
  const { c } = ctx;
  if (!isObj(v)) {
    c.add(path, 'type', `a condition must be an object like {"op": "crossesAbove", "left": "fast", "right": "slow"}, got ${typeName(v)}`);
    return;
  }
  const op = c.tag(v, 'op', path, 'a condition', [...COMPARISON_OPS, 'all', 'any']);
  if (op === undefined) return;
  if (op === 'all' || op === 'any') {
    if (!c.object(v, path, `condition "${op}"`, ['op', 'conditions'], [])) return;
    if (depth >= MAX_DEPTH) {
      c.add(path, 'range', `conditions nest more than ${MAX_DEPTH} levels deep`);
      return;
    }
    const list = v.conditions;
    if (list === undefined) return;
    if (!Array.isArray(list)) c.add(`${path}/conditions`, 'type', `"${op}" needs an array of conditions, got ${typeName(list)}`);
    else if (list.length === 0) c.add(`${path}/conditions`, 'range', `"${op}" needs at least one condition`);
    else list.forEach((x, i) => checkCondition(ctx, x, `${path}/conditions/${i}`, depth + 1));
    return;
  }
  if (!c.object(v, path, `condition "${op}"`, ['op', 'left', 'right'], [])) return;
  for (const side of ['left', 'right'] as const) {
    const x = v[side];
    if (x === undefined) continue;
    const p = `${path}/${side}`;
    if (typeof x === 'number') c.number(x, p, side);
    else if (c.string(x, p, side, { pattern: REF_RE, hint: 'a number, a price source (close...), an indicator id or id.output' })) checkRef(ctx, x, p);
  }
  if (typeof v.left === 'number' && typeof v.right === 'number') {
    c.add(path, 'invalid', `condition "${op}" compares two constants (${v.left} and ${v.right}); one side must be a series`);
  }
}

function checkDistance(c: Collector, v: unknown, path: string, what: string): void {
  if (!isObj(v)) {
    c.add(path, 'type', `${what} must be an object like {"type": "percent", "value": 2}, got ${typeName(v)}`);
    return;
  }
  const t = c.tag(v, 'type', path, what, ['percent', 'atr', 'ticks'] as const);
  if (t === 'percent') {
    if (c.object(v, path, `${what} (percent)`, ['type', 'value'], []) && v.value !== undefined) c.number(v.value, `${path}/value`, `${what} percent`, { exclusiveMin: 0, max: 1000 });
  } else if (t === 'atr') {
    if (!c.object(v, path, `${what} (atr)`, ['type', 'multiple'], ['period'])) return;
    if (v.multiple !== undefined) c.number(v.multiple, `${path}/multiple`, `${what} ATR multiple`, { exclusiveMin: 0, max: 1000 });
    if (v.period !== undefined) c.number(v.period, `${path}/period`, `${what} ATR period`, { min: 1, max: 1000, integer: true });
  } else if (t === 'ticks') {
    if (c.object(v, path, `${what} (ticks)`, ['type', 'ticks'], []) && v.ticks !== undefined) c.number(v.ticks, `${path}/ticks`, `${what} ticks`, { min: 1, integer: true });
  }
}

function checkSizing(c: Collector, v: unknown): void {
  const path = '/sizing';
  if (!isObj(v)) {
    c.add(path, 'type', `sizing must be an object like {"type": "percentEquity", "percent": 100}, got ${typeName(v)}`);
    return;
  }
  const t = c.tag(v, 'type', path, 'sizing', ['fixedQuantity', 'fixedNotional', 'percentEquity', 'riskPerTrade'] as const);
  if (t === undefined) return;
  const field = { fixedQuantity: 'quantity', fixedNotional: 'notional', percentEquity: 'percent', riskPerTrade: 'riskPercent' }[t];
  if (!c.object(v, path, `sizing "${t}"`, ['type', field], [])) return;
  if (v[field] === undefined) return;
  const max = t === 'percentEquity' ? 1000 : t === 'riskPerTrade' ? 100 : undefined;
  c.number(v[field], `${path}/${field}`, `sizing ${field}`, { exclusiveMin: 0, max });
}

function checkEntryOrder(c: Collector, v: unknown): void {
  const path = '/entryOrder';
  if (!isObj(v)) {
    c.add(path, 'type', `entryOrder must be an object like {"type": "market"}, got ${typeName(v)}`);
    return;
  }
  const t = c.tag(v, 'type', path, 'entryOrder', ['market', 'limit'] as const);
  if (t === 'market') c.object(v, path, 'entryOrder "market"', ['type'], []);
  else if (t === 'limit') {
    if (!c.object(v, path, 'entryOrder "limit"', ['type', 'offset'], ['expireBars'])) return;
    if (v.offset !== undefined) checkDistance(c, v.offset, `${path}/offset`, 'limit offset');
    if (v.expireBars !== undefined) c.number(v.expireBars, `${path}/expireBars`, 'expireBars', { min: 1, max: 10000, integer: true });
  }
}

/** Parses JSON text and validates it; a syntax error becomes one error at the root path. */
export function parseSpec(text: string, catalog?: IndicatorCatalog): ValidationResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '', code: 'invalid', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return validateSpec(v, catalog);
}

/** "path: message" lines, for the CLI and logs. */
export function formatSpecErrors(errors: readonly SpecError[]): string {
  return errors.map((e) => `  ${e.path === '' ? '(root)' : e.path}: ${e.message}`).join('\n');
}
