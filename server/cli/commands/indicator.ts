import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliUsageError, type CliCommand } from '../command.ts';
import { parseCsv } from '../../../shared/data/csv/index.ts';
import { formatIssue } from '../../../shared/data/errors.ts';
import type { BarColumns as DataBars } from '../../../shared/data/columns.ts';
import { INDICATORS, IndicatorParamError, computeBatch, findIndicator, indicatorIds, resolveParams, type IndicatorDef } from '../../../shared/indicators/index.ts';

function describeParams(def: IndicatorDef): string {
  if (def.params.length === 0) return '(no parameters)';
  return def.params
    .map((p) => {
      if (p.choices) return `${p.name}=${p.choices[p.default]} (${p.choices.join('|')})`;
      return `${p.name}=${p.default} (${p.integer ? 'integer ' : ''}${p.min}..${p.max})`;
    })
    .join(', ');
}

function listing(): string {
  return INDICATORS.map((d) => `  ${d.id.padEnd(12)} ${d.name.padEnd(28)} outputs: ${d.outputs.join(',').padEnd(34)} ${describeParams(d)}`).join('\n');
}

/** Parses `k=v`; a choice parameter also accepts the choice's name (e.g. anchor=week). */
function parseParam(def: IndicatorDef, text: string): [string, number] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliUsageError(`--param expects NAME=VALUE, got '${text}'`);
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const spec = def.params.find((p) => p.name === name);
  if (!spec) throw new CliUsageError(`${def.id} has no parameter '${name}'. Parameters: ${describeParams(def)}`);
  if (spec.choices) {
    const idx = spec.choices.indexOf(raw);
    if (idx >= 0) return [name, idx];
  }
  const v = Number(raw);
  if (raw === '' || Number.isNaN(v)) {
    const hint = spec.choices ? ` (one of ${spec.choices.join(', ')})` : '';
    throw new CliUsageError(`${def.id}: ${name} must be a number${hint}, got '${raw}'`);
  }
  return [name, v];
}

/** YYYY-MM-DD when every bar is at 00:00 UTC (daily data), else an ISO timestamp. */
function dateFormatter(time: Float64Array): (t: number) => string {
  const daily = time.every((t) => t % 86_400_000 === 0);
  return daily ? (t) => new Date(t).toISOString().slice(0, 10) : (t) => new Date(t).toISOString().replace('.000Z', 'Z');
}

const command: CliCommand = {
  name: 'indicator',
  summary: 'Compute an indicator over a CSV of bars and print it as CSV',
  usage: [
    'Usage: aio indicator NAME --input FILE.csv [--period N] [--param NAME=VALUE ...]',
    '       aio indicator --list',
    '',
    'Prints CSV to stdout: the bar date and one column per indicator output; empty cells during warm-up.',
    'FILE.csv needs a date/time column and open, high, low, close (and volume where the indicator uses it);',
    'the columns are detected from the header as `aio import` does.',
    '',
    'Options:',
    '  --input FILE        the bars (required)',
    '  --period N          shorthand for --param period=N',
    '  --param NAME=VALUE  set a parameter; repeatable; choice parameters take the name (e.g. anchor=week)',
    '  --list              list the indicators with their outputs and parameters',
    '',
    'Indicators:',
    listing(),
  ].join('\n'),
  async run(argv, io) {
    let name: string | undefined;
    let input: string | undefined;
    const given: [string, string][] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new CliUsageError(`${a} needs a value`);
        return v;
      };
      if (a === '--list') {
        io.out(listing());
        return 0;
      } else if (a === '--input' || a === '-i') input = value();
      else if (a === '--period') given.push(['period', value()]);
      else if (a === '--param' || a === '-p') given.push(['', value()]);
      else if (a.startsWith('--')) throw new CliUsageError(`unknown option ${a}`);
      else if (name === undefined) name = a;
      else throw new CliUsageError(`unexpected argument '${a}'`);
    }
    if (!name) throw new CliUsageError(`name an indicator. Known indicators: ${indicatorIds().join(', ')}`);
    const def = findIndicator(name);
    if (!def) throw new CliUsageError(`unknown indicator '${name}'. Known indicators: ${indicatorIds().join(', ')}`);
    const params: Record<string, number> = {};
    for (const [k, v] of given) {
      const [pn, pv] = parseParam(def, k === 'period' ? `period=${v}` : v);
      params[pn] = pv;
    }
    let resolved;
    try {
      resolved = resolveParams(def, params);
    } catch (e) {
      if (e instanceof IndicatorParamError) throw new CliUsageError(e.message);
      throw e;
    }
    if (!input) throw new CliUsageError('--input FILE.csv is required');

    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (e) {
      io.err(`aio indicator: cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 1;
    }
    let parsed;
    try {
      parsed = parseCsv(text, { file: basename(input), kind: 'bars' });
    } catch (e) {
      io.err(`aio indicator: ${input}: ${(e as Error).message}`);
      return 1;
    }
    if (parsed.issueCount > 0) {
      const shown = parsed.issues.slice(0, 10).map(formatIssue);
      const more = parsed.issueCount > shown.length ? `\n... and ${parsed.issueCount - shown.length} more` : '';
      io.err(`aio indicator: ${input} has ${parsed.issueCount} malformed row(s):\n${shown.join('\n')}${more}`);
      return 1;
    }
    if (parsed.kind !== 'bars' || parsed.rows === 0) {
      io.err(`aio indicator: ${input}: expected bars (date, open, high, low, close[, volume]); found ${parsed.rows === 0 ? 'no rows' : parsed.kind}`);
      return 1;
    }
    const bars = parsed.columns as unknown as DataBars; // kind is checked above
    let out: Record<string, Float64Array>;
    try {
      out = computeBatch(def.id, bars, resolved);
    } catch (e) {
      // Cross-parameter rules (e.g. MACD fast < slow) are checked by the indicator itself.
      if (e instanceof IndicatorParamError) throw new CliUsageError(e.message);
      throw e;
    }
    const fmt = dateFormatter(bars.time);
    const cols = def.outputs.map((o) => out[o]);
    const lines: string[] = [['date', ...def.outputs].join(',')];
    for (let i = 0; i < parsed.rows; i++) {
      let line = fmt(bars.time[i]);
      for (const c of cols) line += `,${Number.isNaN(c[i]) ? '' : String(c[i])}`;
      lines.push(line);
    }
    for (const w of parsed.warnings) io.err(`warning: ${w}`);
    io.out(lines.join('\n'));
    return 0;
  },
};

export default command;
