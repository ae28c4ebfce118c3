/**
 * The spec's rules evaluated bar by bar for ONE instrument: indicators updated in dependency order, then the four
 * signals (long entry/exit, short entry/exit). Pure and engine-free, so the kernel Strategy (compile.ts), the GPU
 * sweep's CPU twin and the Pine parity tests all share one definition of "the condition held on this bar".
 *
 * Semantics (docs/strategy-spec.md, "Evaluation"):
 * - A series value at bar t is the price field of bar t, or the indicator's value after it consumed bar t
 *   (undefined during warm-up). A constant is the same at every bar.
 * - above:  L[t] > R[t];  below: L[t] < R[t].
 * - crossesAbove: L[t-1] <= R[t-1] and L[t] > R[t];  crossesBelow: L[t-1] >= R[t-1] and L[t] < R[t].
 *   t-1 is the previous bar of the same instrument. Any operand undefined at a bar it needs makes the comparison
 *   false — so the first possible cross is on the second bar on which both sides are defined.
 * - all: every child true; any: at least one child true (children are all evaluated; there are no side effects).
 */
import type { BarLike, Outputs } from '../indicators/types.ts';
import type { Condition, IndicatorSpec, StrategySpec } from './spec.ts';
import type { AnyIndicator, IndicatorProvider } from './compile-indicators.ts';

export interface Signals {
  longEntry: boolean;
  longExit: boolean;
  shortEntry: boolean;
  shortExit: boolean;
}

/** Price of a bar by source name. */
export function priceOf(bar: BarLike, source: string): number {
  switch (source) {
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'close':
      return bar.close;
    case 'volume':
      return bar.volume;
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
    case 'ohlc4':
      return (bar.open + bar.high + bar.low + bar.close) / 4;
    default:
      return NaN;
  }
}

const PRICE = new Set(['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4']);

interface Node {
  spec: IndicatorSpec;
  ind: AnyIndicator;
  /** The source: a price name, or the slot of an upstream indicator's output. */
  source: string;
  upstream: Node | undefined;
  upstreamOutput: string | undefined;
  series: boolean;
  defaultOutput: string;
  multi: boolean;
}

/** Compiled condition: evaluated against the current and previous values of the referenced series. */
type Eval = () => boolean;

export class SpecSignals {
  private readonly nodes: Node[] = [];
  private readonly byId = new Map<string, Node>();
  /** Series refs read by conditions; values at t (cur) and t-1 (prev). */
  private readonly refs: string[] = [];
  private readonly refIndex = new Map<string, number>();
  private cur: Float64Array;
  private prev: Float64Array;
  private readonly longEntry: Eval | undefined;
  private readonly longExit: Eval | undefined;
  private readonly shortEntry: Eval | undefined;
  private readonly shortExit: Eval | undefined;
  private readonly atrs = new Map<number, AnyIndicator>();
  private lastBar: BarLike | undefined;
  /** One reader per ref, resolved once (no string parsing per bar). NaN = undefined. */
  private readonly readers: ((bar: BarLike) => number)[];
  barCount = 0;

  /** `spec` must have passed validateSpec with the same provider. */
  constructor(readonly spec: StrategySpec, provider: IndicatorProvider) {
    for (const s of spec.indicators) {
      const info = provider.get(s.type);
      if (!info) throw new Error(`indicator "${s.id}": unknown type "${s.type}"`);
      const ind = provider.create(info.type, s.params ?? {});
      const node: Node = {
        spec: s,
        ind,
        source: s.source ?? 'close',
        upstream: undefined,
        upstreamOutput: undefined,
        series: info.input === 'series',
        defaultOutput: info.outputs[0],
        multi: info.outputs.length > 1,
      };
      this.byId.set(s.id, node);
    }
    for (const n of this.byId.values()) {
      const [id, out] = n.source.split('.');
      if (!PRICE.has(n.source)) {
        n.upstream = this.byId.get(id);
        n.upstreamOutput = out;
      }
    }
    // Dependency order: an indicator after the indicator it reads (validation rules out cycles).
    const done = new Set<Node>();
    const visit = (n: Node): void => {
      if (done.has(n)) return;
      if (n.upstream) visit(n.upstream);
      done.add(n);
      this.nodes.push(n);
    };
    for (const s of spec.indicators) visit(this.byId.get(s.id) as Node);

    const compile = (c: Condition | undefined): Eval | undefined => (c === undefined ? undefined : this.compileCondition(c));
    this.longEntry = compile(spec.long?.entry);
    this.longExit = compile(spec.long?.exit);
    this.shortEntry = compile(spec.short?.entry);
    this.shortExit = compile(spec.short?.exit);
    this.cur = new Float64Array(this.refs.length).fill(NaN);
    this.prev = new Float64Array(this.refs.length).fill(NaN);
    this.readers = this.refs.map((r) => this.reader(r));

    // ATR instances for ATR-based distances (stops, targets, limit offsets), keyed by period.
    for (const d of [spec.stopLoss, spec.takeProfit, spec.trailingStop, spec.entryOrder?.type === 'limit' ? spec.entryOrder.offset : undefined]) {
      if (d?.type === 'atr') {
        const p = d.period ?? 14;
        if (!this.atrs.has(p)) this.atrs.set(p, provider.create('ATR', { period: p }));
      }
    }
  }

