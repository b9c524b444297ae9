import { RetryStageExecutionCommand, StageRetryMode } from '@aws-sdk/client-codepipeline';
import { CommandDefinition } from '../private/command';
import { print, printJson } from '../private/context';
import { CliError, ExitCode } from '../private/errors';
import { findStage, getPipelineState } from '../private/queries';

interface RetryOptions {
  readonly stage: string;
  readonly allActions?: boolean;
}

/** `retry --json` */
export interface RetryResultView {
  readonly pipelineName: string;
  readonly stageName: string;
  /** FAILED_ACTIONS | ALL_ACTIONS */
  readonly retryMode: string;
  readonly pipelineExecutionId: string;
}

export const retryCommand: CommandDefinition<RetryOptions> = {
  name: 'retry',
  description: 'Retry a failed stage in its latest execution (failed actions only, or all actions)',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipelineState', 'codepipeline:RetryStageExecution'],
  examples: [
    'retry my-service-pipeline --stage Build',
    'retry my-service-pipeline --stage Deploy --all-actions',
  ],
  configure(command) {
    command
      .requiredOption('--stage <name>', 'the failed stage to retry')
      .option('--all-actions', 'rerun every action of the stage, not only the failed ones');
  },
  async run(ctx, { pipeline, options }) {
    const stage = findStage(await getPipelineState(ctx.client, pipeline), options.stage);
    const executionId = stage.latestExecution?.pipelineExecutionId;
    if (!executionId) {
      throw new CliError(`stage ${options.stage} of ${pipeline} has never run, there is nothing to retry`);
    }
    const retryMode = options.allActions ? StageRetryMode.ALL_ACTIONS : StageRetryMode.FAILED_ACTIONS;
    const response = await ctx.client.send(new RetryStageExecutionCommand({
      pipelineName: pipeline,
      stageName: options.stage,
      pipelineExecutionId: executionId,
      retryMode,
    }));
    const view: RetryResultView = {
      pipelineName: pipeline,
      stageName: options.stage,
      retryMode,
      pipelineExecutionId: response.pipelineExecutionId ?? executionId,
    };
    if (ctx.json) {
      printJson(ctx, view);
    } else {
      const what = options.allActions ? 'all actions' : 'the failed actions';
      print(ctx, `Retrying ${what} of stage ${options.stage} in execution ${view.pipelineExecutionId} of ${pipeline}.`);
    }
    return ExitCode.OK;
  },
};
