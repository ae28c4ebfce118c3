import { api } from '../api/client.ts';
import type { InstrumentInfo } from '../api/types.ts';
import { defaultIndicatorProvider } from '../../shared/strategy/compile-indicators.ts';
import type { SpecError } from '../../shared/strategy/spec-validate.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import type { StoredStrategy, WorkspaceStore } from '../storage/index.ts';
import { decodeShare, shareUrl, type SharedDataset } from './share-link.ts';
import { StrategyDraft } from './strategy-draft.svelte.ts';

/** The Strategy Lab page: the draft, the instrument list, saved strategies, share links and messages. */
export class LabState {
  draft = new StrategyDraft();
  instruments = $state.raw<InstrumentInfo[]>([]);
  saved = $state.raw<StoredStrategy[]>([]);
  message = $state<{ kind: 'ok' | 'error'; text: string; details?: SpecError[] } | null>(null);
  shareLink = $state<string | null>(null);
  /** Dataset named by an opened share link; the backtest runs on it. */
  sharedDataset = $state<SharedDataset | null>(null);
  /** Last share payload applied, so re-rendering the same URL does not reload it over the user's edits. */
  #appliedShare = '';

  constructor(private readonly store: WorkspaceStore) {}

  async init(): Promise<void> {
    try {
      this.instruments = (await api.instruments()).instruments;
    } catch {
      // the form still works; the instrument field then accepts what the spec says
    }
    await this.refreshSaved();
  }

  async refreshSaved(): Promise<void> {
    try {
      this.saved = await this.store.listStrategies();
    } catch {
      this.saved = [];
    }
  }

  /** Opens a `#/lab?s=...` link: a valid one replaces the draft; anything else leaves it and explains why. */
  openShare(text: string): boolean {
    if (text === this.#appliedShare) return false;
    this.#appliedShare = text;
    const r = decodeShare(text, defaultIndicatorProvider);
    if (!r.ok) {
      this.message = { kind: 'error', text: r.error, details: r.specErrors };
      return false;
    }
    this.draft.load(r.payload.spec);
    this.sharedDataset = r.payload.dataset ?? null;
    this.message = { kind: 'ok', text: `Opened the shared strategy "${r.payload.spec.name}".` };
    return true;
  }

  makeShareLink(origin: string, dataset?: SharedDataset): string | null {
    if (!this.draft.validation.ok) {
      this.message = { kind: 'error', text: 'Fix the problems listed before sharing: a link must hold a valid strategy.' };
      return null;
    }
    const spec = $state.snapshot(this.draft.spec) as StrategySpec;
    const ds = dataset ?? { instrument: spec.instruments[0], timeframe: spec.timeframe };
    this.shareLink = shareUrl(origin, { spec, dataset: ds });
    return this.shareLink;
  }

  async save(now = Date.now()): Promise<void> {
    const spec = $state.snapshot(this.draft.spec) as StrategySpec;
    const id = this.draft.savedId ?? `strat-${crypto.randomUUID()}`;
    const existing = this.saved.find((s) => s.id === id);
    try {
      await this.store.saveStrategy({ id, name: spec.name, spec, createdAt: existing?.createdAt ?? now, updatedAt: now });
      this.draft.savedId = id;
      this.message = { kind: 'ok', text: `Saved "${spec.name}" in this browser.` };
      await this.refreshSaved();
    } catch (err) {
      this.message = { kind: 'error', text: `Could not save: ${String(err)}` };
    }
  }

  open(s: StoredStrategy): void {
    this.draft.load(s.spec as StrategySpec, s.id);
    this.message = { kind: 'ok', text: `Opened "${s.name}".` };
  }

  async remove(id: string): Promise<void> {
    await this.store.deleteStrategy(id);
    if (this.draft.savedId === id) this.draft.savedId = null;
    await this.refreshSaved();
  }
}
