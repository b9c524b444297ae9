/** Where a command writes, and whether that place is an interactive terminal. */
export interface Output {
  /** Whether stdout is an interactive terminal (enables colour and live redraws). */
  readonly isTTY: boolean;
  /** The terminal width, when stdout is a terminal (long lines wrap onto several rows). */
  readonly columns?: number;
  /** Writes raw text to stdout. */
  stdout(text: string): void;
  /** Writes raw text to stderr. */
  stderr(text: string): void;
}

/** Time source and waiting, injectable so tests never really wait. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** The process-level environment variables the CLI reads. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Writes to the real process streams. When the reader goes away (`... | head`), the
 * process ends quietly instead of crashing on EPIPE; any other stream error ends it with
 * a one-line message. Both exit with 1: the output was not delivered, and `watch` must
 * never look successful when it did not see the execution succeed.
 */
export function processOutput(): Output {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        process.stderr.write(`error: cannot write output: ${error.message}\n`);
      }
      process.exit(1);
    });
  }
  return {
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
  };
}
