import { StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { CliError, ExitCode, UsageError } from '../private/errors';
import { listExecutions } from '../private/queries';

/** How many recent executions `stop` scans for running ones. */
const RUNNING_SEARCH_DEPTH = 50;

interface StopOptions {
  readonly execution?: string;
  readonly abandon?: boolean;
  readonly reason?: string;
}

/** `stop --json` */
export interface StopResultView {
  readonly pipelineName: string;
  readonly pipelineExecutionId: string;
  /** true: in-progress actions were abandoned; false: they finish first. */
  readonly abandon: boolean;
  readonly reason: string | null;
}

export const stopCommand: CommandDefinition<StopOptions> = {
  name: 'stop',
  description: 'Stop the running execution, letting in-progress actions finish (default) or abandoning them',
  takesPipeline: true,
  iamActions: ['codepipeline:ListPipelineExecutions', 'codepipeline:StopPipelineExecution'],
  examples: [
    'stop my-service-pipeline --reason "Bad config pushed"',
    'stop my-service-pipeline --abandon --reason "Runaway deployment"',
    'stop my-service-pipeline --execution 3f1c2b9e-0000-4e4e-9b0b-6f9e6d7c8a1b',
  ],
  configure(command) {
    command
      .option('--execution <id>', 'the execution to stop (default: the running one)')
      .option('--abandon', 'abandon in-progress actions instead of letting them finish')
      .option('--reason <text>', 'why the execution is stopped (shown in the console)');
  },
  async run(ctx, { pipeline, options }) {
    const executionId = options.execution ?? await runningExecution(ctx, pipeline, options.abandon ?? false);
    await ctx.client.send(new StopPipelineExecutionCommand({
      pipelineName: pipeline,
      pipelineExecutionId: executionId,
      abandon: options.abandon ?? false,
      reason: options.reason,
    }));
    const view: StopResultView = {
      pipelineName: pipeline,
      pipelineExecutionId: executionId,
      abandon: options.abandon ?? false,
      reason: options.reason ?? null,
    };
    if (ctx.json) {
      printJson(ctx, view);
    } else {
      const how = view.abandon ? 'abandoning in-progress actions' : 'in-progress actions will finish first';
      print(ctx, `Stopping execution ${executionId} of ${pipeline} (${how}).`);
    }
    return ExitCode.OK;
  },
};

/** The execution to stop: the one in progress (or, to abandon, also one already stopping). */
async function runningExecution(ctx: CommandContext, pipeline: string, abandon: boolean): Promise<string> {
  const stoppable = abandon ? ['InProgress', 'Stopping'] : ['InProgress'];
  const running = (await listExecutions(ctx.client, pipeline, { max: RUNNING_SEARCH_DEPTH }))
    .filter((e) => stoppable.includes(e.status ?? '') && e.pipelineExecutionId);
  if (running.length === 0) {
    throw new CliError(`nothing to stop: pipeline ${pipeline} has no execution in progress`);
  }
  if (running.length > 1) {
    const ids = running.map((e) => e.pipelineExecutionId).join(', ');
    throw new UsageError(`${running.length} executions of ${pipeline} are in progress, choose one with --execution: ${ids}`);
  }
  return running[0].pipelineExecutionId as string;
}
