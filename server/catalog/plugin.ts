/**
 * Catalog routes as a Fastify plugin. Register with:
 *   await app.register(catalogPlugin, { path: join(config.home, 'catalog.sqlite') })   // or { catalog }
 * The SQLite file opens on first use (building the app has no side effects) and closes with the app.
 *
 *   GET  /api/catalog/series                 what is stored
 *   GET  /api/catalog/data?instrument&timeframe|kind&from&to&limit&last   columns of a range
 *   POST /api/catalog/append                 JSON columns (the app's parsed drop) -> quality -> append
 *   POST /api/catalog/import?instrument&name raw file body (CSV, JSON or Parquet) -> parse -> quality -> append
 *   GET  /api/catalog/quality?instrument&timeframe|kind   quality report of stored data
 *   GET  /api/catalog/export?instrument&timeframe|kind&from&to   the range as a Parquet file
 * Every write is all-or-nothing.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { fieldsOf, type Columns, type DataKind } from '../../shared/data/columns.ts';
import { DataFormatError, formatIssue } from '../../shared/data/errors.ts';
import { CsvLayoutError } from '../../shared/data/csv/index.ts';
import { LzmaError } from '../../shared/data/lzma.ts';
import { calendarFor } from '../../shared/data/calendar/sessions.ts';
import { PolicyError, runQuality, type Policy, type CheckId } from '../../shared/data/quality/index.ts';
import { ApiError } from '../errors.ts';
import { CatalogError, DataCatalog, timeframeMs, type SeriesKey } from './catalog.ts';
import { importBytes, QualityRejectedError, timeframeOf } from './import-service.ts';
import { columnsToParquet } from './export.ts';
import { AppendBodySchema, AppendResponseSchema, ColumnsResponseSchema, ImportQuerySchema, RangeQuerySchema, SeriesListSchema, type AppendBody, type AppendResponse, type ColumnsResponse, type ImportQuery, type RangeQuery } from './schemas.ts';

export interface CatalogPluginOptions {
  catalog?: DataCatalog;
  path?: string;
  /** Largest raw import body (default 64 MiB). */
  importLimitBytes?: number;
}

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const MAX_ROWS_JSON = 2_000_000;

function keyOf(q: { instrument: string; timeframe?: string; kind?: DataKind }): SeriesKey {
  const kind = q.kind ?? 'bars';
  if (kind === 'bars' && !q.timeframe) throw new ApiError(400, 'BAD_TIMEFRAME', 'bars need a timeframe, e.g. timeframe=1m');
  return { instrument: q.instrument, kind, timeframe: kind === 'bars' ? q.timeframe! : '' };
}

