import { GetPipelineStateOutput, PipelineExecutionSummary, StageState } from '@aws-sdk/client-codepipeline';

export const COMMIT = '9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a090';
export const EXEC_CURRENT = '11111111-aaaa-4bbb-8ccc-000000000001';
export const EXEC_PREVIOUS = '11111111-aaaa-4bbb-8ccc-000000000002';
export const EXEC_OLDER = '11111111-aaaa-4bbb-8ccc-000000000003';

export const at = (iso: string): Date => new Date(iso);

/** A four-stage pipeline: Source and Build succeeded, Deploy waits for approval, Prod never ran. */
export function awaitingApprovalState(): GetPipelineStateOutput {
  return {
    pipelineName: 'my-service-pipeline',
    pipelineVersion: 3,
    stageStates: [
      stage('Source', EXEC_CURRENT, 'Succeeded', [{
        actionName: 'GitHub',
        currentRevision: { revisionId: COMMIT, revisionChangeId: COMMIT, created: at('2026-11-25T11:50:00Z') },
        latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-11-25T11:50:30Z'), externalExecutionUrl: `https://github.com/acme/service/commit/${COMMIT}` },
      }]),
      stage('Build', EXEC_CURRENT, 'Succeeded', [{
        actionName: 'Synth',
        latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-11-25T11:55:00Z'), externalExecutionUrl: 'https://console.aws.amazon.com/codebuild/build/1' },
      }]),
      stage('Approve', EXEC_CURRENT, 'InProgress', [{
        actionName: 'ManualApproval',
        latestExecution: { status: 'InProgress', lastStatusChange: at('2026-11-25T11:56:00Z'), token: 'token-approve-1' },
      }]),
      { stageName: 'Prod', actionStates: [{ actionName: 'Deploy' }] },
    ],
  };
}

/** Build failed in the current execution. */
export function failedBuildState(): GetPipelineStateOutput {
  const state = awaitingApprovalState();
  return {
    ...state,
    stageStates: [
      state.stageStates![0],
      stage('Build', EXEC_CURRENT, 'Failed', [{
        actionName: 'Synth',
        latestExecution: {
          status: 'Failed',
          lastStatusChange: at('2026-11-25T11:58:00Z'),
          summary: 'Build terminated with state: FAILED',
          errorDetails: { code: 'JobFailed', message: 'Error while executing command: npx cdk synth. Reason: exit status 1' },
          externalExecutionUrl: 'https://console.aws.amazon.com/codebuild/build/2',
        },
      }]),
      stage('Approve', EXEC_PREVIOUS, 'Succeeded', [{ actionName: 'ManualApproval', latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-11-24T10:00:00Z'), lastUpdatedBy: 'arn:aws:sts::123456789012:assumed-role/Admin/jane' } }]),
      stage('Prod', EXEC_PREVIOUS, 'Succeeded', [{ actionName: 'Deploy', latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-11-24T10:10:00Z') } }]),
    ],
  };
}

export function stage(stageName: string, pipelineExecutionId: string, status: string, actionStates: StageState['actionStates']): StageState {
  return { stageName, latestExecution: { pipelineExecutionId, status: status as any }, actionStates, inboundTransitionState: { enabled: true } };
}

export function execution(
  id: string,
  status: string,
  startIso: string,
  minutes: number,
  overrides: Partial<PipelineExecutionSummary> = {},
): PipelineExecutionSummary {
  const start = at(startIso);
  return {
    pipelineExecutionId: id,
    status: status as any,
    startTime: start,
    lastUpdateTime: new Date(start.getTime() + minutes * 60_000),
    trigger: { triggerType: 'Webhook', triggerDetail: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' },
    executionMode: 'SUPERSEDED',
    executionType: 'STANDARD',
    sourceRevisions: [{ actionName: 'GitHub', revisionId: COMMIT, revisionSummary: '{"ProviderType":"GitHub","CommitMessage":"Add retries to the checkout client\\n\\nLonger body"}', revisionUrl: `https://github.com/acme/service/commit/${COMMIT}` }],
    ...overrides,
  };
}
