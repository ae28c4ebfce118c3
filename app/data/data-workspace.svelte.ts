/**
 * State of the Data view: a dropped file, its detected layout and column mapping, the parsed preview, the quality
 * report with the user's policies, and what the gateway catalog and the local bar cache hold.
 * Parsing and checks run in the browser (shared/data), so nothing leaves the machine until the user saves.
 */
import { detectCsvLayout, parseCsv, type CsvLayout, type ParsedData } from '../../shared/data/csv/index.ts';
import { parseJson } from '../../shared/data/json-import.ts';
import { parseParquet } from '../../shared/data/parquet-import.ts';
import { detectFormat, parseFile, type FileFormat } from '../../shared/data/import.ts';
import { calendarFor } from '../../shared/data/calendar/sessions.ts';
import { formatIssue, type DataIssue } from '../../shared/data/errors.ts';
import type { Role } from '../../shared/data/column-roles.ts';
import { runQuality, CHECKS, type CheckId, type Policy, type QualityReport } from '../../shared/data/quality/index.ts';
import type { BarColumns, Columns } from '../../shared/data/columns.ts';
import { BarCache, BarCacheQuotaError, type CacheStats } from './bar-cache.ts';
import { CatalogClient, CatalogRequestError, type SeriesInfo } from './catalog-client.ts';

export const MAX_FILE_BYTES = 200 * 1024 * 1024;
const TF: [number, string][] = [[604_800_000, 'w'], [86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1000, 's']];

export function timeframeOf(ms: number): string {
  for (const [u, s] of TF) if (ms >= u && ms % u === 0) return `${ms / u}${s}`;
  return '';
}

export type Message = { kind: 'ok' | 'error' | 'warn'; text: string };

export class DataWorkspace {
  fileName = $state<string | null>(null);
  format = $state<FileFormat | null>(null);
  layout = $state.raw<CsvLayout | null>(null);
  /** Role -> column index (CSV). */
  mapping = $state<Partial<Record<Role, number>>>({});
  timeZone = $state('UTC');
  instrument = $state('');
  timeframe = $state('');
  parsed = $state.raw<ParsedData | null>(null);
  issues = $state.raw<DataIssue[]>([]);
  issueCount = $state(0);
  report = $state.raw<QualityReport | null>(null);
  cleaned = $state.raw<Columns | null>(null);
  policies = $state<Partial<Record<CheckId, Policy>>>({});
  message = $state<Message | null>(null);
  busy = $state(false);
  catalog = $state.raw<SeriesInfo[]>([]);
  catalogError = $state<string | null>(null);
  cacheStats = $state.raw<CacheStats | null>(null);

  private text: string | null = null;
  private bytes: Uint8Array | null = null;

  constructor(
    private readonly client: CatalogClient = new CatalogClient(),
    private readonly cache: BarCache | null = null,
  ) {}

  /** Rows of the preview table: the first 10 data rows as the file has them (CSV) or as parsed (JSON/Parquet). */
  get previewRows(): string[][] {
    if (this.layout) return this.layout.preview;
    const p = this.parsed;
    if (!p) return [];
    const keys = Object.keys(p.columns);
    return Array.from({ length: Math.min(10, p.rows) }, (_, i) => keys.map((k) => String(p.columns[k][i])));
  }

  get headers(): string[] {
    return this.layout?.headers ?? (this.parsed ? Object.keys(this.parsed.columns) : []);
  }

  get issueLines(): string[] {
    return this.issues.slice(0, 20).map(formatIssue);
  }

  async loadFile(name: string, bytes: Uint8Array): Promise<void> {
    this.reset();
    if (bytes.length > MAX_FILE_BYTES) {
      this.message = { kind: 'error', text: `${name} is ${(bytes.length / 1e6).toFixed(0)} MB; the browser import takes up to ${MAX_FILE_BYTES / 1e6} MB. Use \`aio import\` on the gateway for larger files.` };
      return;
    }
    this.fileName = name;
    this.bytes = bytes;
    this.format = detectFormat(name, bytes);
    if (!this.instrument) this.instrument = guessInstrument(name);
    try {
      if (this.format === 'csv') {
        this.text = new TextDecoder().decode(bytes);
        this.layout = detectCsvLayout(this.text, { file: name, timeZone: this.timeZone, lenient: true });
        this.mapping = { ...this.layout.map };
      }
      await this.reparse();
    } catch (e) {
      this.message = { kind: 'error', text: String((e as Error).message ?? e) };
    }
  }

  /** Assigns `role` to column `col` (or clears the column with role null), then re-parses. */
  async setRole(col: number, role: Role | null): Promise<void> {
    const m: Partial<Record<Role, number>> = {};
    for (const [r, c] of Object.entries(this.mapping) as [Role, number][]) if (c !== col && r !== role) m[r] = c;
    if (role) m[role] = col;
    this.mapping = m;
    await this.reparse();
  }

  roleOf(col: number): Role | '' {
    return ((Object.entries(this.mapping) as [Role, number][]).find(([, c]) => c === col)?.[0] ?? '') as Role | '';
  }

  async setPolicy(id: CheckId, p: Policy): Promise<void> {
    this.policies = { ...this.policies, [id]: p };
    this.check();
  }

