import { GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { awaitingApprovalState, EXEC_CURRENT, failedBuildState, stage } from './support/fixtures';
import { mockedClient, run, runJson, serviceError } from './support/harness';

function twoPendingState() {
  const state = awaitingApprovalState();
  return {
    ...state,
    stageStates: [
      ...state.stageStates!.slice(0, 3),
      stage('Prod', EXEC_CURRENT, 'InProgress', [
        { actionName: 'SecurityReview', latestExecution: { status: 'InProgress', token: 'token-security' } },
        { actionName: 'Deploy', latestExecution: { status: 'InProgress' } },
      ]),
    ],
  };
}

function setup(state = awaitingApprovalState()) {
  const { client, mock } = mockedClient();
  mock.on(GetPipelineStateCommand).resolves(state);
  mock.on(PutApprovalResultCommand).resolves({ approvedAt: new Date('2026-11-25T12:00:01Z') });
  return { client, mock };
}

describe.each([
  ['approve', 'Approved'],
  ['reject', 'Rejected'],
])('%s', (command, status) => {
  test('finds the pending approval and its token', async () => {
    const { client, mock } = setup();
    const { code, stdout } = await run(client, [command, 'my-service-pipeline', '--summary', 'Checked staging']);

    expect(code).toBe(0);
    expect(stdout).toBe(`${status} Approve/ManualApproval of my-service-pipeline (execution ${EXEC_CURRENT}).\n`);
    expect(mock.commandCalls(PutApprovalResultCommand)[0].args[0].input).toEqual({
      pipelineName: 'my-service-pipeline',
      stageName: 'Approve',
      actionName: 'ManualApproval',
      token: 'token-approve-1',
      result: { status, summary: 'Checked staging' },
    });
  });

  test('--json prints the documented shape', async () => {
    const { client } = setup();
    const { json } = await runJson(client, [command, 'my-service-pipeline', '--summary', 'ok']);

    expect(json).toEqual({
      pipelineName: 'my-service-pipeline',
      stageName: 'Approve',
      actionName: 'ManualApproval',
      pipelineExecutionId: EXEC_CURRENT,
      status,
      summary: 'ok',
      approvedAt: '2026-11-25T12:00:01.000Z',
    });
  });

  test('says clearly when nothing is pending', async () => {
    const { client, mock } = setup(failedBuildState());
    const { code, stderr } = await run(client, [command, 'my-service-pipeline', '--summary', 'x']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: nothing to approve: no approval is pending in pipeline my-service-pipeline\n');
    expect(mock.commandCalls(PutApprovalResultCommand)).toHaveLength(0);
  });

  test('asks to choose when several approvals are pending', async () => {
    const { client, mock } = setup(twoPendingState());
    const { code, stderr } = await run(client, [command, 'my-service-pipeline', '--summary', 'x']);

    expect(code).toBe(2);
    expect(stderr).toBe('error: 2 approvals are pending in pipeline my-service-pipeline, choose one with '
      + '--stage Approve --action ManualApproval; --stage Prod --action SecurityReview\n');
    expect(mock.commandCalls(PutApprovalResultCommand)).toHaveLength(0);
  });

  test.each([
    [['--stage', 'Prod'], 'Prod', 'SecurityReview', 'token-security'],
    [['--action', 'ManualApproval'], 'Approve', 'ManualApproval', 'token-approve-1'],
    [['--stage', 'Prod', '--action', 'SecurityReview'], 'Prod', 'SecurityReview', 'token-security'],
  ])('%j selects one of several', async (selection, stageName, actionName, token) => {
    const { client, mock } = setup(twoPendingState());
    const { code } = await run(client, [command, 'my-service-pipeline', ...selection, '--summary', 'x']);

    expect(code).toBe(0);
    expect(mock.commandCalls(PutApprovalResultCommand)[0].args[0].input).toMatchObject({ stageName, actionName, token });
  });

  test('reports a selection that matches nothing pending', async () => {
    const { client } = setup();
    const { code, stderr } = await run(client, [command, 'my-service-pipeline', '--stage', 'Prod', '--summary', 'x']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: no pending approval matches stage "Prod"; pending: --stage Approve --action ManualApproval\n');
  });

  test('--summary is required and limited to 512 characters', async () => {
    const { client, mock } = setup();
    const missing = await run(client, [command, 'my-service-pipeline']);
    const empty = await run(client, [command, 'my-service-pipeline', '--summary', ' ']);
    const long = await run(client, [command, 'my-service-pipeline', '--summary', 'x'.repeat(513)]);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: required option '--summary <text>' not specified");
    expect(empty).toMatchObject({ code: 2, stderr: 'error: --summary must not be empty\n' });
    expect(long).toMatchObject({ code: 2, stderr: 'error: --summary is 513 characters long, at most 512 are allowed\n' });
    expect(mock.calls()).toHaveLength(0);
  });

  test('access denied on PutApprovalResult names the IAM action', async () => {
    const { client, mock } = setup();
    mock.on(PutApprovalResultCommand).rejects(serviceError('AccessDeniedException', 'User is not authorized to perform this operation', 403));
    const { code, stderr } = await run(client, [command, 'my-service-pipeline', '--summary', 'x']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: access denied: this command needs the IAM permissions codepipeline:GetPipelineState, codepipeline:PutApprovalResult\n');
  });

  test('an approval completed meanwhile is a clear error', async () => {
    const { client, mock } = setup();
    mock.on(PutApprovalResultCommand).rejects(serviceError('ApprovalAlreadyCompletedException', 'The approval action has already been approved or rejected'));
    const { code, stderr } = await run(client, [command, 'my-service-pipeline', '--summary', 'x']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: the approval was already completed: The approval action has already been approved or rejected\n');
  });
});
