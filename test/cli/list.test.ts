import { ListPipelineExecutionsCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { EXEC_CURRENT, EXEC_PREVIOUS, execution } from './support/fixtures';
import { mockedClient, pages, run, runJson } from './support/harness';

function setup() {
  const { client, mock } = mockedClient();
  const tokens: Array<string | undefined> = [];
  mock.on(ListPipelinesCommand).callsFake(pages([
    { pipelines: [{ name: 'billing', pipelineType: 'V2', executionMode: 'QUEUED', version: 4, created: new Date('2026-01-01T00:00:00Z'), updated: new Date('2026-11-01T00:00:00Z') }] },
    { pipelines: [{ name: 'checkout', pipelineType: 'V1', version: 1 }] },
    { pipelines: [{ name: 'never-run', pipelineType: 'V2' }] },
  ], tokens));
  mock.on(ListPipelineExecutionsCommand, { pipelineName: 'billing' }).resolves({ pipelineExecutionSummaries: [execution(EXEC_CURRENT, 'Failed', '2026-11-25T11:00:00Z', 12)], nextToken: 'more' });
  mock.on(ListPipelineExecutionsCommand, { pipelineName: 'checkout' }).resolves({ pipelineExecutionSummaries: [execution(EXEC_PREVIOUS, 'InProgress', '2026-11-25T11:57:00Z', 1, { trigger: { triggerType: 'StartPipelineExecution' } })] });
  mock.on(ListPipelineExecutionsCommand, { pipelineName: 'never-run' }).resolves({ pipelineExecutionSummaries: [] });
  return { client, mock, tokens };
}

describe('list', () => {
  test('pages through ListPipelines and shows each latest execution', async () => {
    const { client, mock, tokens } = setup();
    const { code, stdout } = await run(client, ['list']);

    expect(code).toBe(0);
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^PIPELINE +TYPE +LATEST +STARTED +TRIGGER +EXECUTION$/),
      expect.stringMatching(new RegExp(`^billing +V2 +Failed +1h ago +Webhook +${EXEC_CURRENT}$`)),
      expect.stringMatching(new RegExp(`^checkout +V1 +InProgress +3m ago +StartPipelineExecution +${EXEC_PREVIOUS}$`)),
      expect.stringMatching(/^never-run +V2 +never run +- +-$/),
      '',
    ]);
    // only the latest execution is needed: one page of one item per pipeline
    const executionCalls = mock.commandCalls(ListPipelineExecutionsCommand);
    expect(executionCalls).toHaveLength(3);
    expect(executionCalls.every((c) => c.args[0].input.maxResults === 1)).toBe(true);
  });

  test('--json prints the documented shape', async () => {
    const { client } = setup();
    const { code, json } = await runJson(client, ['list']);

    expect(code).toBe(0);
    expect(json.region).toBe('eu-west-1');
    expect(json.pipelines).toHaveLength(3);
    expect(json.pipelines[0]).toEqual({
      name: 'billing',
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      version: 4,
      created: '2026-01-01T00:00:00.000Z',
      updated: '2026-11-01T00:00:00.000Z',
      latestExecution: expect.objectContaining({ pipelineExecutionId: EXEC_CURRENT, status: 'Failed', durationSeconds: 720 }),
    });
    expect(json.pipelines[2]).toEqual({ name: 'never-run', pipelineType: 'V2', executionMode: null, version: null, created: null, updated: null, latestExecution: null });
  });

  test('says so when the region has no pipelines', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelinesCommand).resolves({ pipelines: [] });
    const { code, stdout } = await run(client, ['list', '--region', 'us-east-2']);

    expect(code).toBe(0);
    expect(stdout).toBe('No pipelines in eu-west-1.\n');
  });

  test('passes --region and --profile to the client', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelinesCommand).resolves({ pipelines: [] });
    const { clientOptions } = await run(client, ['list', '--region', 'us-east-2', '--profile', 'prod', '--endpoint-url', 'http://127.0.0.1:4566']);

    expect(clientOptions).toEqual([{ region: 'us-east-2', profile: 'prod', endpoint: 'http://127.0.0.1:4566', env: {} }]);
  });
});