  private slot(ref: string): number {
    let i = this.refIndex.get(ref);
    if (i === undefined) {
      i = this.refs.length;
      this.refs.push(ref);
      this.refIndex.set(ref, i);
    }
    return i;
  }

  private compileCondition(c: Condition): Eval {
    if ('conditions' in c) {
      const kids = c.conditions.map((k) => this.compileCondition(k));
      return c.op === 'all'
        ? () => {
            let r = true;
            for (const k of kids) r = k() && r;
            return r;
          }
        : () => {
            let r = false;
            for (const k of kids) r = k() || r;
            return r;
          };
    }
    // Operands: a constant (slot -1) or a series slot. NaN marks "undefined" (warm-up); every comparison with NaN is false.
    const operand = (o: number | string): ((vals: Float64Array) => number) => {
      if (typeof o === 'number') return () => o;
      const i = this.slot(o);
      return (vals) => vals[i];
    };
    const L = operand(c.left);
    const R = operand(c.right);
    switch (c.op) {
      case 'above':
        return () => L(this.cur) > R(this.cur);
      case 'below':
        return () => L(this.cur) < R(this.cur);
      case 'crossesAbove':
        return () => L(this.prev) <= R(this.prev) && L(this.cur) > R(this.cur);
      case 'crossesBelow':
        return () => L(this.prev) >= R(this.prev) && L(this.cur) < R(this.cur);
    }
  }

  private reader(ref: string): (bar: BarLike) => number {
    const [id, out] = ref.split('.');
    if (out === undefined && PRICE.has(id)) return (bar) => priceOf(bar, id);
    const n = this.byId.get(id);
    if (n === undefined) return () => NaN;
    return () => read(n, out) ?? NaN;
  }

  /** The current value of a series ref (price, id or id.output) after the last bar; undefined in warm-up. */
  value(ref: string): number | undefined {
    const [id, out] = ref.split('.');
    if (out === undefined && PRICE.has(id)) return this.lastBar ? priceOf(this.lastBar, id) : undefined;
    const n = this.byId.get(id);
    return n ? read(n, out) : undefined;
  }

  /** ATR(period) after the last bar (only periods used by the spec's distances). */
  atr(period: number): number | undefined {
    const v = this.atrs.get(period)?.value;
    return typeof v === 'number' ? v : undefined;
  }

  /** Consumes one bar; returns the signals on its close. */
  update(bar: BarLike): Signals {
    this.lastBar = bar;
    this.barCount++;
    for (const n of this.nodes) {
      if (!n.series || n.source === 'close') n.ind.update(bar);
      else if (!n.upstream) n.ind.update(withClose(bar, priceOf(bar, n.source)));
      else {
        // A chained indicator consumes its upstream only on bars where the upstream has a value.
        const x = read(n.upstream, n.upstreamOutput);
        if (x !== undefined) n.ind.update(withClose(bar, x));
      }
    }
    for (const a of this.atrs.values()) a.update(bar);
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    const rd = this.readers;
    for (let i = 0; i < rd.length; i++) this.cur[i] = rd[i](bar);
    return {
      longEntry: this.longEntry?.() ?? false,
      longExit: this.longExit?.() ?? false,
      shortEntry: this.shortEntry?.() ?? false,
      shortExit: this.shortExit?.() ?? false,
    };
  }

  reset(): void {
    for (const n of this.nodes) n.ind.reset();
    for (const a of this.atrs.values()) a.reset();
    this.cur.fill(NaN);
    this.prev.fill(NaN);
    this.lastBar = undefined;
    this.barCount = 0;
  }
}

/** Single-input indicators read `close`: feeding another series means a bar whose close is that series' value. */
function withClose(bar: BarLike, x: number): BarLike {
  return { open: bar.open, high: bar.high, low: bar.low, close: x, volume: bar.volume, time: bar.time };
}

function read(n: Node, output: string | undefined): number | undefined {
  const v = n.ind.value;
  if (v === undefined) return undefined;
  if (typeof v === 'number') return output === undefined || output === n.defaultOutput ? v : undefined;
  const x = (v as Outputs)[output ?? n.defaultOutput];
  return x === undefined || x !== x ? undefined : x;
}

export interface SignalColumns {
  longEntry: Uint8Array;
  longExit: Uint8Array;
  shortEntry: Uint8Array;
  shortExit: Uint8Array;
}

/**
 * The four signals for every bar of one instrument as 0/1 columns — the reference the GPU sweep's signal kernel and
 * the Pine export's parity tests compare against (trades then follow docs/strategy-spec.md's action rules).
 */
export function signalColumns(spec: StrategySpec, provider: IndicatorProvider, bars: readonly BarLike[]): SignalColumns {
  const n = bars.length;
  const out: SignalColumns = { longEntry: new Uint8Array(n), longExit: new Uint8Array(n), shortEntry: new Uint8Array(n), shortExit: new Uint8Array(n) };
  const sig = new SpecSignals(spec, provider);
  for (let i = 0; i < n; i++) {
    const s = sig.update(bars[i]);
    out.longEntry[i] = s.longEntry ? 1 : 0;
    out.longExit[i] = s.longExit ? 1 : 0;
    out.shortEntry[i] = s.shortEntry ? 1 : 0;
    out.shortExit[i] = s.shortExit ? 1 : 0;
  }
  return out;
}
