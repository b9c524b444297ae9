import { PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { executionUrl } from './console-links';
import { iso, revisionHeadline } from './format';

/** A source revision of an execution (JSON shape). */
export interface SourceRevisionView {
  readonly actionName: string | null;
  readonly revisionId: string | null;
  /** The first line of the commit message (or the revision summary). */
  readonly revisionSummary: string | null;
  readonly revisionUrl: string | null;
}

/** One pipeline execution (JSON shape shared by list, status, history and watch). */
export interface ExecutionView {
  readonly pipelineExecutionId: string;
  /** InProgress | Stopping | Stopped | Succeeded | Superseded | Failed | Cancelled */
  readonly status: string | null;
  readonly statusSummary: string | null;
  /** For example Webhook, StartPipelineExecution, CloudWatchEvent, ManualRollback. */
  readonly trigger: { readonly type: string | null; readonly detail: string | null };
  readonly startTime: string | null;
  readonly lastUpdateTime: string | null;
  /** Seconds from start to last update (to now while the execution runs). */
  readonly durationSeconds: number | null;
  /** QUEUED | SUPERSEDED | PARALLEL */
  readonly executionMode: string | null;
  /** STANDARD | ROLLBACK */
  readonly executionType: string | null;
  readonly sourceRevisions: readonly SourceRevisionView[];
  readonly consoleUrl: string;
}

const RUNNING = new Set(['InProgress', 'Stopping']);

/** Whether an execution status means "still running". */
export function isRunning(status: string | undefined | null): boolean {
  return status !== undefined && status !== null && RUNNING.has(status);
}

export function executionView(summary: PipelineExecutionSummary, pipeline: string, region: string, now: Date): ExecutionView {
  const id = summary.pipelineExecutionId ?? '';
  const end = isRunning(summary.status) ? now : summary.lastUpdateTime;
  return {
    pipelineExecutionId: id,
    status: summary.status ?? null,
    statusSummary: summary.statusSummary ?? null,
    trigger: { type: summary.trigger?.triggerType ?? null, detail: summary.trigger?.triggerDetail ?? null },
    startTime: iso(summary.startTime),
    lastUpdateTime: iso(summary.lastUpdateTime),
    durationSeconds: summary.startTime && end ? Math.max(0, Math.round((end.getTime() - summary.startTime.getTime()) / 1000)) : null,
    executionMode: summary.executionMode ?? null,
    executionType: summary.executionType ?? null,
    sourceRevisions: (summary.sourceRevisions ?? []).map((r) => ({
      actionName: r.actionName ?? null,
      revisionId: r.revisionId ?? null,
      revisionSummary: revisionHeadline(r.revisionSummary) ?? null,
      revisionUrl: r.revisionUrl ?? null,
    })),
    consoleUrl: executionUrl(region, pipeline, id),
  };
}
