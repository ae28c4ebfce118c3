import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliUsageError, type CliCommand } from '../command.ts';
import { importOptionsOf, one, parseArgs, policiesOf, PARSER_USAGE } from '../../catalog/cli-options.ts';
import { timeframeMs } from '../../catalog/catalog.ts';
import { parseFile } from '../../../shared/data/import.ts';
import { DataFormatError, formatIssue } from '../../../shared/data/errors.ts';
import { calendarFor, CRYPTO_24X7, FX_24X5, NYSE } from '../../../shared/data/calendar/sessions.ts';
import { formatReport, PolicyError, runQuality } from '../../../shared/data/quality/index.ts';

const CALENDARS = { '24x7': CRYPTO_24X7, '24x5': FX_24X5, nyse: NYSE };

const command: CliCommand = {
  name: 'quality',
  summary: 'Check a data file: gaps, duplicates, order, OHLC, prices, volume, spikes, stale/crossed quotes',
  usage: [
    'Usage: aio quality FILE [--instrument ID] [--policy CHECK=POLICY ...] [--json]',
    '',
    'Parses FILE and prints a quality report. Exit code 0 when the data is accepted, 1 when a check whose',
    'policy is "reject" found problems (or the file cannot be read), 2 for usage errors. Nothing is written.',
    '',
    'Options:',
    '  --instrument ID        picks the session calendar: crypto 24x7, FX 24x5 (e.g. EURUSD.DUKASCOPY),',
    '                         NYSE hours and holidays (e.g. SPX.NYSE)',
    '  --calendar 24x7|24x5|nyse  choose the calendar directly',
    '  --timeframe TF         bar interval (default: the median spacing)',
    '  --json                 print the report as JSON',
    ...PARSER_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const a = parseArgs(argv, ['instrument', 'calendar', 'timeframe', 'format', 'delimiter', 'tz', 'date-order', 'epoch', 'map', 'policy'], ['json', 'no-header']);
    const calName = one(a, 'calendar');
    if (calName && !(calName in CALENDARS)) throw new CliUsageError(`--calendar must be one of ${Object.keys(CALENDARS).join(', ')}`);
    const calendar = calName ? CALENDARS[calName as keyof typeof CALENDARS] : calendarFor(one(a, 'instrument'));
    const tf = one(a, 'timeframe');
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(a.file);
    } catch (e) {
      io.err(`aio quality: cannot read ${a.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 1;
    }
    try {
      const parsed = await parseFile(basename(a.file), bytes, { ...importOptionsOf(a), file: a.file });
      const q = runQuality(parsed.kind, parsed.columns, { dataset: a.file, calendar, timeframeMs: tf ? timeframeMs(tf) : undefined, policies: policiesOf(a) });
      if (a.bools.has('json')) io.out(JSON.stringify({ report: q.report, warnings: parsed.warnings }, null, 2));
      else {
        for (const w of parsed.warnings) io.err(`warning: ${w}`);
        io.out(formatReport(q.report));
      }
      return q.report.rejected ? 1 : 0;
    } catch (e) {
      if (e instanceof DataFormatError) {
        if (a.bools.has('json')) io.out(JSON.stringify({ error: 'malformed', issues: e.issues }, null, 2));
        io.err(`aio quality: ${a.file} cannot be read:`);
        for (const i of e.issues.slice(0, 50)) io.err(`  ${formatIssue(i)}`);
        return 1;
      }
      if (e instanceof PolicyError) throw new CliUsageError(e.message);
      throw e;
    }
  },
};

export default command;
