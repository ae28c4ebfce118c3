/**
 * `aio backtest`: runs a StrategySpec over a CSV of bars through the kernel's BacktestEngine and prints the report.
 * IO stays here (files, argv, stdout); everything else is shared/ code the app's worker runs too.
 */
import { readFile } from 'node:fs/promises';
import { CliUsageError, type CliCommand, type CliIO } from '../command.ts';
import { parseFile } from '../../../shared/data/import.ts';
import { parseSpec, formatSpecErrors } from '../../../shared/strategy/spec-validate.ts';
import { defaultIndicatorProvider } from '../../../shared/strategy/compile-indicators.ts';
import { backtestSpec, type SpecBacktestOutput, type BarRow } from '../../../shared/strategy/compile-run.ts';
import { barSpecOf } from '../../../shared/strategy/compile.ts';
import { REPORT_FIELDS, formatMetric, monthlyReturns } from '../../../shared/analytics/index.ts';

const USAGE = `Usage: aio backtest --data FILE.csv --instrument ID --strategy STRATEGY.json [options]

Runs a StrategySpec (docs/strategy-spec.md) over the bars in FILE and prints the performance report
(docs/analytics.md) and the closed trades.

Required:
  --data FILE          bars as CSV (date/time, open, high, low, close[, volume]; header names are detected),
                       JSON or Parquet. A bar's timestamp is its OPEN time; it closes one timeframe later.
  --instrument ID      instrument of the data, e.g. SPX.INDEX; the spec's rules run on it
  --strategy FILE      the StrategySpec JSON

Options:
  --json               print {strategy, instrument, bars, metrics, trades, equityCurve, monthlyReturns, stats,
                       notes, dataErrors}
                       as JSON instead of tables (timestamps: epoch ms of bar CLOSE times)
  --capital N          starting cash in the account currency (default 100000)
  --currency CODE      account / quote currency (default USD)
  --fee RATE           taker and maker fee as a fraction of notional, e.g. 0.001 = 10 bps (default 0)
  --tick SIZE          price tick (default: 0.01 for SPX.INDEX, else inferred from the data's decimals)
  --lot SIZE           quantity step (default 0.0001: fractional units, so percent sizing tracks equity)
  --risk-free RATE     annual risk-free rate for Sharpe/Sortino, e.g. 0.02 (default 0)
  --from DATE          use bars that open on or after DATE (YYYY-MM-DD or ISO time, UTC); indicators warm up from here
  --to DATE            use bars that open on or before DATE
  --help               this text

Exit status: 0 ok, 1 runtime or data error, 2 usage error or invalid strategy (every error is listed with its path).`;

interface Args {
  data: string;
  instrument: string;
  strategy: string;
  json: boolean;
  capital: number;
  currency: string;
  fee: number;
  tick: number | undefined;
  lot: number;
  riskFree: number;
  from: number | undefined;
  to: number | undefined;
}

const FLAGS = new Set(['--data', '--instrument', '--strategy', '--capital', '--currency', '--fee', '--tick', '--lot', '--risk-free', '--from', '--to']);

/** 'YYYY-MM-DD' (midnight UTC) or an ISO date-time; undefined when absent. */
function parseDate(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(t)) throw new CliUsageError(`${flag} must be a date like 2010-01-31, got '${v}'`);
  return t;
}

export function parseArgs(argv: readonly string[]): Args {
  const v = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') {
      json = true;
      continue;
    }
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (!FLAGS.has(flag)) throw new CliUsageError(`unknown argument '${a}'`);
    const val = inline ?? argv[++i];
    if (val === undefined || (inline === undefined && val.startsWith('--'))) throw new CliUsageError(`${flag} needs a value`);
    if (v.has(flag)) throw new CliUsageError(`${flag} given twice`);
    v.set(flag, val);
  }
  const need = (f: string): string => {
    const x = v.get(f);
    if (x === undefined) throw new CliUsageError(`missing ${f}`);
    return x;
  };
  const num = (f: string, dflt: number | undefined, ok: (x: number) => boolean, what: string): number | undefined => {
    const x = v.get(f);
    if (x === undefined) return dflt;
    const n = Number(x);
    if (x.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new CliUsageError(`${f} must be ${what}, got '${x}'`);
    return n;
  };
  const currency = v.get('--currency') ?? 'USD';
  if (!/^[A-Z0-9]{2,10}$/.test(currency)) throw new CliUsageError(`--currency must be a currency code like USD, got '${currency}'`);
  return {
    data: need('--data'),
    instrument: need('--instrument'),
    strategy: need('--strategy'),
    json,
    capital: num('--capital', 100_000, (n) => n > 0, 'a positive number') as number,
    currency,
    fee: num('--fee', 0, (n) => n >= 0 && n < 1, 'a fraction in [0, 1), e.g. 0.001') as number,
    tick: num('--tick', undefined, (n) => n > 0, 'a positive number'),
    lot: num('--lot', 0.0001, (n) => n > 0, 'a positive number') as number,
    riskFree: num('--risk-free', 0, (n) => n > -1 && n < 1, 'an annual rate like 0.02') as number,
    from: parseDate('--from', v.get('--from')),
    to: parseDate('--to', v.get('--to')),
  };
}

