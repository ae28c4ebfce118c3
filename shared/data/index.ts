/**
 * Public surface of the data layer: columns, import (CSV/JSON/Parquet/bi5), quality checks, session calendars,
 * multi-asset merge and alignment, tick -> bar aggregation, LZMA/bi5 decoding.
 * (synthetic.ts and embedded-instruments.ts belong to the gateway's embedded data and are imported directly.)
 */
export * from './columns.ts';
export * from './errors.ts';
export { detectCsvLayout, parseCsv, CsvLayoutError, type CsvLayout, type CsvOptions, type CsvParseResult, type ParsedData } from './csv/index.ts';
export { parseJson } from './json-import.ts';
export { parseParquet, isParquet } from './parquet-import.ts';
export { parseFile, detectFormat, type FileFormat, type ImportOptions } from './import.ts';
export { ROLES, mapHeaders, kindOf, roleOfHeader, type Role, type RoleMap } from './column-roles.ts';
export { detectTimeFormat, makeTimeParser, parseNumber, type TimeFormat, type DateOrder, type EpochUnit } from './time-parse.ts';
export { wallTimeToUtc, utcToWall, zoneOffsetAt, ensureTimeZone } from './time-zone.ts';
export * from './quality/index.ts';
export * from './calendar/sessions.ts';
export { nyseHolidays } from './calendar/holidays.ts';
export { kWayMerge, mergeIterables, type MergedOrder } from './merge.ts';
export { alignBars, asOfIndex, filterSessions, type Aligned, type AlignedSeries, type AlignInput, type AlignOptions } from './align.ts';
export { quotesToBars, tradesToBars, type AggregateOptions, type QuotePrice, type QuoteVolume } from './aggregate.ts';
export { lzmaDecompress, LzmaError } from './lzma.ts';
export { parseBi5, bi5Path, dukascopyScale, DUKASCOPY_SCALES, DUKASCOPY_BASE_URL } from './bi5.ts';
