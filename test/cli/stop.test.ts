import { ListPipelineExecutionsCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { EXEC_CURRENT, EXEC_OLDER, EXEC_PREVIOUS, execution } from './support/fixtures';
import { mockedClient, run, runJson, serviceError } from './support/harness';

function setup(statuses: string[]) {
  const { client, mock } = mockedClient();
  const idsInOrder = [EXEC_CURRENT, EXEC_PREVIOUS, EXEC_OLDER];
  mock.on(ListPipelineExecutionsCommand).resolves({
    pipelineExecutionSummaries: statuses.map((status, i) => execution(idsInOrder[i], status, '2026-11-25T11:00:00Z', 5)),
  });
  mock.on(StopPipelineExecutionCommand).resolves({ pipelineExecutionId: EXEC_CURRENT });
  return { client, mock };
}

describe('stop', () => {
  test('stops the running execution, letting in-progress actions finish', async () => {
    const { client, mock } = setup(['InProgress', 'Succeeded']);
    const { code, stdout } = await run(client, ['stop', 'my-service-pipeline', '--reason', 'Bad config']);

    expect(code).toBe(0);
    expect(stdout).toBe(`Stopping execution ${EXEC_CURRENT} of my-service-pipeline (in-progress actions will finish first).\n`);
    expect(mock.commandCalls(StopPipelineExecutionCommand)[0].args[0].input).toEqual({
      pipelineName: 'my-service-pipeline', pipelineExecutionId: EXEC_CURRENT, abandon: false, reason: 'Bad config',
    });
  });

  test('--abandon abandons in-progress actions; --json prints the documented shape', async () => {
    const { client, mock } = setup(['InProgress']);
    const { json } = await runJson(client, ['stop', 'my-service-pipeline', '--abandon']);

    expect(mock.commandCalls(StopPipelineExecutionCommand)[0].args[0].input.abandon).toBe(true);
    expect(json).toEqual({ pipelineName: 'my-service-pipeline', pipelineExecutionId: EXEC_CURRENT, abandon: true, reason: null });
  });

  test('--abandon also applies to an execution that is already stopping', async () => {
    const { client, mock } = setup(['Stopping', 'Succeeded']);
    const finish = await run(client, ['stop', 'my-service-pipeline']);
    const abandon = await run(client, ['stop', 'my-service-pipeline', '--abandon']);

    expect(finish.code).toBe(1);
    expect(abandon.code).toBe(0);
    expect(abandon.stdout).toBe(`Stopping execution ${EXEC_CURRENT} of my-service-pipeline (abandoning in-progress actions).\n`);
    expect(mock.commandCalls(StopPipelineExecutionCommand)).toHaveLength(1);
  });

  test('--execution stops that execution without looking for running ones', async () => {
    const { client, mock } = setup([]);
    await run(client, ['stop', 'my-service-pipeline', '--execution', EXEC_OLDER]);

    expect(mock.commandCalls(ListPipelineExecutionsCommand)).toHaveLength(0);
    expect(mock.commandCalls(StopPipelineExecutionCommand)[0].args[0].input.pipelineExecutionId).toBe(EXEC_OLDER);
  });

  test('nothing running is a clear error', async () => {
    const { client, mock } = setup(['Succeeded', 'Failed']);
    const { code, stderr } = await run(client, ['stop', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: nothing to stop: pipeline my-service-pipeline has no execution in progress\n');
    expect(mock.commandCalls(StopPipelineExecutionCommand)).toHaveLength(0);
  });

  test('several running executions (PARALLEL mode) must be chosen from', async () => {
    const { client } = setup(['InProgress', 'InProgress', 'Succeeded']);
    const { code, stderr } = await run(client, ['stop', 'my-service-pipeline']);

    expect(code).toBe(2);
    expect(stderr).toBe(`error: 2 executions of my-service-pipeline are in progress, choose one with --execution: ${EXEC_CURRENT}, ${EXEC_PREVIOUS}\n`);
  });

  test('an execution already stopping is a one-line error', async () => {
    const { client, mock } = setup(['InProgress']);
    mock.on(StopPipelineExecutionCommand).rejects(serviceError('DuplicatedStopRequestException', 'Execution is already stopping'));
    const { code, stderr } = await run(client, ['stop', 'my-service-pipeline']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: the execution is already being stopped: Execution is already stopping\n');
  });
});
