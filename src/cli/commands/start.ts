import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { intervalOption, watchExecution } from './watch';
import { CommandDefinition } from '../private/command';
import { executionUrl } from '../private/console-links';
import { print, printJson } from '../private/context';
import { ExitCode } from '../private/errors';
import { assertUnique, collect, parseSourceRevision, parseVariable } from '../private/parse';

interface StartOptions {
  readonly variable?: string[];
  readonly sourceRevision?: string[];
  readonly watch?: boolean;
  readonly interval: number;
}

/** `start --json` (without --watch; with --watch the output is the `watch --json` shape) */
export interface StartResultView {
  readonly pipelineName: string;
  readonly pipelineExecutionId: string;
  readonly consoleUrl: string;
}

export const startCommand: CommandDefinition<StartOptions> = {
  name: 'start',
  description: 'Start an execution, optionally with pipeline variables and pinned source revisions',
  takesPipeline: true,
  iamActions: [
    'codepipeline:StartPipelineExecution',
    'codepipeline:ListPipelineExecutions (--watch)',
    'codepipeline:GetPipelineExecution (--watch)',
    'codepipeline:GetPipelineState (--watch)',
  ],
  examples: [
    'start my-service-pipeline',
    'start my-service-pipeline --variable DEPLOY_ENV=prod --variable DRY_RUN=false',
    'start my-service-pipeline --source-revision Source=COMMIT_ID:9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a090',
    'start my-service-pipeline --source-revision Image=IMAGE_DIGEST:sha256:0d5c... --watch',
    'start my-service-pipeline --source-revision Artifact=S3_OBJECT_KEY:builds/app-1.4.2.zip',
  ],
  configure(command) {
    command
      .option('--variable <NAME=VALUE>', 'set a pipeline variable (repeatable)', collect)
      .option('--source-revision <ACTION=TYPE:VALUE>',
        'run a source action at a given revision (repeatable); TYPE is COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID or S3_OBJECT_KEY', collect)
      .option('--watch', 'watch the new execution until it ends (exit code as for `watch`)')
      .addOption(intervalOption('with --watch: seconds between refreshes'));
  },
  async run(ctx, { pipeline, options }) {
    const variables = (options.variable ?? []).map(parseVariable);
    const sourceRevisions = (options.sourceRevision ?? []).map(parseSourceRevision);
    assertUnique('--variable', variables.map((v) => v.name));
    assertUnique('--source-revision', sourceRevisions.map((r) => r.actionName ?? ''));
    const response = await ctx.client.send(new StartPipelineExecutionCommand({
      name: pipeline,
      variables: variables.length > 0 ? variables : undefined,
      sourceRevisions: sourceRevisions.length > 0 ? sourceRevisions : undefined,
    }));
    const executionId = response.pipelineExecutionId ?? '';
    const view: StartResultView = {
      pipelineName: pipeline,
      pipelineExecutionId: executionId,
      consoleUrl: executionUrl(ctx.region, pipeline, executionId),
    };
    if (!ctx.json) {
      print(ctx, `Started execution ${executionId} of ${pipeline}.\n${ctx.colours.dim(view.consoleUrl)}`);
    }
    if (options.watch) {
      return watchExecution(ctx, pipeline, executionId, options.interval);
    }
    if (ctx.json) {
      printJson(ctx, view);
    }
    return ExitCode.OK;
  },
};
