import { ApiError, type ApiClient } from '../api/client.ts';
import type { InstrumentInfo } from '../api/types.ts';
import { columnsToRows, type ChartRows, type ColumnsLike } from '../lib/chart-data.ts';
import { fetchHistory } from '../backtest/fetch-history.ts';
import {
  INDICATOR_COLORS,
  computeIndicator,
  computeOnMainThread,
  rowsToColumns,
  type ActiveIndicator,
  type ComputedIndicator,
  type IndicatorComputer,
} from '../lib/indicator-series.ts';

// The Chart view's state: the instrument list, the open tabs (instrument + timeframe each) and the bars of the
// active tab. Bars are fetched on an explicit action (open, switch tab, pick instrument/timeframe), never from an
// $effect, so a fetch happens exactly once per user action and stale answers are dropped by a sequence number.

export interface ChartTab {
  key: number;
  instrumentId: string;
  timeframe: string;
  indicators: ActiveIndicator[];
}

type SavedTab = { instrumentId: string; timeframe: string; indicators?: ActiveIndicator[] };

export interface LoadedSeries {
  instrument: InstrumentInfo;
  timeframe: string;
  synthetic: boolean;
  rows: ChartRows;
  firstTime: number;
  lastTime: number;
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** What the chart needs of a backtest trade to mark it. */
export interface TradeMark {
  side: 'LONG' | 'SHORT';
  entryTs: number;
  exitTs: number;
  pnl: number;
}

export const DEFAULT_INSTRUMENT = 'SPX.INDEX';
export const MAX_TABS = 8;
const STORAGE_KEY = 'aio.chart.tabs.v1';

export interface TabStore {
  load(): { tabs: SavedTab[]; active: number } | undefined;
  save(v: { tabs: SavedTab[]; active: number }): void;
}

function isActiveIndicator(v: unknown): v is ActiveIndicator {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.uid === 'string' &&
    typeof o.id === 'string' &&
    typeof o.color === 'string' &&
    typeof o.params === 'object' &&
    o.params !== null &&
    Object.values(o.params).every((x) => typeof x === 'number')
  );
}

/** Tabs survive a reload in localStorage; a corrupt entry is ignored rather than breaking the chart. */
export const localTabStore: TabStore = {
  load() {
    try {
      const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      const v = JSON.parse(raw) as { tabs?: unknown; active?: unknown };
      if (!Array.isArray(v.tabs) || typeof v.active !== 'number') return undefined;
      const tabs = v.tabs
        .filter(
          (t): t is SavedTab =>
            typeof t === 'object' && t !== null && typeof t.instrumentId === 'string' && typeof t.timeframe === 'string',
        )
        .map((t) => ({ ...t, indicators: Array.isArray(t.indicators) ? t.indicators.filter(isActiveIndicator) : [] }));
      return { tabs, active: v.active };
    } catch {
      return undefined;
    }
  },
  save(v) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(v));
    } catch {
      // storage full or disabled: tabs are a convenience, not data
    }
  },
};

export const memoryTabStore = (): TabStore => {
  let v: ReturnType<TabStore['load']>;
  return { load: () => v, save: (x) => (v = structuredClone(x)) };
};

export class ChartWorkspace {
  instruments = $state.raw<InstrumentInfo[]>([]);
  instrumentsState = $state<LoadState>('idle');
  instrumentsError = $state<string | null>(null);

  tabs = $state<ChartTab[]>([]);
  activeKey = $state(0);

  series = $state.raw<LoadedSeries | null>(null);
  /** 'recent': what the gateway sends by default (all daily bars; the latest 5 000 intraday ones); 'all': everything. */
  history = $state<'recent' | 'all'>('recent');
  /** While a full history loads: bars so far and expected. */
  historyProgress = $state<{ loaded: number; expected: number } | null>(null);
  barsState = $state<LoadState>('idle');
  barsError = $state<string | null>(null);

