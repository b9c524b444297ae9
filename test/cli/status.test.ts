import { GetPipelineStateCommand, ListPipelineExecutionsCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { awaitingApprovalState, COMMIT, EXEC_CURRENT, execution, failedBuildState } from './support/fixtures';
import { mockedClient, pages, run, runJson, serviceError } from './support/harness';

function setup(state = awaitingApprovalState()) {
  const { client, mock } = mockedClient();
  mock.on(GetPipelineStateCommand, { name: 'my-service-pipeline' }).resolves(state);
  mock.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [execution(EXEC_CURRENT, 'InProgress', '2026-11-25T11:50:00Z', 6)] });
  return { client, mock };
}

describe('status', () => {
  test('shows every stage and action with status, last change, revision and links (plain when piped)', async () => {
    const { client } = setup();
    const { code, stdout, stderr } = await run(client, ['status', 'my-service-pipeline']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/\u001b\[/);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('my-service-pipeline (version 3)  eu-west-1');
    expect(lines[1]).toBe('https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-service-pipeline/view?region=eu-west-1');
    expect(stdout).toContain(`Latest execution ${EXEC_CURRENT}  InProgress  started 10m ago · Webhook · 10m 00s`);
    expect(stdout).toContain('  GitHub: 9f2c1e0 Add retries to the checkout client');
    expect(stdout).toMatch(/\n {2}GitHub +Succeeded +9m ago +9f2c1e0 Add retries to the checkout client +https:\/\/github.com\/acme\/service\/commit\/9f2c1e0b/);
    expect(lines.find((l) => l.startsWith('Build'))).toMatch(/^Build +Succeeded +5m ago$/);
    expect(lines.find((l) => l.startsWith('  ManualApproval'))).toMatch(/InProgress +4m ago +https:\/\/eu-west-1\.console\.aws\.amazon\.com\/.*\/executions\/11111111-aaaa-4bbb-8ccc-000000000001\/timeline/);
    expect(stdout).toContain('⏸ waiting for approval: cdk-delivery-pipeline approve my-service-pipeline --stage Approve --action ManualApproval --summary "..."');
    expect(lines.find((l) => l.startsWith('Prod'))).toMatch(/^Prod +- +-$/);
  });

  test('shows a failure summary for failed actions and who completed approvals', async () => {
    const { client } = setup(failedBuildState());
    const { stdout } = await run(client, ['status', 'my-service-pipeline']);

    expect(stdout).toMatch(/ {2}Synth +Failed +2m ago/);
    expect(stdout).toContain('      ✖ JobFailed: Error while executing command: npx cdk synth. Reason: exit status 1');
    expect(stdout).toContain('        Build terminated with state: FAILED');
    expect(stdout).toMatch(/ManualApproval +Succeeded +26h ago by Admin\/jane/);
  });

  test('colours statuses on a terminal', async () => {
    const { client } = setup(failedBuildState());
    const { stdout } = await run(client, ['status', 'my-service-pipeline'], { isTTY: true });

    expect(stdout).toContain('\u001b[31mFailed\u001b[39m');
    expect(stdout).toContain('\u001b[32mSucceeded\u001b[39m');
  });

  test.each([
    ['NO_COLOR is set', ['status', 'my-service-pipeline'], { NO_COLOR: '1' }],
    ['--no-color is given', ['status', 'my-service-pipeline', '--no-color'], {}],
    ['TERM is dumb', ['status', 'my-service-pipeline'], { TERM: 'dumb' }],
  ])('is plain on a terminal when %s', async (_, argv, env) => {
    const { client } = setup();
    const { stdout } = await run(client, argv, { isTTY: true, env });

    expect(stdout).not.toMatch(/\u001b\[/);
  });

  test('--json prints the documented shape', async () => {
    const { client } = setup(failedBuildState());
    const { code, json } = await runJson(client, ['status', 'my-service-pipeline'], { isTTY: true });

    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(['pipelineName', 'pipelineVersion', 'region', 'consoleUrl', 'latestExecution', 'stages']);
    expect(json.latestExecution).toEqual({
      pipelineExecutionId: EXEC_CURRENT,
      status: 'InProgress',
      statusSummary: null,
      trigger: { type: 'Webhook', detail: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' },
      startTime: '2026-11-25T11:50:00.000Z',
      lastUpdateTime: '2026-11-25T11:56:00.000Z',
      durationSeconds: 600,
      executionMode: 'SUPERSEDED',
      executionType: 'STANDARD',
      sourceRevisions: [{ actionName: 'GitHub', revisionId: COMMIT, revisionSummary: 'Add retries to the checkout client', revisionUrl: `https://github.com/acme/service/commit/${COMMIT}` }],
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-service-pipeline/executions/${EXEC_CURRENT}/timeline?region=eu-west-1`,
    });
    expect(json.stages.map((s: any) => [s.name, s.status])).toEqual([['Source', 'Succeeded'], ['Build', 'Failed'], ['Approve', 'Succeeded'], ['Prod', 'Succeeded']]);
    expect(json.stages[0].actions[0].revision).toEqual({
      id: COMMIT, changeId: COMMIT, created: '2026-11-25T11:50:00.000Z', summary: 'Add retries to the checkout client', url: `https://github.com/acme/service/commit/${COMMIT}`,
    });
    expect(json.stages[1]).toEqual({
      name: 'Build',
      status: 'Failed',
      pipelineExecutionId: EXEC_CURRENT,
      executionType: null,
      inboundTransitionEnabled: true,
      inboundTransitionDisabledReason: null,
      actions: [{
        name: 'Synth',
        status: 'Failed',
        lastStatusChange: '2026-11-25T11:58:00.000Z',
        lastUpdatedBy: null,
        revision: null,
        pipelineExecutionId: EXEC_CURRENT,
        summary: 'Build terminated with state: FAILED',
        error: { code: 'JobFailed', message: 'Error while executing command: npx cdk synth. Reason: exit status 1' },
        percentComplete: null,
        awaitingApproval: false,
        url: 'https://console.aws.amazon.com/codebuild/build/2',
      }],
    });
  });

  test('says when the pipeline never ran and shows disabled transitions', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).resolves({
      pipelineName: 'fresh',
      stageStates: [{ stageName: 'Source', actionStates: [{ actionName: 'S3' }], inboundTransitionState: { enabled: false, disabledReason: 'freeze' } }],
    });
    mock.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [] });
    const { code, stdout } = await run(client, ['status', 'fresh']);

    expect(code).toBe(0);
    expect(stdout).toContain('No executions yet.');
    expect(stdout).toMatch(/Source +- +- +transition disabled: freeze/);
  });

  test('an unknown pipeline is a one-line error suggesting close names from every page of ListPipelines', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).rejects(serviceError('PipelineNotFoundException', 'The pipeline with the name my-servise-pipeline was not found'));
    mock.on(ListPipelineExecutionsCommand).rejects(serviceError('PipelineNotFoundException', 'not found'));
    const tokens: Array<string | undefined> = [];
    mock.on(ListPipelinesCommand).callsFake(pages([
      { pipelines: [{ name: 'billing-pipeline' }, { name: 'my-service-pipeline-canary' }] },
      { pipelines: [{ name: 'my-service-pipeline' }, { name: 'unrelated' }] },
    ], tokens));
    const { code, stdout, stderr } = await run(client, ['status', 'my-servise-pipeline']);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: pipeline "my-servise-pipeline" not found in eu-west-1; did you mean my-service-pipeline?\n');
    expect(tokens).toEqual([undefined, 'page-2']);
  });

  test('an unknown pipeline without permission to list pipelines: no suggestions', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).rejects(serviceError('PipelineNotFoundException', 'not found'));
    mock.on(ListPipelineExecutionsCommand).resolves({});
    mock.on(ListPipelinesCommand).rejects(serviceError('AccessDeniedException', 'denied', 403));
    const { code, stderr } = await run(client, ['status', 'nope']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: pipeline "nope" not found in eu-west-1\n');
  });

  test('access denied names the missing IAM action', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).rejects(serviceError('AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/ReadOnly/jane is not authorized to perform: codepipeline:GetPipelineState on resource: arn:aws:codepipeline:eu-west-1:123456789012:my-service-pipeline', 403));
    mock.on(ListPipelineExecutionsCommand).resolves({});
    const { code, stderr } = await run(client, ['status', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: access denied: your identity is missing the IAM permission codepipeline:GetPipelineState\n');
  });
});

describe('status of a stage the current execution is still going through', () => {
  test('an action not reached yet links to the pipeline, not to the current execution', async () => {
    const state = awaitingApprovalState();
    state.stageStates![2].actionStates!.push({ actionName: 'Notify', latestExecution: { status: 'Succeeded', lastStatusChange: new Date('2026-11-20T09:00:00Z') } });
    const { client } = setup(state);
    const { json } = await runJson(client, ['status', 'my-service-pipeline']);

    const [approval, notify] = json.stages[2].actions;
    expect(approval.pipelineExecutionId).toBe(EXEC_CURRENT);
    expect(notify.pipelineExecutionId).toBeNull();
    expect(notify.url).toBe('https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-service-pipeline/view?region=eu-west-1');
  });
});
