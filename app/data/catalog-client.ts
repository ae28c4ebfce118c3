/** Calls to the gateway's catalog routes (server/catalog/plugin.ts). */
import type { BarColumns, Columns, DataKind } from '../../shared/data/columns.ts';
import type { QualityReport } from '../../shared/data/quality/types.ts';

export interface SeriesInfo {
  instrument: string;
  kind: DataKind;
  timeframe: string;
  rows: number;
  first: number | null;
  last: number | null;
  chunks: number;
}

export interface AppendRequest {
  instrument: string;
  kind: DataKind;
  timeframe?: string;
  overlap?: 'reject' | 'skip' | 'replace';
  policies?: Record<string, string>;
  columns: Columns;
}

export interface AppendResult {
  instrument: string;
  kind: DataKind;
  timeframe: string;
  appended: number;
  skipped: number;
  replaced: number;
  report: QualityReport;
}

export class CatalogRequestError extends Error {
  override name = 'CatalogRequestError';
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export class CatalogClient {
  constructor(
    private readonly fetchFn: FetchFn = (i, init) => fetch(i, init),
    private readonly base = '',
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, init);
    } catch (e) {
      throw new CatalogRequestError(`The gateway is not reachable (${String(e)}). Start it with npm start.`, 'NETWORK');
    }
    const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: unknown } };
    if (!res.ok) throw new CatalogRequestError(body.error?.message ?? `HTTP ${res.status}`, body.error?.code ?? 'HTTP', body.error?.details);
    return body as T;
  }

  async series(): Promise<SeriesInfo[]> {
    return (await this.call<{ series: SeriesInfo[] }>('/api/catalog/series')).series;
  }

  append(req: AppendRequest): Promise<AppendResult> {
    const columns: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(req.columns)) columns[k] = Array.from(v);
    return this.call<AppendResult>('/api/catalog/append', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...req, columns }) });
  }

  async bars(instrument: string, timeframe: string, from?: number, to?: number): Promise<BarColumns> {
    const p = new URLSearchParams({ instrument, timeframe });
    if (from !== undefined) p.set('from', String(from));
    if (to !== undefined) p.set('to', String(to));
    const r = await this.call<{ columns: Record<string, number[]> }>(`/api/catalog/data?${p}`);
    const c = r.columns;
    return { time: Float64Array.from(c.time), open: Float64Array.from(c.open), high: Float64Array.from(c.high), low: Float64Array.from(c.low), close: Float64Array.from(c.close), volume: Float64Array.from(c.volume) };
  }
}
