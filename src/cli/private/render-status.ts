import { Palette } from './colour';
import { PROGRAM_NAME } from './command';
import { formatAgo, formatDuration, shortRevision, table, TableRow, truncate } from './format';
import { ActionView, stageLastChange, StageView, StatusView } from './status-view';
import { ExecutionView } from './views';

/** The human-readable `status` view. */
export function renderStatus(view: StatusView, colours: Palette, now: Date): string {
  const lines = [
    `${colours.bold(view.pipelineName)}${view.pipelineVersion !== null ? colours.dim(` (version ${view.pipelineVersion})`) : ''}  ${colours.dim(view.region)}`,
    colours.dim(view.consoleUrl),
    '',
    view.latestExecution ? renderExecutionHeadline('Latest execution', view.latestExecution, colours, now) : colours.dim('No executions yet.'),
    '',
    table(stageRows(view, colours, now)),
  ];
  return lines.join('\n');
}

/** "Latest execution <id>  InProgress  started 5m ago · Webhook · 3m 05s" plus its source revisions. */
export function renderExecutionHeadline(label: string, execution: ExecutionView, colours: Palette, now: Date): string {
  const started = execution.startTime ? `started ${formatAgo(new Date(execution.startTime), now)}` : undefined;
  const duration = execution.durationSeconds !== null ? formatDuration(execution.durationSeconds * 1000) : undefined;
  const facts = [started, execution.trigger.type ?? undefined, duration].filter((f): f is string => !!f);
  const lines = [`${label} ${execution.pipelineExecutionId}  ${colours.status(execution.status ?? undefined)}  ${colours.dim(facts.join(' · '))}`];
  if (execution.statusSummary) {
    lines.push(`  ${execution.statusSummary}`);
  }
  for (const revision of execution.sourceRevisions) {
    const text = [shortRevision(revision.revisionId ?? undefined), revision.revisionSummary ? truncate(revision.revisionSummary, 72) : ''].filter(Boolean).join(' ');
    lines.push(`  ${revision.actionName ?? 'source'}: ${text || '-'}`);
  }
  return lines.join('\n');
}

function stageRows(view: StatusView, colours: Palette, now: Date): TableRow[] {
  const rows: TableRow[] = [['STAGE / ACTION', 'STATUS', 'LAST CHANGE', 'REVISION', 'LINK'].map((h) => colours.dim(h))];
  for (const stage of view.stages) {
    rows.push(stageRow(stage, colours, now));
    for (const action of stage.actions) {
      rows.push(actionRow(action, colours, now));
      rows.push(...actionNotes(view.pipelineName, stage, action, colours));
    }
  }
  return rows;
}

function stageRow(stage: StageView, colours: Palette, now: Date): TableRow {
  const last = stageLastChange(stage);
  const transition = stage.inboundTransitionEnabled
    ? ''
    : colours.yellow(`transition disabled${stage.inboundTransitionDisabledReason ? `: ${stage.inboundTransitionDisabledReason}` : ''}`);
  return [colours.bold(stage.name), colours.status(stage.status ?? undefined), last ? formatAgo(new Date(last), now) : '-', '', transition];
}

function actionRow(action: ActionView, colours: Palette, now: Date): TableRow {
  const progress = action.status === 'InProgress' && action.percentComplete !== null ? ` ${action.percentComplete}%` : '';
  const changed = action.lastStatusChange ? formatAgo(new Date(action.lastStatusChange), now) : '-';
  const by = action.lastUpdatedBy && action.status !== 'InProgress' ? colours.dim(` by ${shortPrincipal(action.lastUpdatedBy)}`) : '';
  const revision = action.revision
    ? [shortRevision(action.revision.id ?? undefined), action.revision.summary ? colours.dim(truncate(action.revision.summary, 40)) : ''].filter(Boolean).join(' ')
    : '';
  return [`  ${action.name}`, colours.status(action.status ?? undefined) + progress, changed + by, revision, colours.dim(action.url ?? '')];
}

function actionNotes(pipeline: string, stage: StageView, action: ActionView, colours: Palette): TableRow[] {
  const notes: TableRow[] = [];
  if (action.status === 'Failed') {
    const error = action.error?.message
      ? `${action.error.code ? `${action.error.code}: ` : ''}${action.error.message}`
      : action.summary ?? 'failed (no details reported)';
    notes.push({ line: colours.red(`      ✖ ${oneLine(error)}`) });
    if (action.summary && action.error?.message && action.summary !== action.error.message) {
      notes.push({ line: colours.dim(`        ${oneLine(action.summary)}`) });
    }
  }
  if (action.awaitingApproval) {
    notes.push({ line: colours.yellow(`      ⏸ waiting for approval: ${PROGRAM_NAME} approve ${pipeline} --stage ${stage.name} --action ${action.name} --summary "..."`) });
  }
  return notes;
}

/** "arn:aws:sts::123:assumed-role/Admin/jane" → "Admin/jane". */
function shortPrincipal(principal: string): string {
  const match = /^arn:[^:]+:(?:sts|iam)::\d+:(?:assumed-role|user|role)\/(.+)$/.exec(principal);
  return match ? match[1] : principal;
}

function oneLine(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), 300);
}
