import { embeddedInstruments } from '../../../shared/data/embedded-instruments.ts';
import { CliUsageError, type CliCommand } from '../command.ts';

const day = (t: number | undefined): string => (t === undefined ? '' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));

const command: CliCommand = {
  name: 'instruments',
  summary: 'List the embedded instruments (real S&P 500 daily, synthetic intraday)',
  usage: [
    'Usage: aio instruments [--json]',
    '',
    'Prints the instruments that ship with the project, the same list as GET /api/instruments.',
    'SYNTHETIC marks generated data (docs/synthetic-data.md); REAL marks market records (data/README.md).',
    '',
    'Options:',
    '  --json   print {"instruments": [...]} as JSON instead of a table',
  ].join('\n'),
  async run(argv, io) {
    const unknown = argv.filter((a) => a !== '--json');
    if (unknown.length) throw new CliUsageError(`unknown option ${unknown.map((a) => `'${a}'`).join(', ')}`);
    const list = embeddedInstruments();
    if (argv.includes('--json')) {
      io.out(JSON.stringify({ instruments: list }, null, 2));
      return 0;
    }
    const rows = [
      ['ID', 'DATA', 'CLASS', 'TIMEFRAMES', 'FROM (UTC)', 'TO (UTC)', 'NAME'],
      ...list.map((i) => [i.id, i.synthetic ? 'SYNTHETIC' : 'REAL', i.assetClass, i.timeframes.join(','), day(i.from), day(i.to), i.name]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    io.out(rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n'));
    return 0;
  },
};

export default command;
