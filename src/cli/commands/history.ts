import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { ExitCode } from '../private/errors';
import { formatAgo, formatDuration, shortRevision, table, truncate } from '../private/format';
import { positiveInteger } from '../private/parse';
import { listExecutions } from '../private/queries';
import { executionView, ExecutionView } from '../private/views';

/** Executions shown when --max is not given. */
export const DEFAULT_HISTORY_SIZE = 20;

interface HistoryOptions {
  readonly max: number;
}

/** `history --json` */
export interface HistoryView {
  readonly pipelineName: string;
  readonly executions: readonly ExecutionView[];
}

export const historyCommand: CommandDefinition<HistoryOptions> = {
  name: 'history',
  description: 'Recent executions with trigger, duration, status and source revision (newest first)',
  takesPipeline: true,
  iamActions: ['codepipeline:ListPipelineExecutions'],
  examples: [
    'history my-service-pipeline',
    'history my-service-pipeline --max 100 --json',
  ],
  configure(command) {
    command.option('--max <n>', 'how many executions to show', (v) => positiveInteger('--max', v), DEFAULT_HISTORY_SIZE);
  },
  async run(ctx, { pipeline, options }) {
    const now = ctx.clock.now();
    const executions = (await listExecutions(ctx.client, pipeline, { max: options.max }))
      .map((e) => executionView(e, pipeline, ctx.region, now));
    if (ctx.json) {
      printJson(ctx, { pipelineName: pipeline, executions } satisfies HistoryView);
    } else if (executions.length === 0) {
      print(ctx, `Pipeline ${pipeline} has no executions yet.`);
    } else {
      print(ctx, renderHistory(ctx, executions));
    }
    return ExitCode.OK;
  },
};

function renderHistory(ctx: CommandContext, executions: readonly ExecutionView[]): string {
  const { colours } = ctx;
  const now = ctx.clock.now();
  const header = ['EXECUTION', 'STATUS', 'STARTED', 'DURATION', 'TRIGGER', 'REVISION'].map((h) => colours.dim(h));
  const rows = executions.map((e) => {
    const revision = e.sourceRevisions[0];
    const revisionText = revision
      ? [shortRevision(revision.revisionId ?? undefined), colours.dim(truncate(revision.revisionSummary ?? '', 50))].filter(Boolean).join(' ')
      : '';
    return [
      e.pipelineExecutionId,
      colours.status(e.status ?? undefined) + (e.executionType === 'ROLLBACK' ? colours.dim(' (rollback)') : ''),
      e.startTime ? formatAgo(new Date(e.startTime), now) : '-',
      e.durationSeconds !== null ? formatDuration(e.durationSeconds * 1000) : '-',
      e.trigger.type ?? '-',
      revisionText,
    ];
  });
  return table([header, ...rows]);
}
