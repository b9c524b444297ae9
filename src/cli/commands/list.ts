import { PipelineSummary } from '@aws-sdk/client-codepipeline';
import { CommandDefinition } from '../private/command';
import { mapLimit } from '../private/concurrency';
import { CommandContext, print, printJson } from '../private/context';
import { ExitCode } from '../private/errors';
import { formatAgo, iso, table } from '../private/format';
import { latestExecution, listAllPipelines } from '../private/queries';
import { executionView, ExecutionView } from '../private/views';

/** Calls in flight at once when fetching each pipeline's latest execution. */
const CONCURRENCY = 5;

/** One pipeline in `list --json`. */
export interface PipelineListEntry {
  readonly name: string;
  /** V1 | V2 */
  readonly pipelineType: string | null;
  readonly executionMode: string | null;
  readonly version: number | null;
  readonly created: string | null;
  readonly updated: string | null;
  readonly latestExecution: ExecutionView | null;
}

/** `list --json` */
export interface PipelineListView {
  readonly region: string;
  readonly pipelines: readonly PipelineListEntry[];
}

export const listCommand: CommandDefinition = {
  name: 'list',
  description: 'List the pipelines in the account and region with their latest execution',
  takesPipeline: false,
  iamActions: ['codepipeline:ListPipelines', 'codepipeline:ListPipelineExecutions'],
  examples: [
    'list',
    'list --region eu-west-1 --profile prod',
    'list --json | jq -r \'.pipelines[] | select(.latestExecution.status == "Failed") | .name\'',
  ],
  async run(ctx) {
    const summaries = await listAllPipelines(ctx.client);
    const pipelines = await mapLimit(summaries, CONCURRENCY, (summary) => listEntry(ctx, summary));
    const view: PipelineListView = { region: ctx.region, pipelines };
    if (ctx.json) {
      printJson(ctx, view);
    } else if (pipelines.length === 0) {
      print(ctx, `No pipelines in ${ctx.region}.`);
    } else {
      print(ctx, renderList(ctx, view));
    }
    return ExitCode.OK;
  },
};

async function listEntry(ctx: CommandContext, summary: PipelineSummary): Promise<PipelineListEntry> {
  const name = summary.name ?? '';
  const latest = await latestExecution(ctx.client, name);
  return {
    name,
    pipelineType: summary.pipelineType ?? null,
    executionMode: summary.executionMode ?? null,
    version: summary.version ?? null,
    created: iso(summary.created),
    updated: iso(summary.updated),
    latestExecution: latest ? executionView(latest, name, ctx.region, ctx.clock.now()) : null,
  };
}

function renderList(ctx: CommandContext, view: PipelineListView): string {
  const { colours } = ctx;
  const now = ctx.clock.now();
  const header = ['PIPELINE', 'TYPE', 'LATEST', 'STARTED', 'TRIGGER', 'EXECUTION'].map((h) => colours.dim(h));
  const rows = view.pipelines.map((p) => {
    const e = p.latestExecution;
    return [
      colours.bold(p.name),
      p.pipelineType ?? '-',
      e ? colours.status(e.status ?? undefined) : colours.dim('never run'),
      e?.startTime ? formatAgo(new Date(e.startTime), now) : '-',
      e?.trigger.type ?? '-',
      colours.dim(e?.pipelineExecutionId ?? ''),
    ];
  });
  return table([header, ...rows]);
}
