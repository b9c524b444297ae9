import { Environment } from './io';

type Paint = (text: string) => string;

/** ANSI colour helpers; every function is the identity when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly magenta: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
  /** Colours a CodePipeline status word (Succeeded, Failed, InProgress, ...). */
  readonly status: (status: string | undefined) => string;
}

/**
 * Colour only on an interactive terminal, and never when NO_COLOR is set
 * (https://no-color.org), TERM is "dumb" or --no-color was given.
 */
export function colourEnabled(isTTY: boolean, env: Environment, flag: boolean): boolean {
  return isTTY && flag && !env.NO_COLOR && env.TERM !== 'dumb';
}

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

export function palette(enabled: boolean): Palette {
  const p = enabled
    ? { red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), blue: ansi(34, 39), magenta: ansi(35, 39), dim: ansi(2, 22), bold: ansi(1, 22) }
    : { red: plain, green: plain, yellow: plain, blue: plain, magenta: plain, dim: plain, bold: plain };
  const byStatus: Record<string, Paint> = {
    Succeeded: p.green,
    Failed: p.red,
    InProgress: p.blue,
    Stopping: p.yellow,
    Stopped: p.yellow,
    Cancelled: p.yellow,
    Abandoned: p.yellow,
    Superseded: p.magenta,
    Skipped: p.dim,
  };
  return {
    enabled,
    ...p,
    status: (status) => (status ? (byStatus[status] ?? plain)(status) : p.dim('-')),
  };
}

const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

/** The text without colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
