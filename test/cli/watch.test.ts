import { GetPipelineExecutionCommand, GetPipelineStateCommand, GetPipelineStateOutput, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { awaitingApprovalState, EXEC_CURRENT, EXEC_PREVIOUS, execution, failedBuildState, stage } from './support/fixtures';
import { mockedClient, run, runJson } from './support/harness';
import { terminalRows } from '../../src/cli/private/watch-progress';

function succeededState(): GetPipelineStateOutput {
  const state = awaitingApprovalState();
  return {
    ...state,
    stageStates: [
      ...state.stageStates!.slice(0, 2),
      stage('Approve', EXEC_CURRENT, 'Succeeded', [{ actionName: 'ManualApproval', latestExecution: { status: 'Succeeded', lastStatusChange: new Date('2026-11-25T12:00:10Z') } }]),
      stage('Prod', EXEC_CURRENT, 'Succeeded', [{ actionName: 'Deploy', latestExecution: { status: 'Succeeded', lastStatusChange: new Date('2026-11-25T12:00:20Z') } }]),
    ],
  };
}

/** Each poll returns the next execution status and pipeline state (the last one repeats). */
function setup(polls: Array<[string, GetPipelineStateOutput]>) {
  const { client, mock } = mockedClient();
  mock.on(ListPipelineExecutionsCommand).resolves({
    pipelineExecutionSummaries: [execution(EXEC_CURRENT, 'InProgress', '2026-11-25T11:50:00Z', 6), execution(EXEC_PREVIOUS, 'Succeeded', '2026-11-24T09:50:00Z', 20)],
  });
  let executionCalls = mock.on(GetPipelineExecutionCommand);
  let stateCalls = mock.on(GetPipelineStateCommand);
  for (const [status, state] of polls) {
    executionCalls = executionCalls.resolvesOnce({ pipelineExecution: { pipelineExecutionId: EXEC_CURRENT, status: status as any, trigger: { triggerType: 'Webhook' } } });
    stateCalls = stateCalls.resolvesOnce(state);
  }
  return { client, mock };
}

describe('watch', () => {
  test('polls at the interval until the execution succeeds, printing each change (exit 0)', async () => {
    const { client, mock } = setup([
      ['InProgress', awaitingApprovalState()],
      ['InProgress', awaitingApprovalState()],
      ['Succeeded', succeededState()],
    ]);
    const { code, stdout, clock } = await run(client, ['watch', 'my-service-pipeline', '--interval', '5']);

    expect(code).toBe(0);
    expect(clock.sleeps).toEqual([5000, 5000]);
    expect(mock.commandCalls(GetPipelineExecutionCommand)[0].args[0].input).toEqual({ pipelineName: 'my-service-pipeline', pipelineExecutionId: EXEC_CURRENT });
    expect(stdout.split('\n')).toEqual([
      `12:00:00  execution ${EXEC_CURRENT}  InProgress`,
      '12:00:00  Source/GitHub  Succeeded',
      '12:00:00  Build/Synth  Succeeded',
      '12:00:00  Approve/ManualApproval  InProgress',
      `12:00:10  execution ${EXEC_CURRENT}  Succeeded`,
      '12:00:10  Approve/ManualApproval  Succeeded',
      '12:00:10  Prod/Deploy  Succeeded',
      `Execution ${EXEC_CURRENT} of my-service-pipeline: Succeeded after 10m 10s.`,
      '',
    ]);
  });

  test('exits 1 with the failure summary when the execution fails', async () => {
    const { client } = setup([
      ['InProgress', awaitingApprovalState()],
      ['Failed', failedBuildState()],
    ]);
    const { code, stdout } = await run(client, ['watch', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stdout).toContain('12:00:10  Build/Synth  Failed  Error while executing command: npx cdk synth. Reason: exit status 1');
    expect(stdout).toContain('  ✖ Build/Synth: Error while executing command: npx cdk synth. Reason: exit status 1  https://console.aws.amazon.com/codebuild/build/2');
  });

  test.each(['Stopped', 'Superseded', 'Cancelled'])('exits 1 when the execution ends %s', async (status) => {
    const { client } = setup([['Stopping', awaitingApprovalState()], [status, awaitingApprovalState()]]);
    const { code, stdout, clock } = await run(client, ['watch', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(clock.sleeps).toEqual([10_000]);
    expect(stdout).toContain(`Execution ${EXEC_CURRENT} of my-service-pipeline: ${status}`);
  });

  test('an execution that already ended is reported at once', async () => {
    const { client, mock } = setup([['Succeeded', succeededState()]]);
    const { code, clock } = await run(client, ['watch', 'my-service-pipeline', '--execution', EXEC_PREVIOUS]);

    expect(code).toBe(0);
    expect(clock.sleeps).toEqual([]);
    expect(mock.commandCalls(GetPipelineExecutionCommand)[0].args[0].input.pipelineExecutionId).toBe(EXEC_PREVIOUS);
  });

  test('redraws the status view in place on a terminal', async () => {
    const { client } = setup([['InProgress', awaitingApprovalState()], ['Succeeded', succeededState()]]);
    const { code, stdout } = await run(client, ['watch', 'my-service-pipeline'], { isTTY: true, env: { NO_COLOR: '1' } });

    expect(code).toBe(0);
    const frames = stdout.split(/\u001b\[\d+F\u001b\[J/);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toContain('⏸ waiting for approval');
    expect(frames[0]).toContain(`Watching ${EXEC_CURRENT}: InProgress for 10m 00s · refreshing every 10s · Ctrl-C stops watching, not the pipeline`);
    expect(frames[1]).toMatch(/ {2}Deploy +Succeeded/);
    expect(frames[1]).toContain(`Execution ${EXEC_CURRENT} of my-service-pipeline: Succeeded after 10m 10s.`);
    // the cursor moves up exactly as many lines as the first frame had
    const up = Number(/\u001b\[(\d+)F/.exec(stdout)![1]);
    expect(up).toBe(frames[0].split('\n').length - 1);
  });

  test('counts wrapped lines when moving the cursor back up', async () => {
    const { client } = setup([['InProgress', awaitingApprovalState()], ['Succeeded', succeededState()]]);
    const { stdout } = await run(client, ['watch', 'my-service-pipeline'], { isTTY: true, columns: 80 });

    const [firstFrame] = stdout.split(/\u001b\[\d+F\u001b\[J/);
    expect(Number(/\u001b\[(\d+)F/.exec(stdout)![1])).toBe(terminalRows(firstFrame, 80));
    expect(terminalRows(firstFrame, 80)).toBeGreaterThan(firstFrame.split('\n').length - 1);
  });

  test('--json prints progress on stderr and the documented result shape on stdout', async () => {
    const { client } = setup([['InProgress', awaitingApprovalState()], ['Failed', failedBuildState()]]);
    const { code, json, stderr } = await runJson(client, ['watch', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stderr).toContain('Build/Synth  Failed');
    expect(Object.keys(json)).toEqual(['pipelineName', 'execution', 'failedActions']);
    expect(json.execution).toMatchObject({ pipelineExecutionId: EXEC_CURRENT, status: 'Failed', durationSeconds: 610, startTime: '2026-11-25T11:50:00.000Z' });
    expect(json.failedActions).toEqual([{
      stageName: 'Build',
      actionName: 'Synth',
      errorCode: 'JobFailed',
      errorMessage: 'Error while executing command: npx cdk synth. Reason: exit status 1',
      summary: 'Build terminated with state: FAILED',
      url: 'https://console.aws.amazon.com/codebuild/build/2',
    }]);
  });

  test('a pipeline without executions is an error', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [] });
    const { code, stderr } = await run(client, ['watch', 'fresh']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: pipeline fresh has no executions to watch: start one with `start`\n');
  });

  test.each(['0', '-1', 'soon'])('--interval %s is a usage error', async (interval) => {
    const { client, mock } = mockedClient();
    const { code, stderr } = await run(client, ['watch', 'p', '--interval', interval]);

    expect(code).toBe(2);
    expect(stderr).toBe(`error: --interval must be a positive number of seconds, got "${interval}"\n`);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('watch progress lines', () => {
  test('skip actions whose latest run predates the watched execution', async () => {
    const state = failedBuildState();
    // Prod/Deploy last ran (and failed) in an earlier execution; the current one has not reached it
    state.stageStates![3] = stage('Prod', EXEC_CURRENT, 'InProgress', [
      { actionName: 'Deploy', latestExecution: { status: 'Failed', lastStatusChange: new Date('2026-11-20T10:00:00Z'), errorDetails: { message: 'old failure' } } },
    ]);
    const { client } = setup([['Failed', state]]);
    const { code, json, stderr } = await runJson(client, ['watch', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stderr).not.toContain('Prod/Deploy');
    expect(json.failedActions.map((a: any) => `${a.stageName}/${a.actionName}`)).toEqual(['Build/Synth']);
  });
});

describe('terminalRows', () => {
  test('counts each line once per terminal row it wraps onto, ignoring colour codes', () => {
    expect(terminalRows('a\nb\n', undefined)).toBe(2);
    expect(terminalRows(`${'x'.repeat(81)}\n\n\u001b[31m${'y'.repeat(80)}\u001b[39m\n`, 80)).toBe(4);
  });
});
