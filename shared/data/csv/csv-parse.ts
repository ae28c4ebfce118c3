/**
 * Parses delimited text into typed columns using a detected (or user-corrected) CsvLayout.
 * Malformed rows are collected as issues with file, line and reason; nothing is returned half-parsed:
 * the caller commits the columns only when `issues` is empty (see shared/data/import.ts).
 */
import type { Columns } from '../columns.ts';
import { IssueLog, type DataIssue } from '../errors.ts';
import { RowBuilder, parseSide, sourceIndexes } from '../row-builder.ts';
import { makeTimeParser, parseNumber } from '../time-parse.ts';
import { countLines, forEachLine, splitLine } from './csv-split.ts';
import { CsvLayoutError, detectCsvLayout, type CsvLayout, type CsvOptions } from './csv-layout.ts';

export interface ParsedData {
  kind: CsvLayout['kind'];
  columns: Columns;
  rows: number;
  /** Every malformed row (capped at 1000 entries; `issueCount` is the true total). */
  issues: DataIssue[];
  issueCount: number;
  warnings: string[];
}

export interface CsvParseResult extends ParsedData {
  layout: CsvLayout;
}

const FIELD_NAMES: Record<string, string[]> = {
  bars: ['time', 'open', 'high', 'low', 'close', 'volume'],
  quotes: ['time', 'bid', 'ask', 'bid size', 'ask size'],
  trades: ['time', 'price', 'size', 'side'],
};

export function parseCsv(text: string, opts: CsvOptions = {}, layout?: CsvLayout): CsvParseResult {
  const file = opts.file ?? 'input';
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lay = layout ?? detectCsvLayout(text, opts);
  if (lay.unresolved) throw new CsvLayoutError(lay.unresolved);
  const log = new IssueLog(file);
  const { map, kind, delimiter, decimalComma } = lay;
  const src = sourceIndexes(kind, map);
  const names = [...FIELD_NAMES[kind]];
  const closeOnly = kind === 'bars' && map.open === undefined;
  if (closeOnly) {
    src[1] = src[2] = src[3] = src[4];
    names[1] = names[2] = names[3] = 'close';
  }
  const sideField = kind === 'trades' ? 3 : -1;
  const parseTime = makeTimeParser(lay.timeFormat, lay.timeZone);
  const tIdx = map.time ?? -1;
  const dIdx = map.date ?? -1;
  const cIdx = map.clock ?? -1;
  const needed = Math.max(tIdx, dIdx, cIdx, ...src) + 1;
  const nf = src.length;
  const builder = new RowBuilder(kind, countLines(text));
  const starts = new Int32Array(needed + 1);
  const ends = new Int32Array(needed + 1);
  const fast = delimiter !== ' ' && !decimalComma;
  const hasQuotes = text.includes('"');
  const dl = delimiter.length;
  let row = 0;

  const readFields = (s: string[], lineNo: number): void => {
    if (s.length < needed) {
      log.add(lineNo, `expected at least ${needed} fields separated by '${delimiter === '\t' ? '\\t' : delimiter}', found ${s.length}`);
      return;
    }
    const tText = tIdx >= 0 ? s[tIdx] : `${s[dIdx]} ${s[cIdx]}`;
    const t = parseTime(tText.trim());
    if (Number.isNaN(t)) {
      log.add(lineNo, `cannot read the timestamp '${tText}'`, 'time');
      return;
    }
    const vals = [t];
    for (let f = 1; f < nf; f++) {
      const c = src[f];
      if (c < 0) {
        vals.push(0);
        continue;
      }
      let v = s[c].trim();
      if (f === sideField) {
        const x = parseSide(v);
        if (Number.isNaN(x)) return log.add(lineNo, `cannot read the side '${v}' (expected buy/sell)`, 'side');
        vals.push(x);
        continue;
      }
      if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
      if (decimalComma) v = v.replace(',', '.');
      const x = parseNumber(v, 0, v.length);
      if (Number.isNaN(x)) return log.add(lineNo, v === '' ? `empty ${names[f]}` : `cannot read ${names[f]} '${v}' as a number`, names[f]);
      vals.push(x);
    }
    builder.push(vals);
    row++;
  };

  forEachLine(
    text,
    (ls, le, lineNo) => {
      if (lineNo < lay.firstDataLine || le === ls) return;
      // Slow path: quotes, whitespace-delimited, decimal commas or blank-looking lines.
      if (!fast || (hasQuotes && text.slice(ls, le).includes('"'))) {
        const line = text.slice(ls, le);
        if (line.trim() === '') return;
        readFields(delimiter === ' ' ? line.trim().split(/\s+/) : splitLine(line, delimiter), lineNo);
        return;
      }
      let p = ls;
      let k = 0;
      for (; k < needed; k++) {
        starts[k] = p;
        let q = text.indexOf(delimiter, p);
        if (q < 0 || q > le) q = le;
        ends[k] = q;
        if (q === le) {
          k++;
          break;
        }
        p = q + dl;
      }
      if (k < needed) {
        const line = text.slice(ls, le);
        if (line.trim() === '') return;
        log.add(lineNo, `expected at least ${needed} fields separated by '${delimiter === '\t' ? '\\t' : delimiter}', found ${k}`);
        return;
      }
      let t: number;
      let tText: string;
      if (tIdx >= 0) tText = text.slice(starts[tIdx], ends[tIdx]);
      else tText = `${text.slice(starts[dIdx], ends[dIdx])} ${text.slice(starts[cIdx], ends[cIdx])}`;
      t = parseTime(tText);
      if (Number.isNaN(t)) {
        t = parseTime(tText.trim());
        if (Number.isNaN(t)) return log.add(lineNo, `cannot read the timestamp '${tText}'`, 'time');
      }
      builder.ensure(1);
      const cols = builder.raw;
      const n = builder.n;
      cols[0][n] = t;
      for (let f = 1; f < nf; f++) {
        const c = src[f];
        if (c < 0) {
          cols[f][n] = 0;
          continue;
        }
        if (f === sideField) {
          const x = parseSide(text.slice(starts[c], ends[c]));
          if (Number.isNaN(x)) return log.add(lineNo, `cannot read the side '${text.slice(starts[c], ends[c])}' (expected buy/sell)`, 'side');
          cols[f][n] = x;
          continue;
        }
        const x = parseNumber(text, starts[c], ends[c]);
        if (Number.isNaN(x)) {
          const v = text.slice(starts[c], ends[c]).trim();
          return log.add(lineNo, v === '' ? `empty ${names[f]}` : `cannot read ${names[f]} '${v}' as a number`, names[f]);
        }
        cols[f][n] = x;
      }
      builder.n++;
      row++;
    },
  );
  return { kind, columns: builder.finish(), rows: row, issues: log.issues, issueCount: log.total, warnings: lay.warnings, layout: lay };
}
