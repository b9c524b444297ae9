import { GetPipelineStateCommand, ListPipelineExecutionsCommand, RollbackStageCommand } from '@aws-sdk/client-codepipeline';
import { EXEC_CURRENT, EXEC_OLDER, EXEC_PREVIOUS, execution, failedBuildState } from './support/fixtures';
import { mockedClient, pages, run, runJson, serviceError } from './support/harness';

const ROLLBACK_EXECUTION = '22222222-aaaa-4bbb-8ccc-000000000009';

function setup(executionPages: Array<{ pipelineExecutionSummaries: any[] }>) {
  const { client, mock } = mockedClient();
  const state = failedBuildState();
  // Prod last ran (and succeeded) in EXEC_PREVIOUS
  mock.on(GetPipelineStateCommand).resolves(state);
  const tokens: Array<string | undefined> = [];
  mock.on(ListPipelineExecutionsCommand).callsFake(pages(executionPages, tokens));
  mock.on(RollbackStageCommand).resolves({ pipelineExecutionId: ROLLBACK_EXECUTION });
  return { client, mock, tokens };
}

describe('rollback', () => {
  test('without --to rolls back to the most recent earlier execution that succeeded in the stage (across pages)', async () => {
    const { client, mock, tokens } = setup([
      { pipelineExecutionSummaries: [execution(EXEC_PREVIOUS, 'Succeeded', '2026-11-24T09:50:00Z', 20)] },
      { pipelineExecutionSummaries: [execution(EXEC_OLDER, 'Failed', '2026-11-23T09:50:00Z', 20)] },
    ]);
    const { code, stdout } = await run(client, ['rollback', 'my-service-pipeline', '--stage', 'Prod']);

    expect(code).toBe(0);
    expect(stdout).toBe(`Rolling back stage Prod of my-service-pipeline to execution ${EXEC_OLDER} (rollback execution ${ROLLBACK_EXECUTION}).\n`);
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(mock.commandCalls(ListPipelineExecutionsCommand)[0].args[0].input.filter).toEqual({ succeededInStage: { stageName: 'Prod' } });
    expect(mock.commandCalls(RollbackStageCommand)[0].args[0].input).toEqual({
      pipelineName: 'my-service-pipeline', stageName: 'Prod', targetPipelineExecutionId: EXEC_OLDER,
    });
  });

  test('--to rolls back to the given execution; --json prints the documented shape', async () => {
    const { client, mock } = setup([]);
    const { json } = await runJson(client, ['rollback', 'my-service-pipeline', '--stage', 'Prod', '--to', EXEC_OLDER]);

    expect(mock.commandCalls(ListPipelineExecutionsCommand)).toHaveLength(0);
    expect(json).toEqual({ pipelineName: 'my-service-pipeline', stageName: 'Prod', targetPipelineExecutionId: EXEC_OLDER, pipelineExecutionId: ROLLBACK_EXECUTION });
  });

  test('fails clearly when no earlier execution succeeded in the stage', async () => {
    const { client, mock } = setup([{ pipelineExecutionSummaries: [execution(EXEC_PREVIOUS, 'Succeeded', '2026-11-24T09:50:00Z', 20)] }]);
    const { code, stderr } = await run(client, ['rollback', 'my-service-pipeline', '--stage', 'Prod']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: no earlier execution succeeded in stage Prod of my-service-pipeline: nothing to roll back to (pass --to to choose one)\n');
    expect(mock.commandCalls(RollbackStageCommand)).toHaveLength(0);
  });

  test('a V1 pipeline is refused by the service with a one-line error', async () => {
    const { client, mock } = setup([]);
    mock.on(RollbackStageCommand).rejects(serviceError('ValidationException', 'Rollback is only supported for V2 pipelines'));
    const { code, stderr } = await run(client, ['rollback', 'my-service-pipeline', '--stage', 'Prod', '--to', EXEC_CURRENT]);

    expect(code).toBe(1);
    expect(stderr).toBe('error: invalid request: Rollback is only supported for V2 pipelines\n');
  });
});
