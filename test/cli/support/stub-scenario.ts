import { CodePipelineStub } from './stub-server';

export const PIPELINE = 'checkout-service-delivery';
export const EXECUTION_ID = '5d2a3f64-8c1e-4f0b-9a7d-2b6e4c9f1a30';
export const PREVIOUS_EXECUTION_ID = 'c0e7b5a2-19d4-4e83-b6f1-7a2d9e0c3b58';
export const COMMIT_ID = 'a41f9c27d8e05b3c6f1e2d7a9b8c0e4f5a6b7c8d';
export const APPROVAL_TOKEN = '1a2b3c4d-0000-4e5f-8a9b-approvaltoken';

/** Wire-format timestamps (epoch seconds) `minutesAgo` before `now`. */
const ago = (now: number, minutesAgo: number) => Math.round(now / 1000) - minutesAgo * 60;

/**
 * A release waiting for approval before production, served in the CodePipeline JSON
 * wire format: Source and Build succeeded, Staging deployed, ApproveProd pending.
 * After PutApprovalResult the approval shows as completed.
 */
export function releaseAwaitingApproval(stub: CodePipelineStub, now = Date.now()): CodePipelineStub {
  let approved: { status: string; summary: string } | undefined;
  const approvalState = () => approved
    ? { status: approved.status === 'Approved' ? 'Succeeded' : 'Failed', lastStatusChange: ago(now, 0), summary: approved.summary, lastUpdatedBy: 'arn:aws:sts::123456789012:assumed-role/ReleaseManager/jane' }
    : { status: 'InProgress', lastStatusChange: ago(now, 3), token: APPROVAL_TOKEN };
  const region = 'eu-west-1';
  return stub
    .on('ListPipelines', () => ({
      pipelines: [
        { name: PIPELINE, version: 7, pipelineType: 'V2', executionMode: 'QUEUED', created: ago(now, 60 * 24 * 30), updated: ago(now, 60 * 24) },
        { name: 'billing-service-delivery', version: 2, pipelineType: 'V2', executionMode: 'SUPERSEDED', created: ago(now, 60 * 24 * 90), updated: ago(now, 60 * 24 * 10) },
      ],
    }))
    .on('ListPipelineExecutions', (input) => ({
      pipelineExecutionSummaries: input.pipelineName === PIPELINE
        ? [
          {
            pipelineExecutionId: EXECUTION_ID,
            status: 'InProgress',
            startTime: ago(now, 14),
            lastUpdateTime: ago(now, 3),
            trigger: { triggerType: 'Webhook', triggerDetail: `arn:aws:codeconnections:${region}:123456789012:connection/7f3e` },
            executionMode: 'QUEUED',
            executionType: 'STANDARD',
            sourceRevisions: [{
              actionName: 'GitHub',
              revisionId: COMMIT_ID,
              revisionSummary: JSON.stringify({ ProviderType: 'GitHub', CommitMessage: 'Retry payment authorisation on 503\n\nCloses #412' }),
              revisionUrl: `https://github.com/acme/checkout-service/commit/${COMMIT_ID}`,
            }],
          },
          {
            pipelineExecutionId: PREVIOUS_EXECUTION_ID,
            status: 'Succeeded',
            startTime: ago(now, 60 * 26),
            lastUpdateTime: ago(now, 60 * 26 - 31),
            trigger: { triggerType: 'StartPipelineExecution', triggerDetail: 'arn:aws:sts::123456789012:assumed-role/ReleaseManager/jane' },
            executionMode: 'QUEUED',
            executionType: 'STANDARD',
            sourceRevisions: [],
          },
        ].slice(0, Number(input.maxResults ?? 100))
        : [{ pipelineExecutionId: 'f00dfeed-0000-4000-8000-000000000001', status: 'Succeeded', startTime: ago(now, 300), lastUpdateTime: ago(now, 280), trigger: { triggerType: 'Webhook' } }],
    }))
    .on('GetPipelineState', (input) => (input.name !== PIPELINE
      ? { error: 'PipelineNotFoundException', message: `Account '123456789012' does not have a pipeline with name '${String(input.name)}'` }
      : {
        pipelineName: PIPELINE,
        pipelineVersion: 7,
        created: ago(now, 60 * 24 * 30),
        updated: ago(now, 60 * 24),
        stageStates: [
          {
            stageName: 'Source',
            inboundTransitionState: { enabled: true },
            latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
            actionStates: [{
              actionName: 'GitHub',
              currentRevision: { revisionId: COMMIT_ID, revisionChangeId: COMMIT_ID, created: ago(now, 15) },
              latestExecution: { actionExecutionId: 'act-1', status: 'Succeeded', lastStatusChange: ago(now, 14), externalExecutionUrl: `https://github.com/acme/checkout-service/commit/${COMMIT_ID}` },
            }],
          },
          {
            stageName: 'Build',
            inboundTransitionState: { enabled: true },
            latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
            actionStates: [{
              actionName: 'Synth',
              latestExecution: { actionExecutionId: 'act-2', status: 'Succeeded', lastStatusChange: ago(now, 9), externalExecutionUrl: `https://${region}.console.aws.amazon.com/codesuite/codebuild/projects/checkout-synth/build/checkout-synth:41` },
            }],
          },
          {
            stageName: 'Staging',
            inboundTransitionState: { enabled: true },
            latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
            actionStates: [{
              actionName: 'Deploy',
              latestExecution: { actionExecutionId: 'act-3', status: 'Succeeded', lastStatusChange: ago(now, 4) },
            }],
          },
          {
            stageName: 'Production',
            inboundTransitionState: { enabled: true },
            latestExecution: { pipelineExecutionId: EXECUTION_ID, status: approved?.status === 'Rejected' ? 'Failed' : 'InProgress' },
            actionStates: [
              { actionName: 'ApproveProd', latestExecution: { actionExecutionId: 'act-4', ...approvalState() } },
              { actionName: 'Deploy', latestExecution: { actionExecutionId: 'act-0', status: 'Succeeded', lastStatusChange: ago(now, 60 * 26 - 31) } },
            ],
          },
        ],
      }))
    .on('PutApprovalResult', (input) => {
      const result = input.result as { status: string; summary: string };
      if (input.token !== APPROVAL_TOKEN) {
        return { error: 'InvalidApprovalTokenException', message: 'The approval token is not valid' };
      }
      approved = result;
      return { approvedAt: ago(now, 0) };
    });
}
