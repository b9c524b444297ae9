import { ActionExecutionDetail, PipelineDeclaration, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';

const DAY_MS = 86_400_000;

/** One run of the production stage in an execution. */
export interface ProductionDeploy {
  readonly pipelineExecutionId: string;
  /** Succeeded, Failed, or RolledBack (succeeded, then replaced by a rollback). */
  readonly result: 'Succeeded' | 'Failed' | 'RolledBack';
  /** Whether the execution is a rollback (it restores, it is no change). */
  readonly rollback: boolean;
  readonly startTime: string;
  readonly finishedAt: string;
  /** The source revision's commit time, when the source action reports one. */
  readonly commitTime: string | null;
  /** From the commit (else the execution's start) to the end of the production stage; null for rollbacks. */
  readonly leadTimeSeconds: number | null;
}

/** `insights --json` */
export interface InsightsView {
  readonly pipelineName: string;
  readonly productionStage: string;
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly deploymentFrequency: {
    /** Successful production deploys (rollbacks left out) per day. */
    readonly perDay: number;
    readonly deploys: number;
    readonly daily: number[];
  };
  readonly leadTime: {
    readonly medianSeconds: number | null;
    readonly averageSeconds: number | null;
    readonly changes: number;
    /** How many of the changes were measured from the commit time (the others from the execution's start). */
    readonly fromCommitTime: number;
    readonly daily: Array<number | null>;
  };
  readonly changeFailureRate: {
    readonly percent: number | null;
    readonly failed: number;
    readonly rolledBack: number;
    readonly deploys: number;
    readonly daily: Array<number | null>;
  };
  readonly timeToRestore: {
    readonly medianSeconds: number | null;
    readonly averageSeconds: number | null;
    readonly restores: number;
    /** When production broke, if it is still broken. */
    readonly brokenSince: string | null;
    readonly daily: Array<number | null>;
  };
  /** Every production deploy in the window, oldest first. */
  readonly deploys: readonly ProductionDeploy[];
}

/**
 * The production stage of any pipeline: the one asked for, else the last stage named prod or
 * production (any case), else the last stage holding a deploy action, else the last stage.
 */
export function productionStageOf(pipeline: Partial<PipelineDeclaration>, requested: string | undefined): string | undefined {
  const stages = pipeline.stages ?? [];
  if (requested !== undefined) return stages.some(s => s.name === requested) ? requested : undefined;
  const named = stages.filter(s => /^prod(uction)?$/i.test(s.name ?? ''));
  if (named.length > 0) return named[named.length - 1].name;
  const deploying = stages.filter(s => (s.actions ?? []).some(a => a.actionTypeId?.category === 'Deploy'));
  return (deploying[deploying.length - 1] ?? stages[stages.length - 1])?.name;
}

export interface InsightsInput {
  readonly pipelineName: string;
  readonly productionStage: string;
  readonly executions: readonly PipelineExecutionSummary[];
  readonly actions: readonly ActionExecutionDetail[];
  readonly now: Date;
  readonly days: number;
}

/**
 * The four DORA figures of the production stage over the last `days` days (see docs/insights.md):
 * deployment frequency = successful production deploys per day; lead time = from the source
 * revision's commit time (the execution's start when the source does not report it) to the production
 * stage succeeding; change failure rate = failed or rolled-back deploys / all deploys; time to
 * restore = from a failed deploy (or the start of a rollback) to the next successful deploy.
 * Rollback executions are not deploys of a change: they only restore.
 */
export function computeInsights(input: InsightsInput): InsightsView {
  const to = input.now.getTime();
  const from = to - input.days * DAY_MS;
  const deploys = productionDeploys(input).filter(d => Date.parse(d.startTime) >= from && Date.parse(d.finishedAt) <= to);
  const changes = deploys.filter(d => !d.rollback);
  const succeeded = changes.filter(d => d.result !== 'Failed');
  const failed = changes.filter(d => d.result === 'Failed');
  const rolledBack = changes.filter(d => d.result === 'RolledBack');
  const { restores, brokenSince } = incidents(deploys);

  const dayOf = (iso: string) => Math.min(input.days - 1, Math.floor((Date.parse(iso) - from) / DAY_MS));
  const byDay = <T>(items: readonly T[], at: (item: T) => string): T[][] => {
    const days: T[][] = Array.from({ length: input.days }, () => []);
    for (const item of items) days[dayOf(at(item))].push(item);
    return days;
  };
  const leadTimes = succeeded.map(d => d.leadTimeSeconds!);
  return {
    pipelineName: input.pipelineName,
    productionStage: input.productionStage,
    days: input.days,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    deploymentFrequency: {
      perDay: round(succeeded.length / input.days, 2),
      deploys: succeeded.length,
      daily: byDay(succeeded, d => d.finishedAt).map(d => d.length),
    },
    leadTime: {
      medianSeconds: median(leadTimes),
      averageSeconds: average(leadTimes),
      changes: succeeded.length,
      fromCommitTime: succeeded.filter(d => d.commitTime !== null).length,
      daily: byDay(succeeded, d => d.finishedAt).map(day => median(day.map(d => d.leadTimeSeconds!))),
    },
    changeFailureRate: {
      percent: changes.length === 0 ? null : round((100 * (failed.length + rolledBack.length)) / changes.length, 1),
      failed: failed.length,
      rolledBack: rolledBack.length,
      deploys: changes.length,
      daily: byDay(changes, d => d.finishedAt).map(day => (day.length === 0 ? null : round((100 * day.filter(d => d.result !== 'Succeeded').length) / day.length, 1))),
    },
    timeToRestore: {
      medianSeconds: median(restores.map(r => r.seconds)),
      averageSeconds: average(restores.map(r => r.seconds)),
      restores: restores.length,
      brokenSince,
      daily: byDay(restores, r => r.restoredAt).map(day => average(day.map(r => r.seconds))),
    },
    deploys,
  };
}

/** Every completed run of the production stage, oldest first, deploys that a rollback replaced marked RolledBack. */
function productionDeploys(input: InsightsInput): ProductionDeploy[] {
  const actionsOf = new Map<string, ActionExecutionDetail[]>();
  for (const action of input.actions) {
    const id = action.pipelineExecutionId ?? '';
    actionsOf.set(id, [...(actionsOf.get(id) ?? []), action]);
  }
  const runs: Array<Omit<ProductionDeploy, 'result'> & { result: ProductionDeploy['result'] }> = [];
  for (const execution of input.executions) {
    const id = execution.pipelineExecutionId ?? '';
    const all = actionsOf.get(id) ?? [];
    // The latest attempt of each action of the production stage (a retried stage runs its actions again).
    const latest = new Map<string, ActionExecutionDetail>();
    for (const action of all.filter(a => a.stageName === input.productionStage)) {
      const seen = latest.get(action.actionName ?? '');
      if (!seen || time(action.startTime) > time(seen.startTime)) latest.set(action.actionName ?? '', action);
    }
    const stage = [...latest.values()];
    if (stage.length === 0) continue;
    const failedAction = stage.some(a => a.status === 'Failed' || a.status === 'Abandoned');
    if (!failedAction && !stage.every(a => a.status === 'Succeeded')) continue; // still running
    const finishedAt = new Date(Math.max(...stage.map(a => time(a.lastUpdateTime ?? a.startTime))));
    const rollback = execution.executionType === 'ROLLBACK';
    const commit = commitTime(all);
    const started = execution.startTime ?? new Date(Math.min(...stage.map(a => time(a.startTime))));
    runs.push({
      pipelineExecutionId: id,
      result: failedAction ? 'Failed' : 'Succeeded',
      rollback,
      startTime: started.toISOString(),
      finishedAt: finishedAt.toISOString(),
      commitTime: commit ? commit.toISOString() : null,
      leadTimeSeconds: rollback || failedAction ? null : Math.round((finishedAt.getTime() - (commit ?? started).getTime()) / 1000),
    });
  }
  runs.sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  // A successful deploy that a rollback replaced was a failed change.
  runs.forEach((run, i) => {
    const next = runs[i + 1];
    if (!run.rollback && run.result === 'Succeeded' && next?.rollback) run.result = 'RolledBack';
  });
  return runs;
}

/** Restores: from a failed deploy (or the start of a rollback) to the next successful deploy. */
function incidents(deploys: readonly ProductionDeploy[]): { restores: Array<{ seconds: number; restoredAt: string }>; brokenSince: string | null } {
  const restores: Array<{ seconds: number; restoredAt: string }> = [];
  let brokenSince: number | undefined;
  for (const deploy of deploys) {
    if (deploy.rollback && brokenSince === undefined) brokenSince = Date.parse(deploy.startTime);
    if (deploy.result === 'Failed') {
      brokenSince ??= Date.parse(deploy.finishedAt);
    } else if (brokenSince !== undefined) {
      restores.push({ seconds: Math.round((Date.parse(deploy.finishedAt) - brokenSince) / 1000), restoredAt: deploy.finishedAt });
      brokenSince = undefined;
    }
  }
  return { restores, brokenSince: brokenSince === undefined ? null : new Date(brokenSince).toISOString() };
}

/** The most recent commit time the execution's source actions report (CodeCommit, GitHub, connections). */
function commitTime(actions: readonly ActionExecutionDetail[]): Date | undefined {
  const times = actions
    .filter(a => a.input?.actionTypeId?.category === 'Source')
    .map(a => a.output?.outputVariables ?? {})
    .map(v => v.CommitterDate ?? v.AuthorDate)
    .filter((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)))
    .map(v => Date.parse(v));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

function time(date: Date | undefined): number {
  return date ? date.getTime() : 0;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of the values (a space where there is none), scaled from 0 to their maximum. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return values.map(v => {
    if (v === null) return ' ';
    if (max === 0) return BARS[0];
    return BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))];
  }).join('');
}
