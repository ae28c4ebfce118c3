import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliUsageError, type CliCommand } from '../command.ts';
import { DataCatalog } from '../../catalog/catalog.ts';
import { defaultCatalogPath } from '../../catalog/paths.ts';
import { describeImport, importBytes, QualityRejectedError } from '../../catalog/import-service.ts';
import { importOptionsOf, one, parseArgs, policiesOf, PARSER_USAGE } from '../../catalog/cli-options.ts';
import { DataFormatError, formatIssue } from '../../../shared/data/errors.ts';
import { formatReport } from '../../../shared/data/quality/index.ts';
import { ensureInstrumentId } from '../../../shared/model/identifiers.ts';

const command: CliCommand = {
  name: 'import',
  summary: 'Import a CSV, JSON or Parquet file of bars or ticks into the data catalog (all or nothing)',
  usage: [
    'Usage: aio import FILE --instrument ID [--timeframe TF] [options]',
    '',
    'Reads FILE, runs the quality checks with their policies, and appends the rows to the catalog in one',
    'transaction: a malformed row (reported as file:line: reason) or a rejecting check stores nothing.',
    '',
    'Options:',
    '  --instrument ID            SYMBOL.VENUE, e.g. BTCUSDT.BINANCE, EURUSD.DUKASCOPY, SPX.NYSE (required)',
    '  --timeframe TF             bar interval, e.g. 1m 1h 1d (default: inferred from the data)',
    '  --overlap reject|skip|replace  rows at or before the stored end (default reject)',
    '  --catalog PATH             catalog file (default $AIO_CATALOG or ~/.aio/catalog.sqlite)',
    '  --json                     print the outcome and quality report as JSON',
    ...PARSER_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const a = parseArgs(argv, ['instrument', 'timeframe', 'overlap', 'catalog', 'format', 'delimiter', 'tz', 'date-order', 'epoch', 'map', 'policy'], ['json', 'no-header']);
    const instrument = one(a, 'instrument');
    if (!instrument) throw new CliUsageError('--instrument is required (e.g. --instrument BTCUSDT.BINANCE)');
    try {
      ensureInstrumentId(instrument);
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
    const overlap = one(a, 'overlap') ?? 'reject';
    if (!['reject', 'skip', 'replace'].includes(overlap)) throw new CliUsageError('--overlap must be reject, skip or replace');
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(a.file);
    } catch (e) {
      io.err(`aio import: cannot read ${a.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 1;
    }
    // Validate every option before the catalog file is opened (or created).
    const request = { ...importOptionsOf(a), file: a.file, instrument, timeframe: one(a, 'timeframe'), policies: policiesOf(a), onOverlap: overlap as 'reject' };
    const catalog = new DataCatalog(one(a, 'catalog') ?? defaultCatalogPath());
    try {
      const out = await importBytes(catalog, basename(a.file), bytes, request);
      if (a.bools.has('json')) io.out(JSON.stringify(out, null, 2));
      else {
        for (const w of out.warnings) io.err(`warning: ${w}`);
        io.out(formatReport(out.report));
        io.out('');
        io.out(`imported ${describeImport(out)} into ${catalog.path}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof DataFormatError) {
        io.err(`aio import: nothing imported; ${e.issues.length === 1 ? 'problem' : 'problems'} in ${a.file}:`);
        for (const i of e.issues.slice(0, 50)) io.err(`  ${formatIssue(i)}`);
        if (e.issues.length > 50) io.err(`  ... ${e.message.match(/\((\d+) problems in total\)/)?.[1] ?? e.issues.length} problems in total`);
        return 1;
      }
      if (e instanceof QualityRejectedError) {
        io.err(formatReport(e.report));
        io.err(`\naio import: ${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      catalog.close();
    }
  },
};

export default command;
