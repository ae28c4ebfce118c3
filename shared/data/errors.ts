/**
 * Typed errors for the data layer. Every parse failure names the file, the 1-based line (or record) and the reason,
 * so a trader can open the file and fix it. Parsers collect issues instead of throwing on the first, then the import
 * either commits all rows or none.
 */
export interface DataIssue {
  /** File name or source label as the user knows it. */
  file: string;
  /** 1-based line (CSV/JSON lines) or record/row number (Parquet, JSON arrays, bi5 records); 0 when not row-bound. */
  line: number;
  /** What was wrong, e.g. "high 1.2 is below low 1.3" or "cannot parse date '2024-13-01'". */
  reason: string;
  /** The offending column, when known. */
  column?: string;
}

export function formatIssue(i: DataIssue): string {
  return `${i.file}:${i.line}${i.column ? ` [${i.column}]` : ''}: ${i.reason}`;
}

/** Thrown at the IO edge when input cannot be used; carries every issue found (capped). */
export class DataFormatError extends Error {
  override name = 'DataFormatError';
  constructor(
    readonly issues: DataIssue[],
    summary?: string,
  ) {
    super(summary ?? DataFormatError.summarise(issues));
  }

  static summarise(issues: DataIssue[]): string {
    if (issues.length === 0) return 'invalid data';
    const head = issues.slice(0, 5).map(formatIssue).join('\n  ');
    const more = issues.length > 5 ? `\n  ... and ${issues.length - 5} more` : '';
    return `${issues.length} problem(s) in the data:\n  ${head}${more}`;
  }
}

/** Collects issues up to a cap so a million-row garbage file cannot exhaust memory with error objects. */
export class IssueLog {
  readonly issues: DataIssue[] = [];
  total = 0;
  constructor(
    readonly file: string,
    readonly cap = 1000,
  ) {}

  add(line: number, reason: string, column?: string): void {
    this.total++;
    if (this.issues.length < this.cap) this.issues.push(column ? { file: this.file, line, reason, column } : { file: this.file, line, reason });
  }

  get ok(): boolean {
    return this.total === 0;
  }

  throwIfAny(): void {
    if (this.total > 0) {
      const err = new DataFormatError(this.issues);
      if (this.total > this.issues.length) err.message += ` (${this.total} problems in total; first ${this.issues.length} kept)`;
      throw err;
    }
  }
}