  async reparse(): Promise<void> {
    const name = this.fileName ?? 'file';
    this.message = null;
    try {
      if (this.format === 'csv' && this.text !== null) {
        const layout = detectCsvLayout(this.text, { file: name, timeZone: this.timeZone, mapping: this.mapping, delimiter: this.layout?.delimiter, hasHeader: this.layout?.hasHeader, lenient: true, exactMapping: true });
        this.layout = layout;
        this.parsed = layout.unresolved ? null : parseCsv(this.text, { file: name }, layout);
        if (layout.unresolved) {
          this.report = null;
          this.issues = [];
          this.issueCount = 0;
          this.message = { kind: 'warn', text: `${layout.unresolved.replace(/ Map them explicitly, e\.g\..*$/, '')} Pick each column's role in the table.` };
          return;
        }
      } else if (this.format === 'json' && this.bytes) this.parsed = parseJson(new TextDecoder().decode(this.bytes), { file: name, timeZone: this.timeZone });
      else if (this.format === 'parquet' && this.bytes) this.parsed = await parseParquet(this.bytes, { file: name, timeZone: this.timeZone });
      else if (this.format === 'bi5' && this.bytes) this.parsed = await parseFile(name, this.bytes);
    } catch (e) {
      this.parsed = null;
      this.report = null;
      this.message = { kind: 'error', text: String((e as Error).message ?? e) };
      return;
    }
    this.issues = this.parsed?.issues ?? [];
    this.issueCount = this.parsed?.issueCount ?? 0;
    this.check();
  }

  /** Runs the quality checks with the chosen policies on the parsed rows (not when rows are malformed). */
  check(): void {
    const p = this.parsed;
    if (!p || this.issueCount > 0 || p.rows === 0) {
      this.report = null;
      this.cleaned = null;
      return;
    }
    try {
      const q = runQuality(p.kind, p.columns, { dataset: this.fileName ?? 'file', calendar: calendarFor(this.instrument), policies: this.policies });
      this.report = q.report;
      this.cleaned = q.columns;
      if (!this.timeframe && p.kind === 'bars') this.timeframe = timeframeOf(q.report.timeframeMs);
    } catch (e) {
      this.message = { kind: 'error', text: String((e as Error).message ?? e) };
    }
  }

  get canSave(): boolean {
    return !!this.report && !this.report.rejected && !!this.cleaned && /^[^\s.]+\.[A-Za-z0-9_-]+$/.test(this.instrument) && (this.parsed?.kind !== 'bars' || /^[1-9]\d*[smhdw]$/.test(this.timeframe));
  }

  async saveToGateway(): Promise<void> {
    if (!this.canSave || !this.parsed) return;
    this.busy = true;
    try {
      const r = await this.client.append({ instrument: this.instrument, kind: this.parsed.kind, timeframe: this.parsed.kind === 'bars' ? this.timeframe : undefined, policies: this.policies as Record<string, string>, columns: this.parsed.columns });
      this.message = { kind: 'ok', text: `Saved to the gateway catalog: ${r.appended} rows of ${r.instrument}${r.timeframe ? ` ${r.timeframe}` : ''}.` };
      await this.refreshCatalog();
    } catch (e) {
      const err = e as CatalogRequestError;
      this.message = { kind: 'error', text: `Nothing was saved: ${err.message}` };
    } finally {
      this.busy = false;
    }
  }

  async cacheLocally(): Promise<void> {
    if (!this.cache || !this.cleaned || this.parsed?.kind !== 'bars') return;
    this.busy = true;
    try {
      await this.cache.put({ instrument: this.instrument, timeframe: this.timeframe }, this.cleaned as unknown as BarColumns);
      this.message = { kind: 'ok', text: `Cached ${this.cleaned.time.length} bars of ${this.instrument} ${this.timeframe} in this browser.` };
      await this.refreshCache();
    } catch (e) {
      this.message = { kind: e instanceof BarCacheQuotaError ? 'warn' : 'error', text: (e as Error).message };
    } finally {
      this.busy = false;
    }
  }

  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.client.series();
      this.catalogError = null;
    } catch (e) {
      this.catalogError = (e as Error).message;
    }
  }

  async refreshCache(): Promise<void> {
    if (!this.cache) return;
    try {
      this.cacheStats = await this.cache.stats();
    } catch (e) {
      this.cacheStats = null;
      this.message = { kind: 'error', text: `The local cache (IndexedDB) is not available: ${String(e)}` };
    }
  }

  async clearCache(series?: string): Promise<void> {
    if (!this.cache) return;
    if (series) {
      const [instrument, timeframe] = series.split('|');
      await this.cache.clear({ instrument, timeframe });
    } else await this.cache.clear();
    await this.refreshCache();
  }

  reset(): void {
    this.fileName = null;
    this.format = null;
    this.layout = null;
    this.mapping = {};
    this.parsed = null;
    this.issues = [];
    this.issueCount = 0;
    this.report = null;
    this.cleaned = null;
    this.timeframe = '';
    this.message = null;
    this.text = null;
    this.bytes = null;
  }
}

/** 'BTCUSDT-1m.csv' -> 'BTCUSDT.IMPORT': a starting point the user edits. */
export function guessInstrument(name: string): string {
  const base = name.replace(/\.[^.]+$/, '').split(/[-_ .]/)[0].toUpperCase().replace(/[^A-Z0-9]/g, '');
  return base ? `${base}.IMPORT` : '';
}

export const POLICY_CHOICES = CHECKS;
