export { detectCsvLayout, CsvLayoutError, type CsvLayout, type CsvOptions } from './csv-layout.ts';
export { parseCsv, type CsvParseResult, type ParsedData } from './csv-parse.ts';
export { splitLine } from './csv-split.ts';