/** Maps data-layer failures to the gateway's typed errors. */
export function toApiError(e: unknown): unknown {
  if (e instanceof CatalogError) return new ApiError(e.code === 'OVERLAP' ? 409 : e.code === 'NOT_FOUND' ? 404 : 400, e.code === 'OVERLAP' ? 'CONFLICT' : e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION', e.message);
  if (e instanceof DataFormatError) return new ApiError(400, 'VALIDATION', `Nothing imported: ${e.issues.slice(0, 5).map(formatIssue).join('; ')}${e.issues.length > 5 ? ` (and ${e.issues.length - 5} more)` : ''}`, { issues: e.issues });
  if (e instanceof QualityRejectedError) return new ApiError(400, 'VALIDATION', e.message, { report: e.report });
  if (e instanceof PolicyError || e instanceof CsvLayoutError || e instanceof LzmaError) return new ApiError(400, 'VALIDATION', `Nothing imported: ${e.message}`);
  if (e instanceof RangeError) return new ApiError(400, 'VALIDATION', e.message);
  return e;
}

export default async function catalogPlugin(app: FastifyInstance, opts: CatalogPluginOptions): Promise<void> {
  let catalog = opts.catalog;
  const owned = !catalog;
  const get = (): DataCatalog => (catalog ??= new DataCatalog(opts.path ?? ':memory:'));
  app.addHook('onClose', async () => {
    if (owned && catalog) catalog.close();
  });
  // Raw file bodies for /import: CSV/JSON as text would be decoded twice, so everything arrives as bytes.
  app.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.apache.parquet', 'application/x-ndjson'], { parseAs: 'buffer', bodyLimit: opts.importLimitBytes ?? 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get('/api/catalog/series', { schema: { tags: ['catalog'], summary: 'Stored series', response: { 200: SeriesListSchema, ...errors } } }, async () => ({ series: get().list() }));

  app.get<{ Querystring: RangeQuery; Reply: ColumnsResponse }>(
    '/api/catalog/data',
    { schema: { tags: ['catalog'], summary: 'Stored bars or ticks of a range, as columns (time = epoch ms UTC)', querystring: RangeQuerySchema, response: { 200: ColumnsResponseSchema, ...errors } } },
    async (req) => {
      const q = req.query;
      const k = keyOf(q);
      if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new ApiError(400, 'BAD_RANGE', `from ${q.from} is after to ${q.to}`);
      const limit = Math.min(q.limit ?? MAX_ROWS_JSON, MAX_ROWS_JSON);
      const cols = q.last ? get().readLast(k, limit, q.to) : get().read(k, q.from, q.to, limit);
      const columns: Record<string, number[]> = {};
      for (const f of fieldsOf(k.kind)) columns[f] = Array.from(cols[f]);
      return { instrument: k.instrument, kind: k.kind, timeframe: k.timeframe, count: cols.time.length, columns };
    },
  );

  app.post<{ Body: AppendBody; Reply: AppendResponse }>(
    '/api/catalog/append',
    { bodyLimit: opts.importLimitBytes ?? 64 * 1024 * 1024, schema: { tags: ['catalog'], summary: 'Append parsed columns after quality checks (all or nothing)', body: AppendBodySchema, response: { 200: AppendResponseSchema, ...errors } } },
    async (req) => {
      const b = req.body;
      const kind = b.kind ?? 'bars';
      const cols: Columns = {};
      for (const f of fieldsOf(kind)) {
        const v = b.columns[f];
        if (!v) throw new ApiError(400, 'VALIDATION', `columns.${f} is missing; ${kind} need ${fieldsOf(kind).join(', ')}`);
        if (v.length !== b.columns.time?.length) throw new ApiError(400, 'VALIDATION', `columns.${f} has ${v.length} values, columns.time has ${b.columns.time?.length}`);
        cols[f] = Float64Array.from(v);
      }
      try {
        const q = runQuality(kind, cols, { dataset: b.instrument, calendar: calendarFor(b.instrument), timeframeMs: b.timeframe ? timeframeMs(b.timeframe) : undefined, policies: b.policies as Partial<Record<CheckId, Policy>> });
        if (q.report.rejected) throw new QualityRejectedError(q.report);
        const timeframe = kind === 'bars' ? (b.timeframe ?? timeframeOf(q.report.timeframeMs)) : '';
        if (timeframe === undefined) throw new ApiError(400, 'BAD_TIMEFRAME', 'cannot name the bar interval; send timeframe');
        const r = get().append({ instrument: b.instrument, kind, timeframe }, q.columns, b.overlap ?? 'reject');
        return { instrument: b.instrument, kind, timeframe, ...r, report: q.report };
      } catch (e) {
        throw toApiError(e);
      }
    },
  );

  app.post<{ Querystring: ImportQuery; Reply: AppendResponse }>(
    '/api/catalog/import',
    { bodyLimit: opts.importLimitBytes ?? 64 * 1024 * 1024, schema: { tags: ['catalog'], summary: 'Import a raw CSV/JSON/Parquet file body (all or nothing)', querystring: ImportQuerySchema, response: { 200: AppendResponseSchema, ...errors } } },
    async (req) => {
      const body = req.body;
      const bytes = body instanceof Uint8Array ? body : typeof body === 'string' ? new TextEncoder().encode(body) : new TextEncoder().encode(JSON.stringify(body));
      try {
        const out = await importBytes(get(), req.query.name, bytes, { instrument: req.query.instrument, timeframe: req.query.timeframe, onOverlap: req.query.overlap ?? 'reject', timeZone: req.query.tz });
        return { ...out.series, ...out.result, report: out.report };
      } catch (e) {
        throw toApiError(e);
      }
    },
  );

  app.get<{ Querystring: RangeQuery }>(
    '/api/catalog/export',
    { schema: { tags: ['catalog'], summary: 'Stored bars or ticks of a range as a Parquet file (timestamp + DOUBLE columns)', querystring: RangeQuerySchema, response: errors } },
    async (req, reply) => {
      const k = keyOf(req.query);
      const cols = get().read(k, req.query.from, req.query.to, Math.min(req.query.limit ?? 10_000_000, 10_000_000));
      if (cols.time.length === 0) throw new ApiError(404, 'NOT_FOUND', `no ${k.kind} stored for ${k.instrument}${k.timeframe ? ` ${k.timeframe}` : ''} in that range`);
      const name = `${k.instrument}-${k.timeframe || k.kind}.parquet`.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply.type('application/vnd.apache.parquet').header('content-disposition', `attachment; filename="${name}"`).send(Buffer.from(columnsToParquet(k.kind, cols)));
    },
  );

  app.get<{ Querystring: RangeQuery }>(
    '/api/catalog/quality',
    { schema: { tags: ['catalog'], summary: 'Quality report of stored data (every check flags only)', querystring: RangeQuerySchema, response: errors } },
    async (req) => {
      const k = keyOf(req.query);
      const cols = get().read(k, req.query.from, req.query.to);
      if (cols.time.length === 0) throw new ApiError(404, 'NOT_FOUND', `no ${k.kind} stored for ${k.instrument}${k.timeframe ? ` ${k.timeframe}` : ''} in that range`);
      const flagAll = Object.fromEntries(['duplicates', 'outOfOrder', 'nonPositive', 'ohlc', 'crossed', 'spikes', 'stale', 'zeroVolume', 'gaps'].map((c) => [c, 'flag']));
      const q = runQuality(k.kind, cols, { dataset: `${k.instrument} ${k.timeframe || k.kind}`, calendar: calendarFor(k.instrument), timeframeMs: k.timeframe ? timeframeMs(k.timeframe) : undefined, policies: flagAll as never });
      return { report: q.report };
    },
  );
}