/** Smallest power-of-ten tick that represents every price given (at most 8 decimals). */
export function inferTick(prices: readonly number[]): number {
  for (let d = 0; d <= 8; d++) {
    const f = 10 ** d;
    if (prices.every((p) => Math.abs(Math.round(p * f) - p * f) < 1e-6)) return 1 / f;
  }
  return 1e-8;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv);
  const specText = await readText(args.strategy, 'strategy');
  const parsed = parseSpec(specText, defaultIndicatorProvider);
  if (!parsed.ok) {
    io.err(`aio backtest: ${args.strategy} is not a valid StrategySpec (${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}):\n${formatSpecErrors(parsed.errors)}`);
    return 2;
  }
  const spec = parsed.spec;
  if (!spec.instruments.includes(args.instrument)) {
    io.err(`aio backtest: note: the spec lists ${spec.instruments.join(', ')}; running its rules on ${args.instrument}`);
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(args.data));
  } catch (e) {
    throw new Error(`cannot read --data ${args.data}: ${(e as Error).message}`);
  }
  const data = await parseFile(args.data, bytes);
  if (data.kind !== 'bars') throw new Error(`${args.data} holds ${data.kind}, not bars (date, open, high, low, close, volume)`);
  const c = data.columns;
  const bars: BarRow[] = [];
  const from = args.from ?? -Infinity;
  const to = args.to ?? Infinity;
  for (let i = 0; i < data.rows; i++) {
    if (c.time[i] < from || c.time[i] > to) continue;
    bars.push({ time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
  }
  for (const w of data.warnings) io.err(`aio backtest: ${args.data}: ${w}`);
  if (bars.length === 0) throw new Error(`no bars in ${args.data} between --from and --to`);

  const tick = args.tick ?? (args.instrument === 'SPX.INDEX' ? 0.01 : inferTick(bars.slice(0, 2000).flatMap((b) => [b.open, b.high, b.low, b.close])));
  const out = backtestSpec({
    spec,
    instrumentId: args.instrument,
    bars,
    startingCash: args.capital,
    currency: args.currency,
    tickSize: tick,
    lotSize: args.lot,
    feeRate: args.fee,
    riskFreeRate: args.riskFree,
    provider: defaultIndicatorProvider,
  });
  for (const w of out.warnings) io.err(`aio backtest: ${w}`);
  for (const n of out.notes.slice(0, 20)) io.err(`aio backtest: ${date(n.ts)}: ${n.message}`);
  if (out.notes.length > 20) io.err(`aio backtest: ... and ${out.notes.length - 20} more notes`);
  const barMs = barSpecOf(spec.timeframe).durationMs();
  io.out(args.json ? JSON.stringify(toJson(out, spec.name, args.instrument), null, 2) : formatTables(out, spec.name, args.instrument, barMs));
  return 0;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read --${what} ${path}: ${(e as Error).message}`);
  }
}

function toJson(out: SpecBacktestOutput, name: string, instrument: string) {
  const r = out.result;
  return {
    strategy: name,
    instrument,
    bars: out.barCount,
    metrics: r.report,
    trades: r.trades,
    equityCurve: r.equityCurve,
    monthlyReturns: monthlyReturns(r.equityCurve).years,
    stats: r.stats,
    notes: out.notes,
    dataErrors: r.dataErrors,
  };
}

const date = (ts: number): string => new Date(ts).toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, 'Z');

/** Left column left-aligned, the rest right-aligned, two spaces apart. */
export function alignTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd()).join('\n');
}

/**
 * Tables for people. Kernel timestamps are bar CLOSE times (a daily bar of 2020-01-02 closes at 2020-01-03 00:00 UTC);
 * the trade table shows the bar each fill happened in (close time - timeframe), which is the date a trader expects.
 */
function formatTables(out: SpecBacktestOutput, name: string, instrument: string, barMs: number): string {
  const r = out.result;
  const barDate = (ts: number): string => date(ts - barMs);
  const metrics = REPORT_FIELDS.map((f) => [f.label, formatMetric(r.report[f.key] as number | null, f.kind)]);
  const trades = r.trades.map((t, i) => [
    String(i + 1),
    t.side,
    barDate(t.entryTs),
    t.entryPrice.toFixed(2),
    barDate(t.exitTs),
    t.exitPrice.toFixed(2),
    String(t.qty),
    t.pnl.toFixed(2),
    t.fees.toFixed(2),
  ]);
  const lines = [`Backtest: ${name} on ${instrument} (${out.barCount} bars)`, '', alignTable([['Metric', 'Value'], ...metrics])];
  lines.push('(Start and End are bar close times; trade dates below are the bars the fills happened in)');
  const pct = (x: number | null): string => (x === null ? '' : (x * 100).toFixed(1));
  const years = monthlyReturns(r.equityCurve).years;
  if (years.length > 0) {
    const head = ['Year', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Year'];
    lines.push('', 'Monthly returns (%)', alignTable([head, ...years.map((y) => [String(y.year), ...y.months.map(pct), pct(y.total)])]));
  }
  lines.push('', `Trades (${r.trades.length} closed)`);
  if (trades.length > 0) lines.push(alignTable([['#', 'Side', 'Entry', 'Entry px', 'Exit', 'Exit px', 'Qty', 'PnL', 'Fees'], ...trades]));
  if (r.stats.rejectedData > 0) lines.push('', `${r.stats.rejectedData} data items were skipped as invalid (see --json dataErrors)`);
  return lines.join('\n');
}

const command: CliCommand = { name: 'backtest', summary: 'Backtest a StrategySpec over a CSV of bars and print the report', usage: USAGE, run };
export default command;
