import { GetPipelineStateCommand, RetryStageExecutionCommand } from '@aws-sdk/client-codepipeline';
import { EXEC_CURRENT, failedBuildState } from './support/fixtures';
import { mockedClient, run, runJson, serviceError } from './support/harness';

function setup() {
  const { client, mock } = mockedClient();
  mock.on(GetPipelineStateCommand).resolves(failedBuildState());
  mock.on(RetryStageExecutionCommand).resolves({ pipelineExecutionId: EXEC_CURRENT });
  return { client, mock };
}

describe('retry', () => {
  test('retries the failed actions of the stage in its latest execution', async () => {
    const { client, mock } = setup();
    const { code, stdout } = await run(client, ['retry', 'my-service-pipeline', '--stage', 'Build']);

    expect(code).toBe(0);
    expect(stdout).toBe(`Retrying the failed actions of stage Build in execution ${EXEC_CURRENT} of my-service-pipeline.\n`);
    expect(mock.commandCalls(RetryStageExecutionCommand)[0].args[0].input).toEqual({
      pipelineName: 'my-service-pipeline', stageName: 'Build', pipelineExecutionId: EXEC_CURRENT, retryMode: 'FAILED_ACTIONS',
    });
  });

  test('--all-actions reruns every action; --json prints the documented shape', async () => {
    const { client, mock } = setup();
    const { json } = await runJson(client, ['retry', 'my-service-pipeline', '--stage', 'Build', '--all-actions']);

    expect(mock.commandCalls(RetryStageExecutionCommand)[0].args[0].input.retryMode).toBe('ALL_ACTIONS');
    expect(json).toEqual({ pipelineName: 'my-service-pipeline', stageName: 'Build', retryMode: 'ALL_ACTIONS', pipelineExecutionId: EXEC_CURRENT });
  });

  test('an unknown stage is a usage error listing the stages', async () => {
    const { client, mock } = setup();
    const { code, stderr } = await run(client, ['retry', 'my-service-pipeline', '--stage', 'Test']);

    expect(code).toBe(2);
    expect(stderr).toBe('error: pipeline "my-service-pipeline" has no stage "Test"; its stages are: Source, Build, Approve, Prod\n');
    expect(mock.commandCalls(RetryStageExecutionCommand)).toHaveLength(0);
  });

  test('a stage that never ran cannot be retried', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).resolves({ pipelineName: 'p', stageStates: [{ stageName: 'Build' }] });
    const { code, stderr } = await run(client, ['retry', 'p', '--stage', 'Build']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: stage Build of p has never run, there is nothing to retry\n');
  });

  test('--stage is required', async () => {
    const { client } = setup();
    const { code, stderr } = await run(client, ['retry', 'my-service-pipeline']);

    expect(code).toBe(2);
    expect(stderr).toContain("error: required option '--stage <name>' not specified");
  });

  test('the service refusing the retry is a one-line error', async () => {
    const { client, mock } = setup();
    mock.on(RetryStageExecutionCommand).rejects(serviceError('StageNotRetryableException', 'Stage Build is not in a retryable state'));
    const { code, stderr } = await run(client, ['retry', 'my-service-pipeline', '--stage', 'Build']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: the stage cannot be retried: Stage Build is not in a retryable state\n');
  });
});
