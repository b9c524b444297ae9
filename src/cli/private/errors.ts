/** Process exit codes, documented in `--help`. */
export const ExitCode = {
  /** The command did what was asked (for `watch`: the execution succeeded). */
  OK: 0,
  /** An AWS call failed, or the watched execution failed or was stopped. */
  FAILURE: 1,
  /** Invalid arguments or configuration: nothing was changed. */
  USAGE: 2,
} as const;

/** An error the CLI reports as one line, with the exit code to use. */
export class CliError extends Error {
  public constructor(message: string, public readonly exitCode: number = ExitCode.FAILURE) {
    super(message);
    this.name = 'CliError';
  }
}

/** Invalid arguments: exit code 2. */
export class UsageError extends CliError {
  public constructor(message: string) {
    super(message, ExitCode.USAGE);
    this.name = 'UsageError';
  }
}
