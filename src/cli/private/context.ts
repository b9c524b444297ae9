import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Palette } from './colour';
import { Clock, Output } from './io';

/** Everything a command implementation needs; tests build one around a mocked client. */
export interface CommandContext {
  readonly client: CodePipelineClient;
  /** The region the client talks to (for console links). */
  readonly region: string;
  readonly io: Output;
  readonly colours: Palette;
  readonly clock: Clock;
  /** --json: one JSON document on stdout, no colour, no decoration. */
  readonly json: boolean;
}

/** Writes a line (or several) to stdout. */
export function print(ctx: CommandContext, text: string): void {
  ctx.io.stdout(`${text}\n`);
}

/** Writes the command's JSON document to stdout. */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout(`${JSON.stringify(value, undefined, 2)}\n`);
}
