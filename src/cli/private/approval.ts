import { ApprovalStatus, GetPipelineStateOutput, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { CommandContext, print, printJson } from './context';
import { CliError, ExitCode, UsageError } from './errors';
import { getPipelineState } from './queries';

/** Longest summary PutApprovalResult accepts. */
export const MAX_APPROVAL_SUMMARY = 512;

/** A manual approval waiting for a decision. */
export interface PendingApproval {
  readonly stageName: string;
  readonly actionName: string;
  readonly token: string;
  readonly pipelineExecutionId: string | null;
}

export interface ApprovalOptions {
  readonly stage?: string;
  readonly action?: string;
  readonly summary: string;
}

/** `approve --json` and `reject --json` */
export interface ApprovalResultView {
  readonly pipelineName: string;
  readonly stageName: string;
  readonly actionName: string;
  readonly pipelineExecutionId: string | null;
  /** Approved | Rejected */
  readonly status: string;
  readonly summary: string;
  readonly approvedAt: string | null;
}

/** The approvals waiting in the pipeline: in-progress actions holding an approval token. */
export function pendingApprovals(state: GetPipelineStateOutput): PendingApproval[] {
  return (state.stageStates ?? []).flatMap((stage) => (stage.actionStates ?? [])
    .filter((action) => action.latestExecution?.status === 'InProgress' && action.latestExecution.token)
    .map((action) => ({
      stageName: stage.stageName ?? '',
      actionName: action.actionName ?? '',
      token: action.latestExecution?.token ?? '',
      pipelineExecutionId: stage.latestExecution?.pipelineExecutionId ?? null,
    })));
}

/** Adds --stage, --action and --summary. */
export function configureApprovalOptions(command: Command, verb: string): void {
  command
    .option('--stage <name>', `the stage of the approval to ${verb} (needed when several are pending)`)
    .option('--action <name>', `the approval action to ${verb} (needed when several are pending)`)
    .requiredOption('--summary <text>', `why you ${verb} (recorded in the execution history, at most ${MAX_APPROVAL_SUMMARY} characters)`);
}

/** Finds the pending approval (GetPipelineState) and records the decision with its token. */
export async function decideApproval(ctx: CommandContext, pipeline: string, options: ApprovalOptions, status: ApprovalStatus): Promise<number> {
  if (options.summary.trim() === '') {
    throw new UsageError('--summary must not be empty');
  }
  if (options.summary.length > MAX_APPROVAL_SUMMARY) {
    throw new UsageError(`--summary is ${options.summary.length} characters long, at most ${MAX_APPROVAL_SUMMARY} are allowed`);
  }
  const approval = choose(pipeline, pendingApprovals(await getPipelineState(ctx.client, pipeline)), options);
  const response = await ctx.client.send(new PutApprovalResultCommand({
    pipelineName: pipeline,
    stageName: approval.stageName,
    actionName: approval.actionName,
    token: approval.token,
    result: { status, summary: options.summary },
  }));
  const view: ApprovalResultView = {
    pipelineName: pipeline,
    stageName: approval.stageName,
    actionName: approval.actionName,
    pipelineExecutionId: approval.pipelineExecutionId,
    status,
    summary: options.summary,
    approvedAt: response.approvedAt?.toISOString() ?? null,
  };
  if (ctx.json) {
    printJson(ctx, view);
  } else {
    const verb = status === ApprovalStatus.Approved ? ctx.colours.green('Approved') : ctx.colours.red('Rejected');
    const execution = approval.pipelineExecutionId ? ` (execution ${approval.pipelineExecutionId})` : '';
    print(ctx, `${verb} ${approval.stageName}/${approval.actionName} of ${pipeline}${execution}.`);
  }
  return ExitCode.OK;
}

function choose(pipeline: string, pending: readonly PendingApproval[], options: ApprovalOptions): PendingApproval {
  const matching = pending.filter((a) => (!options.stage || a.stageName === options.stage) && (!options.action || a.actionName === options.action));
  const describe = (list: readonly PendingApproval[]) => list.map((a) => `--stage ${a.stageName} --action ${a.actionName}`).join('; ');
  if (matching.length === 1) {
    return matching[0];
  }
  if (pending.length === 0) {
    throw new CliError(`nothing to approve: no approval is pending in pipeline ${pipeline}`);
  }
  if (matching.length === 0) {
    throw new CliError(`no pending approval matches ${[options.stage && `stage "${options.stage}"`, options.action && `action "${options.action}"`].filter(Boolean).join(' and ')}; pending: ${describe(pending)}`);
  }
  throw new UsageError(`${matching.length} approvals are pending in pipeline ${pipeline}, choose one with ${describe(matching)}`);
}
