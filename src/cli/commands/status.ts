import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { ExitCode } from '../private/errors';
import { getPipelineState, latestExecution } from '../private/queries';
import { renderStatus } from '../private/render-status';
import { statusView, StatusView } from '../private/status-view';

/** Fetches the pipeline's state and latest execution as one view. */
export async function loadStatus(ctx: CommandContext, pipeline: string): Promise<StatusView> {
  const [state, latest] = await Promise.all([
    getPipelineState(ctx.client, pipeline),
    latestExecution(ctx.client, pipeline),
  ]);
  return statusView(pipeline, ctx.region, state, latest, ctx.clock.now());
}

export const statusCommand: CommandDefinition = {
  name: 'status',
  description: 'Show every stage and action: status, last change, revision, links and failure summaries',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipelineState', 'codepipeline:ListPipelineExecutions'],
  examples: [
    'status my-service-pipeline',
    'status                        # the pipeline of the CDK app in the current directory',
    'status my-service-pipeline --json | jq \'.stages[] | select(.status == "Failed")\'',
  ],
  async run(ctx, { pipeline }) {
    const view = await loadStatus(ctx, pipeline);
    if (ctx.json) {
      printJson(ctx, view);
    } else {
      print(ctx, renderStatus(view, ctx.colours, ctx.clock.now()));
    }
    return ExitCode.OK;
  },
};
