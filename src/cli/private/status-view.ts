import { ActionState, GetPipelineStateOutput, PipelineExecutionSummary, StageState } from '@aws-sdk/client-codepipeline';
import { executionUrl, pipelineUrl } from './console-links';
import { iso } from './format';
import { ExecutionView, executionView } from './views';

/** An action's state (JSON shape). */
export interface ActionView {
  readonly name: string;
  /** InProgress | Abandoned | Succeeded | Failed, null before its first run */
  readonly status: string | null;
  readonly lastStatusChange: string | null;
  readonly lastUpdatedBy: string | null;
  /** The revision the action last ran with (source actions) and its commit message. */
  readonly revision: {
    readonly id: string | null;
    readonly changeId: string | null;
    readonly created: string | null;
    readonly summary: string | null;
    readonly url: string | null;
  } | null;
  /** The execution of the action's latest run; null when that run predates the stage's current execution. */
  readonly pipelineExecutionId: string | null;
  readonly summary: string | null;
  readonly error: { readonly code: string | null; readonly message: string | null } | null;
  readonly percentComplete: number | null;
  /** A manual approval waiting for `approve` / `reject`. */
  readonly awaitingApproval: boolean;
  /** The action's own page (build logs, deployment, ...) or else the execution in the console. */
  readonly url: string | null;
}

/** A stage's state (JSON shape). */
export interface StageView {
  readonly name: string;
  /** InProgress | Stopping | Stopped | Succeeded | Failed | Cancelled | Skipped, null before its first run */
  readonly status: string | null;
  readonly pipelineExecutionId: string | null;
  readonly executionType: string | null;
  readonly inboundTransitionEnabled: boolean;
  readonly inboundTransitionDisabledReason: string | null;
  readonly actions: readonly ActionView[];
}

/** `status --json` */
export interface StatusView {
  readonly pipelineName: string;
  readonly pipelineVersion: number | null;
  readonly region: string;
  readonly consoleUrl: string;
  readonly latestExecution: ExecutionView | null;
  readonly stages: readonly StageView[];
}

export function statusView(
  pipeline: string,
  region: string,
  state: GetPipelineStateOutput,
  latest: PipelineExecutionSummary | undefined,
  now: Date,
): StatusView {
  const latestView = latest ? executionView(latest, pipeline, region, now) : null;
  return {
    pipelineName: state.pipelineName ?? pipeline,
    pipelineVersion: state.pipelineVersion ?? null,
    region,
    consoleUrl: pipelineUrl(region, pipeline),
    latestExecution: latestView,
    stages: (state.stageStates ?? []).map((stage) => stageView(stage, pipeline, region, latestView)),
  };
}

function stageView(stage: StageState, pipeline: string, region: string, latest: ExecutionView | null): StageView {
  const executionId = stage.latestExecution?.pipelineExecutionId ?? null;
  return {
    name: stage.stageName ?? '',
    status: stage.latestExecution?.status ?? null,
    pipelineExecutionId: executionId,
    executionType: stage.latestExecution?.type ?? null,
    inboundTransitionEnabled: stage.inboundTransitionState?.enabled ?? true,
    inboundTransitionDisabledReason: stage.inboundTransitionState?.disabledReason ?? null,
    actions: (stage.actionStates ?? []).map((action) => actionView(action, executionId, pipeline, region, latest)),
  };
}

function actionView(
  action: ActionState,
  stageExecutionId: string | null,
  pipeline: string,
  region: string,
  latest: ExecutionView | null,
): ActionView {
  const execution = action.latestExecution;
  // an action the stage's current execution has not reached yet still shows an earlier run
  const earlierRun = stageExecutionId !== null && stageExecutionId === latest?.pipelineExecutionId && !!latest.startTime
    && !!execution?.lastStatusChange && execution.lastStatusChange.toISOString() < latest.startTime;
  const executionId = earlierRun ? null : stageExecutionId;
  const revision = action.currentRevision;
  const source = latest?.sourceRevisions.find((r) =>
    r.actionName === action.actionName && (!revision?.revisionId || r.revisionId === revision.revisionId));
  return {
    name: action.actionName ?? '',
    status: execution?.status ?? null,
    lastStatusChange: iso(execution?.lastStatusChange),
    lastUpdatedBy: execution?.lastUpdatedBy ?? null,
    revision: revision?.revisionId || source ? {
      id: revision?.revisionId ?? source?.revisionId ?? null,
      changeId: revision?.revisionChangeId ?? null,
      created: iso(revision?.created),
      summary: source?.revisionSummary ?? null,
      url: action.revisionUrl ?? source?.revisionUrl ?? null,
    } : null,
    pipelineExecutionId: executionId,
    summary: execution?.summary ?? null,
    error: execution?.errorDetails ? {
      code: execution?.errorDetails?.code ?? null,
      message: execution?.errorDetails?.message ?? null,
    } : null,
    percentComplete: execution?.percentComplete ?? null,
    awaitingApproval: execution?.status === 'InProgress' && !!execution.token,
    url: execution?.externalExecutionUrl ?? action.entityUrl
      ?? (executionId ? executionUrl(region, pipeline, executionId) : pipelineUrl(region, pipeline)),
  };
}

/**
 * Whether the action's latest run can belong to the execution that started at `startTime`:
 * GetPipelineState reports, for actions the execution has not reached yet, their run in an
 * earlier execution, which changed status before this one started.
 */
export function ranSince(action: ActionView, startTime: string | null): boolean {
  return !startTime || !action.lastStatusChange || action.lastStatusChange >= startTime;
}

/** The last status change among a stage's actions. */
export function stageLastChange(stage: StageView): string | null {
  const changes = stage.actions.map((a) => a.lastStatusChange).filter((c): c is string => c !== null).sort();
  return changes.length > 0 ? changes[changes.length - 1] : null;
}