  /** Trades of a backtest run to mark on the chart of their instrument. */
  tradeMarks = $state.raw<{ instrumentId: string; trades: readonly TradeMark[] } | null>(null);
  /** A time range the chart should bring into view (a clicked trade); `seq` makes a repeat click count. */
  focus = $state.raw<{ from: number; to: number; seq: number } | null>(null);

  /** The active tab's indicators, computed over its bars. */
  indicators = $state.raw<ComputedIndicator[]>([]);

  activeTab = $derived(this.tabs.find((t) => t.key === this.activeKey));
  activeInstrument = $derived(this.instrumentById(this.activeTab?.instrumentId));

  #nextKey = 1;
  #seq = 0;
  #abort: AbortController | null = null;
  /** Bars already fetched this session, by `instrument|timeframe`: switching back to a tab is instant. */
  #cache = new Map<string, { synthetic: boolean; columns: ColumnsLike }>();
  #indicatorSeq = 0;
  #uid = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly store: TabStore = localTabStore,
    private readonly compute: IndicatorComputer = computeOnMainThread,
  ) {}

  instrumentById(id: string | undefined): InstrumentInfo | undefined {
    return id === undefined ? undefined : this.instruments.find((i) => i.id === id);
  }

  /** Load the instrument list, restore tabs (or open the S&P 500 daily chart) and load the active tab's bars. */
  async init(): Promise<void> {
    this.instrumentsState = 'loading';
    this.instrumentsError = null;
    try {
      const res = await this.api.instruments();
      this.instruments = res.instruments;
      this.instrumentsState = 'ready';
    } catch (err) {
      this.instrumentsState = 'error';
      this.instrumentsError = messageOf(err);
      return;
    }
    if (this.instruments.length === 0) {
      this.instrumentsState = 'error';
      this.instrumentsError = 'The gateway lists no instruments. Check its data folder (data/) and restart it.';
      return;
    }
    this.restoreTabs();
    await this.loadActive();
  }

  private restoreTabs(): void {
    const saved = this.store.load();
    const valid = (saved?.tabs ?? []).filter((t) => hasTimeframe(this.instrumentById(t.instrumentId), t.timeframe));
    if (valid.length > 0) {
      this.tabs = valid.slice(0, MAX_TABS).map((t) => ({
        instrumentId: t.instrumentId,
        timeframe: t.timeframe,
        indicators: t.indicators ?? [],
        key: this.#nextKey++,
      }));
      const idx = Math.min(Math.max(0, saved?.active ?? 0), this.tabs.length - 1);
      this.activeKey = this.tabs[idx].key;
    } else {
      const first = this.defaultInstrument();
      this.tabs = [{ key: this.#nextKey++, instrumentId: first.id, timeframe: defaultTimeframe(first), indicators: [] }];
      this.activeKey = this.tabs[0].key;
    }
  }

  private defaultInstrument(): InstrumentInfo {
    return (
      this.instrumentById(DEFAULT_INSTRUMENT) ?? this.instruments.find((i) => !i.synthetic) ?? this.instruments[0]
    );
  }

  private persist(): void {
    this.store.save({
      tabs: this.tabs.map(({ instrumentId, timeframe, indicators }) => ({
        instrumentId,
        timeframe,
        indicators: indicators.map((i) => ({ ...i, params: { ...i.params } })),
      })),
      active: Math.max(0, this.tabs.findIndex((t) => t.key === this.activeKey)),
    });
  }

  /** Point the active tab at another instrument; keeps the timeframe when the instrument has it. */
  async selectInstrument(id: string): Promise<void> {
    const ins = this.instrumentById(id);
    const tab = this.activeTab;
    if (!ins || !tab) return;
    tab.instrumentId = ins.id;
    if (!hasTimeframe(ins, tab.timeframe)) tab.timeframe = defaultTimeframe(ins);
    this.persist();
    await this.loadActive();
  }

  async selectTimeframe(tf: string): Promise<void> {
    const tab = this.activeTab;
    if (!tab || !hasTimeframe(this.activeInstrument, tf) || tab.timeframe === tf) return;
    tab.timeframe = tf;
    this.persist();
    await this.loadActive();
  }

  /** Step through the active instrument's timeframes (-1 shorter, +1 longer). */
  async stepTimeframe(dir: -1 | 1): Promise<void> {
    const tfs: readonly string[] = this.activeInstrument?.timeframes ?? [];
    const i = tfs.indexOf(this.activeTab?.timeframe ?? '');
    const next = tfs[i + dir];
    if (i !== -1 && next) await this.selectTimeframe(next);
  }

  /** Open a new tab (on the given instrument, or the active tab's) and make it active. */
  async addTab(instrumentId?: string): Promise<void> {
    if (this.tabs.length >= MAX_TABS) return;
    const ins = this.instrumentById(instrumentId ?? this.activeTab?.instrumentId) ?? this.defaultInstrument();
    const tf = ins.id === this.activeTab?.instrumentId ? this.activeTab.timeframe : defaultTimeframe(ins);
    const tab: ChartTab = { key: this.#nextKey++, instrumentId: ins.id, timeframe: tf, indicators: [] };
    this.tabs.push(tab);
    this.activeKey = tab.key;
    this.persist();
    await this.loadActive();
  }

  async closeTab(key: number): Promise<void> {
    if (this.tabs.length <= 1) return;
    const i = this.tabs.findIndex((t) => t.key === key);
    if (i === -1) return;
    const wasActive = key === this.activeKey;
    this.tabs.splice(i, 1);
    if (wasActive) this.activeKey = this.tabs[Math.min(i, this.tabs.length - 1)].key;
    this.persist();
    if (wasActive) await this.loadActive();
  }

  async activate(key: number): Promise<void> {
    if (key === this.activeKey || !this.tabs.some((t) => t.key === key)) return;
    this.activeKey = key;
    this.persist();
    await this.loadActive();
  }

  /** Activate the next (+1) or previous (-1) tab, wrapping around. */
  async cycleTab(dir: -1 | 1): Promise<void> {
    const n = this.tabs.length;
    if (n < 2) return;
    const i = this.tabs.findIndex((t) => t.key === this.activeKey);
    await this.activate(this.tabs[(i + dir + n) % n].key);
  }

  /** Drop the cached bars of the active tab and fetch them again. */
  async reload(): Promise<void> {
    const tab = this.activeTab;
    if (tab) this.#cache.delete(`${tab.instrumentId}|${tab.timeframe}|${this.history}`);
    await this.loadActive();
  }

  /** Chart the whole history the gateway holds (fetched in windows), or just the recent default. */
  async setHistory(h: 'recent' | 'all'): Promise<void> {
    if (this.history === h) return;
    this.history = h;
    await this.loadActive();
  }

  async loadActive(): Promise<void> {
    const tab = this.activeTab;
    const ins = this.activeInstrument;
    if (!tab || !ins) return;
    const seq = ++this.#seq;
    this.#abort?.abort();
    const key = `${tab.instrumentId}|${tab.timeframe}|${this.history}`;
    let res = this.#cache.get(key);
    if (!res) {
      this.barsState = 'loading';
      this.barsError = null;
      const abort = (this.#abort = new AbortController());
      try {
        if (this.history === 'all') {
          res = await fetchHistory(this.api, tab.instrumentId, tab.timeframe, (loaded, expected) => {
            if (seq === this.#seq) this.historyProgress = { loaded, expected };
          });
        } else {
          res = await this.api.bars({ instrument: tab.instrumentId, timeframe: tab.timeframe }, abort.signal);
        }
      } catch (err) {
        if (seq !== this.#seq) return;
        this.barsState = 'error';
        this.barsError = messageOf(err);
        return;
      } finally {
        if (seq === this.#seq) this.historyProgress = null;
      }
      if (seq !== this.#seq) return;
      // Keep at most a few full histories in memory (a million 1m bars are ~50 MB of columns).
      if (this.history === 'all') for (const k of [...this.#cache.keys()].filter((k) => k.endsWith('|all')).slice(0, -2)) this.#cache.delete(k);
      this.#cache.set(key, res);
    }
    const rows = columnsToRows(res.columns);
    if (rows.candles.length === 0) {
      this.series = null;
      this.barsState = 'error';
      this.barsError = `The gateway has no ${tab.timeframe} bars for ${ins.name} (${ins.id}). Pick another timeframe or instrument.`;
      return;
    }
    this.series = {
      instrument: ins,
      timeframe: tab.timeframe,
      synthetic: res.synthetic || ins.synthetic,
      rows,
      firstTime: rows.candles[0].time * 1000,
      lastTime: rows.candles[rows.candles.length - 1].time * 1000,
    };
    this.barsState = 'ready';
    this.barsError = null;
    await this.recomputeIndicators();
  }

  /**
   * Show a backtest trade: the active tab switches to the run's instrument and timeframe (instruments and bars
   * load first when the Chart view has not been opened yet), the run's trades are marked and the chart scrolls.
   */
  async showTrade(instrumentId: string, timeframe: string, trade: TradeMark, all: readonly TradeMark[]): Promise<void> {
    if (this.instrumentsState !== 'ready') await this.init();
    if (!this.instrumentById(instrumentId)) return;
    const tab = this.tabs.find((t) => t.instrumentId === instrumentId && t.timeframe === timeframe);
    if (tab) {
      this.activeKey = tab.key;
      this.persist();
      await this.loadActive();
    } else {
      await this.selectInstrument(instrumentId);
      await this.selectTimeframe(timeframe);
    }
    this.tradeMarks = { instrumentId, trades: all };
    this.focus = { from: trade.entryTs, to: trade.exitTs, seq: (this.focus?.seq ?? 0) + 1 };
  }

  /** Add an indicator to the active tab; params are checked by the registry when it is computed. */
  async addIndicator(id: string, params: Record<string, number>): Promise<void> {
    const tab = this.activeTab;
    if (!tab) return;
    const used = new Set(tab.indicators.map((i) => i.color));
    const color = INDICATOR_COLORS.find((c) => !used.has(c)) ?? INDICATOR_COLORS[tab.indicators.length % INDICATOR_COLORS.length];
    tab.indicators.push({ uid: `ind-${Date.now().toString(36)}-${++this.#uid}`, id, params: { ...params }, color });
    this.persist();
    await this.recomputeIndicators();
  }

  async removeIndicator(uid: string): Promise<void> {
    const tab = this.activeTab;
    if (!tab) return;
    const i = tab.indicators.findIndex((x) => x.uid === uid);
    if (i === -1) return;
    tab.indicators.splice(i, 1);
    this.persist();
    await this.recomputeIndicators();
  }

  private async recomputeIndicators(): Promise<void> {
    const seq = ++this.#indicatorSeq;
    const tab = this.activeTab;
    const series = this.series;
    if (!tab || !series || tab.indicators.length === 0) {
      this.indicators = [];
      return;
    }
    const active = tab.indicators.map((i) => ({ ...i, params: { ...i.params } }));
    const cols = rowsToColumns(series.rows);
    const out = await Promise.all(active.map((ind) => computeIndicator(ind, series.rows, cols, this.compute)));
    if (seq === this.#indicatorSeq) this.indicators = out;
  }
}

export function hasTimeframe(ins: InstrumentInfo | undefined, tf: string): boolean {
  return ins !== undefined && (ins.timeframes as readonly string[]).includes(tf);
}

/** Daily when the instrument has it (the most useful first view), else its longest timeframe. */
export function defaultTimeframe(ins: InstrumentInfo): string {
  if (hasTimeframe(ins, '1d')) return '1d';
  return ins.timeframes[ins.timeframes.length - 1] ?? '1d';
}

function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return `Unexpected error: ${err.message}`;
  return `Unexpected error: ${String(err)}`;
}
