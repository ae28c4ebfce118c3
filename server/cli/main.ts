import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CliUsageError, type CliCommand, type CliIO } from './command.ts';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/** Subcommands are discovered from server/cli/commands/*.ts, so adding one never edits a shared list. */
export function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!commandNames().includes(name)) return undefined;
  const mod = (await import(join(commandsDir, `${name}.ts`))) as { default: CliCommand };
  return mod.default;
}

const stdio: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export async function main(argv: string[], io: CliIO = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = ['aio — ai-indicator-optimizer command line', '', 'Usage: aio <command> [options]', '', 'Commands:'];
    for (const n of commandNames()) {
      // One broken command must not take the whole help (and every other command) down with it.
      let summary: string;
      try {
        summary = (await loadCommand(n))?.summary ?? '';
      } catch (e) {
        summary = `(cannot load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
      }
      lines.push(`  ${n.padEnd(12)} ${summary}`);
    }
    lines.push('', 'Run `aio <command> --help` for a command\'s options.');
    io.out(lines.join('\n'));
    return name ? 0 : argv.length === 0 ? 0 : 0;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    io.err(`aio: unknown command '${name}'. Known commands: ${commandNames().join(', ')}. Run \`aio --help\`.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`aio ${name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    io.err(`aio ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
