import { defaultIndicatorProvider } from '../../shared/strategy/compile-indicators.ts';
import { PRICE_SOURCES, type Condition, type Distance, type IndicatorSpec, type Sizing, type StrategySpec } from '../../shared/strategy/spec.ts';
import { parseSpec, validateSpec, type SpecError } from '../../shared/strategy/spec-validate.ts';
import smaCrossover from '../../docs/examples/sma-crossover.json';
import rsiMeanReversion from '../../docs/examples/rsi-mean-reversion.json';
import emaCrossAtr from '../../docs/examples/ema-cross-atr-trailing.json';
import macdLimit from '../../docs/examples/macd-limit-entry.json';

// The Strategy Lab's working copy of a StrategySpec. The form edits `spec` in place; validation is derived from
// it with the shared validator (the same one the gateway and the compiler use), so every message the form shows
// next to a field is the validator's own, keyed by its JSON Pointer.

export const EXAMPLES: { id: string; label: string; spec: StrategySpec }[] = [
  { id: 'sma-crossover', label: 'SMA 50/200 crossover', spec: smaCrossover as StrategySpec },
  { id: 'rsi-mean-reversion', label: 'RSI(2) mean reversion', spec: rsiMeanReversion as StrategySpec },
  { id: 'ema-cross-atr', label: 'EMA cross, ATR trailing stop', spec: emaCrossAtr as StrategySpec },
  { id: 'macd-limit', label: 'MACD cross, limit entry', spec: macdLimit as StrategySpec },
];

export function newSpec(): StrategySpec {
  return structuredClone(EXAMPLES[0].spec);
}

export const SIZING_DEFAULTS: Record<Sizing['type'], Sizing> = {
  percentEquity: { type: 'percentEquity', percent: 95 },
  fixedQuantity: { type: 'fixedQuantity', quantity: 1 },
  fixedNotional: { type: 'fixedNotional', notional: 10_000 },
  riskPerTrade: { type: 'riskPerTrade', riskPercent: 1 },
};

export const DISTANCE_DEFAULTS: Record<Distance['type'], Distance> = {
  percent: { type: 'percent', value: 2 },
  atr: { type: 'atr', multiple: 2, period: 14 },
  ticks: { type: 'ticks', ticks: 10 },
};

/** Errors at exactly `path`, or (with `deep`) at it and below it. */
export function errorsAt(errors: readonly SpecError[], path: string, deep = false): SpecError[] {
  return errors.filter((e) => e.path === path || (deep && e.path.startsWith(`${path}/`)));
}

/** Series a condition can read: price sources, each indicator id and, for multi-output ones, `id.output`. */
export function seriesChoices(spec: StrategySpec): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = PRICE_SOURCES.map((p) => ({ value: p, label: p }));
  for (const ind of spec.indicators) {
    const info = defaultIndicatorProvider.get(ind.type);
    if (!info || info.outputs.length <= 1) out.push({ value: ind.id, label: `${ind.id} (${ind.type.toUpperCase()})` });
    else for (const o of info.outputs) out.push({ value: `${ind.id}.${o}`, label: `${ind.id}.${o}` });
  }
  return out;
}

/** A fresh indicator id not used yet: ema1, ema2, ... */
export function freshIndicatorId(spec: StrategySpec, type: string): string {
  const base = type.toLowerCase().replace(/[^a-z0-9_]/g, '') || 'ind';
  const used = new Set(spec.indicators.map((i) => i.id));
  for (let n = 1; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

export function defaultParams(type: string): Record<string, number> {
  const info = defaultIndicatorProvider.get(type);
  return Object.fromEntries((info?.params ?? []).map((p) => [p.name, p.default ?? 1]));
}

export class StrategyDraft {
  spec = $state<StrategySpec>(newSpec());
  /** Id in the browser's store once saved. */
  savedId = $state<string | null>(null);

  validation = $derived(validateSpec($state.snapshot(this.spec), defaultIndicatorProvider));
  errors = $derived<SpecError[]>(this.validation.ok ? [] : this.validation.errors);
  json = $derived(JSON.stringify(this.spec, null, 2));
  series = $derived(seriesChoices(this.spec));

  /** Replace the whole spec (an example, a saved strategy, a share link, or edited JSON). */
  load(spec: StrategySpec, savedId: string | null = null): void {
    this.spec = structuredClone(spec);
    this.savedId = savedId;
  }

  /** Apply JSON typed by the user: only a document that passes validation replaces the form. */
  applyJson(text: string): SpecError[] {
    const r = parseSpec(text, defaultIndicatorProvider);
    if (!r.ok) return r.errors;
    this.spec = r.spec;
    return [];
  }

  addIndicator(type = 'SMA'): void {
    const ind: IndicatorSpec = { id: freshIndicatorId(this.spec, type), type, params: defaultParams(type) };
    this.spec.indicators.push(ind);
  }

  removeIndicator(i: number): void {
    this.spec.indicators.splice(i, 1);
  }

  /** A new type brings its own parameters (with defaults); a `source` stays only where the type reads one series. */
  setIndicatorType(i: number, type: string): void {
    const ind = this.spec.indicators[i];
    ind.type = type;
    ind.params = defaultParams(type);
    if (defaultIndicatorProvider.get(type)?.input !== 'series') delete ind.source;
  }

  setSide(side: 'long' | 'short', on: boolean): void {
    if (!on) {
      delete this.spec[side];
      return;
    }
    const [a, b] = this.spec.indicators.map((i) => i.id);
    const left = a ?? 'close';
    const right = b ?? 'close';
    this.spec[side] =
      side === 'long'
        ? { entry: { op: 'crossesAbove', left, right }, exit: { op: 'crossesBelow', left, right } }
        : { entry: { op: 'crossesBelow', left, right }, exit: { op: 'crossesAbove', left, right } };
  }

  setExit(side: 'long' | 'short', on: boolean): void {
    const rules = this.spec[side];
    if (!rules) return;
    if (!on) delete rules.exit;
    else rules.exit = structuredClone($state.snapshot(rules.entry)) as Condition;
  }

  setSizing(type: Sizing['type']): void {
    this.spec.sizing = { ...SIZING_DEFAULTS[type] };
  }

  setDistance(key: 'stopLoss' | 'takeProfit' | 'trailingStop', type: Distance['type'] | 'none'): void {
    if (type === 'none') delete this.spec[key];
    else this.spec[key] = { ...DISTANCE_DEFAULTS[type] };
  }
}
