import * as path from 'path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Command, CommanderError } from 'commander';
import { approveCommand } from './commands/approve';
import { historyCommand } from './commands/history';
import { insightsCommand } from './commands/insights';
import { listCommand } from './commands/list';
import { rejectCommand } from './commands/reject';
import { retryCommand } from './commands/retry';
import { rollbackCommand } from './commands/rollback';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { stopCommand } from './commands/stop';
import { watchCommand } from './commands/watch';
import { registerSpecCommands } from './pipeline-file';
import { resolvePipeline } from './private/assembly';
import { isPipelineNotFound, toCliError } from './private/aws-errors';
import { colourEnabled, palette } from './private/colour';
import { CommandDefinition, PROGRAM_NAME } from './private/command';
import { CommandContext } from './private/context';
import { CliError, ExitCode, UsageError } from './private/errors';
import { commandHelp, programHelp } from './private/help';
import { Clock, Environment, Output } from './private/io';
import { withPipelineSuggestions } from './private/not-found';
import { packageVersion } from './private/version';
import { ClientOptions, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './sdk';

/** Everything the CLI takes from the outside world; tests pass fakes. */
export interface CliDependencies {
  readonly io: Output;
  readonly env: Environment;
  readonly cwd: string;
  readonly clock: Clock;
  readonly createClient: (options: ClientOptions) => CodePipelineClient;
}

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  listCommand,
  statusCommand,
  watchCommand,
  historyCommand,
  insightsCommand,
  startCommand,
  stopCommand,
  approveCommand,
  rejectCommand,
  retryCommand,
  rollbackCommand,
];

/** Options every command accepts. */
interface CommonOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly requestTimeout?: string;
  readonly appDir?: string;
  readonly json?: boolean;
  readonly color?: boolean;
}

/** Runs the CLI with the given arguments (without "node" and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], deps: CliDependencies): Promise<number> {
  let exitCode: number = ExitCode.OK;
  const program = buildProgram(deps, (code) => { exitCode = code; });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the help or the error
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const cliError = toCliError(error, { iamActions: [] });
    deps.io.stderr(`error: ${cliError.message}\n`);
    return cliError.exitCode;
  }
  return exitCode;
}

function buildProgram(deps: CliDependencies, setExitCode: (code: number) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Operate AWS CodePipeline pipelines (built with cdk-delivery-pipeline or not) from the terminal')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.io.stdout(text),
      writeErr: (text) => deps.io.stderr(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', programHelp());

  for (const definition of COMMANDS) {
    const command = program.command(definition.name).description(definition.description);
    if (definition.takesPipeline) {
      command.argument('[pipeline]', 'pipeline name (default: the DeliveryPipeline of the CDK app in --app-dir)');
    }
    definition.configure?.(command);
    addCommonOptions(command, definition.takesPipeline);
    command.addHelpText('after', commandHelp(definition));
    command.action(async (...args: unknown[]) => {
      const invoked = args[args.length - 1] as Command;
      const pipeline = definition.takesPipeline ? args[0] as string | undefined : undefined;
      setExitCode(await execute(definition, pipeline, invoked.opts(), deps));
    });
  }
  // validate, synth, diagram and schema: pipeline specs, checked and synthesized without TypeScript.
  registerSpecCommands(program, { stdout: text => deps.io.stdout(text), stderr: text => deps.io.stderr(text), setExitCode, cwd: deps.cwd });
  return program;
}

function addCommonOptions(command: Command, takesPipeline: boolean): void {
  if (takesPipeline) {
    command.option('--app-dir <dir>', 'CDK app (or cloud assembly) directory to find the pipeline in', '.');
  }
  command
    .option('--region <region>', 'AWS region (default: AWS_REGION, the profile\'s region)')
    .option('--profile <name>', 'named profile from ~/.aws/config (default: AWS_PROFILE)')
    .option('--endpoint-url <url>', 'CodePipeline endpoint to call instead of the regional one')
    .option('--request-timeout <seconds>', `seconds one AWS call may take, retries included (default: ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`)
    .option('--json', 'print one JSON document for scripts (shapes: README, "JSON output")')
    .option('--no-color', 'plain output even on a terminal');
}

async function execute(
  definition: CommandDefinition,
  pipelineArg: string | undefined,
  options: CommonOptions,
  deps: CliDependencies,
): Promise<number> {
  const json = options.json === true;
  const colours = palette(!json && colourEnabled(deps.io.isTTY, deps.env, options.color !== false));
  let client: CodePipelineClient | undefined;
  let pipeline: string | undefined;
  let region: string | undefined;
  try {
    validateCommonOptions(options);
    const target = definition.takesPipeline ? resolvePipeline(pipelineArg, path.resolve(deps.cwd, options.appDir ?? '.')) : undefined;
    pipeline = target?.pipelineName;
    client = deps.createClient({
      region: options.region ?? target?.region,
      profile: options.profile,
      endpoint: options.endpointUrl,
      env: deps.env,
      ...(options.requestTimeout !== undefined ? { requestTimeoutSeconds: Number(options.requestTimeout) } : {}),
    });
    region = await client.config.region();
    const ctx: CommandContext = { client, region, io: deps.io, colours, clock: deps.clock, json };
    return await definition.run(ctx, { pipeline: pipeline ?? '', options });
  } catch (error) {
    let cliError: CliError = toCliError(error, { pipeline, region, iamActions: definition.iamActions });
    if (isPipelineNotFound(error) && client && pipeline) {
      cliError = await withPipelineSuggestions(cliError, client, pipeline);
    }
    deps.io.stderr(`error: ${cliError.message}\n`);
    return cliError.exitCode;
  } finally {
    client?.destroy();
  }
}

function validateCommonOptions(options: CommonOptions): void {
  if (options.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.region)) {
    throw new UsageError(`--region "${options.region}" is not an AWS region name (like eu-west-1)`);
  }
  if (options.requestTimeout !== undefined && !(/^\d+(\.\d+)?$/.test(options.requestTimeout) && Number(options.requestTimeout) > 0)) {
    throw new UsageError(`--request-timeout "${options.requestTimeout}" is not a number of seconds (like 30)`);
  }
  if (options.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(options.endpointUrl)) {
    throw new UsageError(`--endpoint-url "${options.endpointUrl}" is not an http(s) URL`);
  }
}
