import { Command } from 'commander';
import { CommandContext } from './context';

/** The command's name on the command line (package.json "bin"), also used in hints. */
export const PROGRAM_NAME = 'cdk-delivery-pipeline';

/** Parsed arguments handed to a command implementation. */
export interface CommandInput<O> {
  /** The pipeline name (explicit, or resolved from the CDK app). Empty for `list`. */
  readonly pipeline: string;
  readonly options: O;
}

/** A CLI command: its command-line surface, and the implementation. */
export interface CommandDefinition<O = any> {
  readonly name: string;
  readonly description: string;
  /** Whether the command takes the optional [pipeline] argument. */
  readonly takesPipeline: boolean;
  /** IAM actions the command calls (shown in --help and when access is denied). */
  readonly iamActions: readonly string[];
  /** Usage examples for --help, without the program name. */
  readonly examples: readonly string[];
  /** Adds the command's own options. */
  configure?(command: Command): void;
  /** Runs the command; resolves to the exit code. */
  run(ctx: CommandContext, input: CommandInput<O>): Promise<number>;
}
