import { RollbackStageCommand } from '@aws-sdk/client-codepipeline';
import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { CliError, ExitCode } from '../private/errors';
import { findStage, getPipelineState, listExecutions } from '../private/queries';

/** How far back `rollback` looks for an earlier successful execution. */
const ROLLBACK_SEARCH_DEPTH = 100;

interface RollbackOptions {
  readonly stage: string;
  readonly to?: string;
}

/** `rollback --json` */
export interface RollbackResultView {
  readonly pipelineName: string;
  readonly stageName: string;
  /** The execution whose revisions the stage is rolled back to. */
  readonly targetPipelineExecutionId: string;
  /** The new (rollback) execution. */
  readonly pipelineExecutionId: string | null;
}

export const rollbackCommand: CommandDefinition<RollbackOptions> = {
  name: 'rollback',
  description: 'Roll a stage back to an earlier successful execution (V2 pipelines)',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipelineState', 'codepipeline:ListPipelineExecutions', 'codepipeline:RollbackStage'],
  examples: [
    'rollback my-service-pipeline --stage Prod                # to the previous execution that succeeded in Prod',
    'rollback my-service-pipeline --stage Prod --to 3f1c2b9e-0000-4e4e-9b0b-6f9e6d7c8a1b',
  ],
  configure(command) {
    command
      .requiredOption('--stage <name>', 'the stage to roll back')
      .option('--to <execution-id>', 'the execution to roll back to (default: the most recent earlier one that succeeded in the stage)');
  },
  async run(ctx, { pipeline, options }) {
    const stage = findStage(await getPipelineState(ctx.client, pipeline), options.stage);
    const target = options.to ?? await previousSuccess(ctx, pipeline, options.stage, stage.latestExecution?.pipelineExecutionId);
    const response = await ctx.client.send(new RollbackStageCommand({
      pipelineName: pipeline,
      stageName: options.stage,
      targetPipelineExecutionId: target,
    }));
    const view: RollbackResultView = {
      pipelineName: pipeline,
      stageName: options.stage,
      targetPipelineExecutionId: target,
      pipelineExecutionId: response.pipelineExecutionId ?? null,
    };
    if (ctx.json) {
      printJson(ctx, view);
    } else {
      print(ctx, `Rolling back stage ${options.stage} of ${pipeline} to execution ${target}${view.pipelineExecutionId ? ` (rollback execution ${view.pipelineExecutionId})` : ''}.`);
    }
    return ExitCode.OK;
  },
};

/** The most recent execution that succeeded in the stage, other than the stage's current one. */
async function previousSuccess(ctx: CommandContext, pipeline: string, stageName: string, current: string | undefined): Promise<string> {
  const succeeded = await listExecutions(ctx.client, pipeline, {
    max: ROLLBACK_SEARCH_DEPTH,
    filter: { succeededInStage: { stageName } },
  });
  const target = succeeded.find((e) => e.pipelineExecutionId && e.pipelineExecutionId !== current);
  if (!target?.pipelineExecutionId) {
    throw new CliError(`no earlier execution succeeded in stage ${stageName} of ${pipeline}: nothing to roll back to (pass --to to choose one)`);
  }
  return target.pipelineExecutionId;
}
