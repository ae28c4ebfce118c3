/** One `aio` subcommand. Each lives in server/cli/commands/<name>.ts and default-exports this shape. */
export interface CliCommand {
  /** The word after `aio`, e.g. `backtest`. Must equal the file name. */
  name: string;
  /** One line for `aio --help`. */
  summary: string;
  /** Full usage text for `aio <name> --help`. */
  usage: string;
  /** Runs the command; returns the process exit code. Writes results to stdout, diagnostics to stderr. */
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
