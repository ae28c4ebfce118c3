/**
 * Line and field splitting for delimited text. The fast path records field boundaries with indexOf;
 * a line containing a double quote takes the RFC 4180 path (quoted delimiters, doubled quotes).
 * Fields spanning several lines are not supported: market data never needs them, and a line number stays exact.
 */

/** Splits one line into field strings (used for headers, previews and quoted lines). */
export function splitLine(line: string, delim: string): string[] {
  if (line.indexOf('"') < 0) return line.split(delim);
  const out: string[] = [];
  let i = 0;
  const L = line.length;
  let field = '';
  let inQuotes = false;
  while (i < L) {
    const c = line[i];
    if (inQuotes) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (line.startsWith(delim, i)) {
      out.push(field);
      field = '';
      i += delim.length;
      continue;
    } else field += c;
    i++;
  }
  out.push(field);
  return out;
}

/** Iterates physical lines: calls fn(start, end, lineNo) with '\r' stripped; stops when fn returns false. */
export function forEachLine(text: string, fn: (start: number, end: number, lineNo: number) => boolean | void, from = 0, firstLineNo = 1): void {
  let pos = from;
  let lineNo = firstLineNo;
  const L = text.length;
  while (pos < L) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = L;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (fn(pos, end, lineNo) === false) return;
    pos = nl + 1;
    lineNo++;
  }
}

/** The first `max` non-blank lines with their 1-based line numbers. */
export function headLines(text: string, max: number): { line: string; lineNo: number }[] {
  const out: { line: string; lineNo: number }[] = [];
  forEachLine(text, (s, e, n) => {
    if (e > s && text.slice(s, e).trim() !== '') out.push({ line: text.slice(s, e), lineNo: n });
    return out.length < max;
  });
  return out;
}

export function countLines(text: string): number {
  let n = 1;
  let p = text.indexOf('\n');
  while (p >= 0) {
    n++;
    p = text.indexOf('\n', p + 1);
  }
  return n;
}
