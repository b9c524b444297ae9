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

/** Writes to the real process streams. */
export function processOutput(): Output {
  return {
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
  };
}
