import { GetPipelineExecutionCommand, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { Option } from 'commander';
import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { CliError, ExitCode } from '../private/errors';
import { formatDuration } from '../private/format';
import { seconds } from '../private/parse';
import { getPipelineState, listExecutions } from '../private/queries';
import { ranSince, statusView, StatusView } from '../private/status-view';
import { isRunning, ExecutionView } from '../private/views';
import { watchProgress } from '../private/watch-progress';

/** Seconds between refreshes when --interval is not given. */
export const DEFAULT_INTERVAL_SECONDS = 10;

/** How many recent executions are scanned for the watched one's start time and trigger. */
const SUMMARY_SEARCH_DEPTH = 25;

interface WatchOptions {
  readonly execution?: string;
  readonly interval: number;
}

/** A failed action of the watched execution. */
export interface FailedActionView {
  readonly stageName: string;
  readonly actionName: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly summary: string | null;
  readonly url: string | null;
}

/** `watch --json` (and `start --watch --json`): printed once the execution has ended. */
export interface WatchResultView {
  readonly pipelineName: string;
  readonly execution: ExecutionView;
  readonly failedActions: readonly FailedActionView[];
}

export const watchCommand: CommandDefinition<WatchOptions> = {
  name: 'watch',
  description: 'Follow the current execution until it ends; exit 0 if it succeeded, 1 if it failed, was stopped or superseded',
  takesPipeline: true,
  iamActions: ['codepipeline:ListPipelineExecutions', 'codepipeline:GetPipelineExecution', 'codepipeline:GetPipelineState'],
  examples: [
    'watch my-service-pipeline',
    'watch my-service-pipeline --interval 30',
    'watch my-service-pipeline --execution 3f1c2b9e-0000-4e4e-9b0b-6f9e6d7c8a1b --json > result.json',
    'watch my-service-pipeline && ./smoke-test.sh',
  ],
  configure(command) {
    command
      .option('--execution <id>', 'the execution to follow (default: the latest)')
      .addOption(intervalOption('seconds between refreshes'));
  },
  async run(ctx, { pipeline, options }) {
    const executionId = options.execution ?? (await listExecutions(ctx.client, pipeline, { max: 1 }))[0]?.pipelineExecutionId;
    if (!executionId) {
      throw new CliError(`pipeline ${pipeline} has no executions to watch: start one with \`start\``);
    }
    return watchExecution(ctx, pipeline, executionId, options.interval);
  },
};

/** `--interval <seconds>`, parsed to milliseconds. */
export function intervalOption(description: string): Option {
  return new Option('--interval <seconds>', description)
    .argParser((value) => seconds('--interval', value))
    .default(DEFAULT_INTERVAL_SECONDS * 1000, String(DEFAULT_INTERVAL_SECONDS));
}

/** Polls the execution until it ends, showing progress; resolves to the exit code. */
export async function watchExecution(ctx: CommandContext, pipeline: string, executionId: string, intervalMs: number): Promise<number> {
  const known = (await listExecutions(ctx.client, pipeline, { max: SUMMARY_SEARCH_DEPTH })).find((e) => e.pipelineExecutionId === executionId);
  const startTime = known?.startTime ?? ctx.clock.now();
  const progress = watchProgress(ctx);
  for (;;) {
    const [{ pipelineExecution }, state] = await Promise.all([
      ctx.client.send(new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId })),
      getPipelineState(ctx.client, pipeline),
    ]);
    const now = ctx.clock.now();
    const summary: PipelineExecutionSummary = {
      ...known,
      pipelineExecutionId: executionId,
      status: pipelineExecution?.status,
      statusSummary: pipelineExecution?.statusSummary,
      trigger: pipelineExecution?.trigger ?? known?.trigger,
      executionMode: pipelineExecution?.executionMode ?? known?.executionMode,
      executionType: pipelineExecution?.executionType ?? known?.executionType,
      startTime,
      lastUpdateTime: isRunning(pipelineExecution?.status) || (known && !isRunning(known.status)) ? known?.lastUpdateTime : now,
    };
    const view = statusView(pipeline, ctx.region, state, summary, now);
    progress.update(view, executionId, intervalMs);
    if (!isRunning(pipelineExecution?.status)) {
      return finish(ctx, view, executionId);
    }
    await ctx.clock.sleep(intervalMs);
  }
}

function finish(ctx: CommandContext, view: StatusView, executionId: string): number {
  const execution = view.latestExecution as ExecutionView;
  const failedActions = view.stages
    .filter((s) => s.pipelineExecutionId === executionId)
    .flatMap((s) => s.actions.filter((a) => a.status === 'Failed' && ranSince(a, execution.startTime)).map((a): FailedActionView => ({
      stageName: s.name,
      actionName: a.name,
      errorCode: a.error?.code ?? null,
      errorMessage: a.error?.message ?? null,
      summary: a.summary,
      url: a.url,
    })));
  const succeeded = execution.status === 'Succeeded';
  if (ctx.json) {
    printJson(ctx, { pipelineName: view.pipelineName, execution, failedActions } satisfies WatchResultView);
  } else {
    const { colours } = ctx;
    const took = execution.durationSeconds !== null ? ` after ${formatDuration(execution.durationSeconds * 1000)}` : '';
    print(ctx, `Execution ${executionId} of ${view.pipelineName}: ${colours.status(execution.status ?? 'unknown')}${took}.`);
    for (const failed of failedActions) {
      const reason = failed.errorMessage ?? failed.summary ?? 'no details reported';
      print(ctx, colours.red(`  ✖ ${failed.stageName}/${failed.actionName}: ${reason}`) + (failed.url ? colours.dim(`  ${failed.url}`) : ''));
    }
  }
  return succeeded ? ExitCode.OK : ExitCode.FAILURE;
}
