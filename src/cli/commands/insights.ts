import {
  ActionExecutionDetail,
  GetPipelineCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PipelineDeclaration,
  PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { isThrottling } from '../private/aws-errors';
import { CommandDefinition } from '../private/command';
import { CommandContext, print, printJson } from '../private/context';
import { ExitCode, UsageError } from '../private/errors';
import { formatDuration, table } from '../private/format';
import { computeInsights, InsightsView, productionStageOf, sparkline } from '../private/insights';
import { positiveInteger } from '../private/parse';

/** Days looked at when --days is not given. */
export const DEFAULT_INSIGHTS_DAYS = 30;
/** CodePipeline keeps execution history for 12 months. */
export const MAX_INSIGHTS_DAYS = 365;

interface InsightsOptions {
  readonly days: number;
  readonly stage?: string;
}

export const insightsCommand: CommandDefinition<InsightsOptions> = {
  name: 'insights',
  description: 'The four DORA figures of the production stage (deployment frequency, lead time, change failure rate, time to restore), with a daily sparkline each',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipeline', 'codepipeline:ListPipelineExecutions', 'codepipeline:ListActionExecutions'],
  examples: [
    'insights my-service-pipeline',
    'insights my-service-pipeline --days 90 --stage Prod --json',
  ],
  configure(command) {
    command
      .option('--days <n>', `how many days back to look (at most ${MAX_INSIGHTS_DAYS})`, (v) => days(v), DEFAULT_INSIGHTS_DAYS)
      .option('--stage <name>', 'the production stage (default: the last stage named prod/production, else the last stage with a deploy action)');
  },
  async run(ctx, { pipeline, options }) {
    const response = await retryThrottled(ctx, () => ctx.client.send(new GetPipelineCommand({ name: pipeline })));
    const declaration: Partial<PipelineDeclaration> = response.pipeline ?? {};
    const productionStage = productionStageOf(declaration, options.stage);
    if (!productionStage) {
      const stages = (declaration.stages ?? []).map(s => s.name).join(', ');
      throw new UsageError(`pipeline "${pipeline}" has no stage "${options.stage}"; its stages are: ${stages}`);
    }
    const now = ctx.clock.now();
    const since = now.getTime() - options.days * 86_400_000;
    const executions = await executionsSince(ctx, pipeline, since);
    const actions = await actionExecutionsSince(ctx, pipeline, since);
    const view = computeInsights({ pipelineName: pipeline, productionStage, executions, actions, now, days: options.days });
    if (ctx.json) {
      printJson(ctx, view);
    } else {
      print(ctx, renderInsights(ctx, view));
    }
    return ExitCode.OK;
  },
};

function days(value: string): number {
  const n = positiveInteger('--days', value);
  if (n > MAX_INSIGHTS_DAYS) throw new UsageError(`--days must be at most ${MAX_INSIGHTS_DAYS} (CodePipeline keeps 12 months of history), got "${value}"`);
  return n;
}

/** Executions started since the given time, newest first, across as many pages as needed. */
async function executionsSince(ctx: CommandContext, pipeline: string, since: number): Promise<PipelineExecutionSummary[]> {
  const executions: PipelineExecutionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const input = { pipelineName: pipeline, maxResults: 100, nextToken: token };
    const page = await retryThrottled(ctx, () => ctx.client.send(new ListPipelineExecutionsCommand(input)));
    const summaries = page.pipelineExecutionSummaries ?? [];
    executions.push(...summaries.filter(e => (e.startTime?.getTime() ?? 0) >= since));
    if (summaries.some(e => (e.startTime?.getTime() ?? 0) < since)) break;
    nextToken = page.nextToken;
  } while (nextToken);
  return executions;
}

/** Action executions started since the given time (newest first, all pages). */
async function actionExecutionsSince(ctx: CommandContext, pipeline: string, since: number): Promise<ActionExecutionDetail[]> {
  const actions: ActionExecutionDetail[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const input = { pipelineName: pipeline, maxResults: 100, nextToken: token };
    const page = await retryThrottled(ctx, () => ctx.client.send(new ListActionExecutionsCommand(input)));
    const details = page.actionExecutionDetails ?? [];
    actions.push(...details.filter(a => (a.startTime?.getTime() ?? 0) >= since));
    if (details.some(a => (a.startTime?.getTime() ?? 0) < since)) break;
    nextToken = page.nextToken;
  } while (nextToken);
  return actions;
}

/** Attempts of a call still throttled after the SDK's own retries: insights reads many pages, so it waits and goes on. */
const THROTTLED_ROUNDS = 5;

/**
 * Calls `fn`; when CodePipeline still throttles after the SDK's retries, waits (2 s, 4 s, 8 s, ...)
 * and calls it again, so a long history is read to the end.
 */
export async function retryThrottled<T>(ctx: CommandContext, fn: () => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottling(error) || round >= THROTTLED_ROUNDS) throw error;
      await ctx.clock.sleep(1000 * 2 ** round);
    }
  }
}

function renderInsights(ctx: CommandContext, view: InsightsView): string {
  const { colours } = ctx;
  const duration = (seconds: number | null) => (seconds === null ? '-' : formatDuration(seconds * 1000));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const f = view;
  const rows = [
    ['FIGURE', 'VALUE', `DAILY, LAST ${f.days} DAYS`].map(h => colours.dim(h)),
    ['Deployment frequency', `${f.deploymentFrequency.perDay} per day (${plural(f.deploymentFrequency.deploys, 'deploy')})`, sparkline(f.deploymentFrequency.daily)],
    ['Lead time for changes', `${duration(f.leadTime.medianSeconds)} median (${plural(f.leadTime.changes, 'change')})`, sparkline(f.leadTime.daily)],
    ['Change failure rate', f.changeFailureRate.percent === null ? '-' : `${f.changeFailureRate.percent}% (${f.changeFailureRate.failed + f.changeFailureRate.rolledBack} of ${plural(f.changeFailureRate.deploys, 'deploy')})`,
      sparkline(f.changeFailureRate.daily)],
    ['Time to restore', `${duration(f.timeToRestore.medianSeconds)} median (${plural(f.timeToRestore.restores, 'restore')})`, sparkline(f.timeToRestore.daily)],
  ];
  const notes: string[] = [];
  if (f.leadTime.changes > f.leadTime.fromCommitTime) {
    notes.push(`Lead time from the commit time for ${f.leadTime.fromCommitTime} of ${plural(f.leadTime.changes, 'change')}; the source reported none for the others, measured from the execution's start.`);
  }
  const rolledBack = f.changeFailureRate.rolledBack;
  if (rolledBack > 0) notes.push(`${rolledBack} rolled-back deploy${rolledBack === 1 ? ' counts' : 's count'} as failed.`);
  if (f.timeToRestore.brokenSince) notes.push(colours.red(`Production has been failing since ${f.timeToRestore.brokenSince}.`));
  const header = `${colours.bold(f.pipelineName)}  production stage ${f.productionStage} · ${f.from.slice(0, 10)} to ${f.to.slice(0, 10)}`;
  return [header, '', table(rows), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
