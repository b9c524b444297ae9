import { GetPipelineExecutionCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { awaitingApprovalState, EXEC_CURRENT, execution } from './support/fixtures';
import { mockedClient, run, runJson } from './support/harness';

function setup() {
  const { client, mock } = mockedClient();
  mock.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: EXEC_CURRENT });
  return { client, mock };
}

const consoleUrl = `https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-service-pipeline/executions/${EXEC_CURRENT}/timeline?region=eu-west-1`;

describe('start', () => {
  test('starts an execution and links to it', async () => {
    const { client, mock } = setup();
    const { code, stdout } = await run(client, ['start', 'my-service-pipeline']);

    expect(code).toBe(0);
    expect(stdout).toBe(`Started execution ${EXEC_CURRENT} of my-service-pipeline.\n${consoleUrl}\n`);
    expect(mock.commandCalls(StartPipelineExecutionCommand)[0].args[0].input).toEqual({ name: 'my-service-pipeline' });
  });

  test('passes repeatable --variable and --source-revision', async () => {
    const { client, mock } = setup();
    const { code } = await run(client, [
      'start', 'my-service-pipeline',
      '--variable', 'DEPLOY_ENV=prod',
      '--variable', 'QUERY=a=b',
      '--source-revision', 'Source=COMMIT_ID:9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a090',
      '--source-revision', 'Image=image_digest:sha256:0d5c4b3a',
      '--source-revision', 'Artifact=S3_OBJECT_KEY:builds/app:1.4.2.zip',
    ]);

    expect(code).toBe(0);
    expect(mock.commandCalls(StartPipelineExecutionCommand)[0].args[0].input).toEqual({
      name: 'my-service-pipeline',
      variables: [{ name: 'DEPLOY_ENV', value: 'prod' }, { name: 'QUERY', value: 'a=b' }],
      sourceRevisions: [
        { actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: '9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a090' },
        { actionName: 'Image', revisionType: 'IMAGE_DIGEST', revisionValue: 'sha256:0d5c4b3a' },
        { actionName: 'Artifact', revisionType: 'S3_OBJECT_KEY', revisionValue: 'builds/app:1.4.2.zip' },
      ],
    });
  });

  test('--json prints the documented shape', async () => {
    const { client } = setup();
    const { json } = await runJson(client, ['start', 'my-service-pipeline']);

    expect(json).toEqual({ pipelineName: 'my-service-pipeline', pipelineExecutionId: EXEC_CURRENT, consoleUrl });
  });

  test.each([
    [['--variable', '=x'], '--variable expects NAME=VALUE, got "=x"'],
    [['--variable', 'NOVALUE'], '--variable expects NAME=VALUE, got "NOVALUE"'],
    [['--variable', 'A=1', '--variable', 'A=2'], '--variable given twice for "A"'],
    [['--source-revision', 'Source=9f2c1e0'], '--source-revision expects ACTION=TYPE:VALUE with TYPE one of COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_KEY, S3_OBJECT_VERSION_ID; got "Source=9f2c1e0"'],
    [['--source-revision', 'Source=BRANCH:main'], '--source-revision expects ACTION=TYPE:VALUE with TYPE one of COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_KEY, S3_OBJECT_VERSION_ID; got "Source=BRANCH:main"'],
    [['--source-revision', 'S=COMMIT_ID:a', '--source-revision', 'S=COMMIT_ID:b'], '--source-revision given twice for "S"'],
  ])('%j is a usage error and starts nothing', async (args, message) => {
    const { client, mock } = setup();
    const { code, stderr } = await run(client, ['start', 'my-service-pipeline', ...args]);

    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${message}\n`);
    expect(mock.calls()).toHaveLength(0);
  });

  test('--watch follows the new execution and exits with its result', async () => {
    const { client, mock } = setup();
    mock.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [execution(EXEC_CURRENT, 'InProgress', '2026-11-25T12:00:00Z', 0)] });
    mock.on(GetPipelineStateCommand).resolves(awaitingApprovalState());
    mock.on(GetPipelineExecutionCommand)
      .resolvesOnce({ pipelineExecution: { pipelineExecutionId: EXEC_CURRENT, status: 'InProgress' } })
      .resolves({ pipelineExecution: { pipelineExecutionId: EXEC_CURRENT, status: 'Failed' } });
    const { code, stdout, clock } = await run(client, ['start', 'my-service-pipeline', '--watch', '--interval', '2']);

    expect(code).toBe(1);
    expect(clock.sleeps).toEqual([2000]);
    expect(stdout).toContain(`Started execution ${EXEC_CURRENT}`);
    expect(stdout).toContain(`Execution ${EXEC_CURRENT} of my-service-pipeline: Failed after 2s.`);
  });
});
