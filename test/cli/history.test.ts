import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { execution } from './support/fixtures';
import { mockedClient, pages, run, runJson } from './support/harness';

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `exec-${String(from + i).padStart(3, '0')}`);

function setup(pageSizes: number[]) {
  const { client, mock } = mockedClient();
  let next = 1;
  const all = pageSizes.map((size) => ({
    pipelineExecutionSummaries: ids(next, size).map((id) => {
      next++;
      return execution(id, 'Succeeded', '2026-11-25T10:00:00Z', 7);
    }),
  }));
  const tokens: Array<string | undefined> = [];
  mock.on(ListPipelineExecutionsCommand).callsFake(pages(all, tokens));
  return { client, mock, tokens };
}

describe('history', () => {
  test('shows executions with trigger, duration, status and revision, newest first', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelineExecutionsCommand).resolves({
      pipelineExecutionSummaries: [
        execution('exec-3', 'InProgress', '2026-11-25T11:55:00Z', 1, { trigger: { triggerType: 'StartPipelineExecution' } }),
        execution('exec-2', 'Failed', '2026-11-25T09:00:00Z', 3, { executionType: 'ROLLBACK', trigger: { triggerType: 'ManualRollback' } }),
        execution('exec-1', 'Succeeded', '2026-11-20T09:00:00Z', 125, { sourceRevisions: [] }),
      ],
    });
    const { code, stdout } = await run(client, ['history', 'my-service-pipeline']);

    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^EXECUTION +STATUS +STARTED +DURATION +TRIGGER +REVISION$/),
      expect.stringMatching(/^exec-3 +InProgress +5m ago +5m 00s +StartPipelineExecution +9f2c1e0 Add retries to the checkout client$/),
      expect.stringMatching(/^exec-2 +Failed \(rollback\) +3h ago +3m 00s +ManualRollback +9f2c1e0 Add retries/),
      expect.stringMatching(/^exec-1 +Succeeded +5d ago +2h 05m +Webhook$/),
      '',
    ]);
  });

  test('--max N pages through ListPipelineExecutions and stops at N', async () => {
    const { client, tokens } = setup([3, 3, 3]);
    const { code, json } = await runJson(client, ['history', 'my-service-pipeline', '--max', '5']);

    expect(code).toBe(0);
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(json.executions.map((e: any) => e.pipelineExecutionId)).toEqual(ids(1, 5));
  });

  test('defaults to 20 executions and stops when the pages run out', async () => {
    const { client, tokens, mock } = setup([10, 4]);
    const { json } = await runJson(client, ['history', 'my-service-pipeline']);

    expect(tokens).toEqual([undefined, 'page-2']);
    expect(mock.commandCalls(ListPipelineExecutionsCommand)[0].args[0].input.maxResults).toBe(20);
    expect(json.executions).toHaveLength(14);
  });

  test('--json prints the documented shape', async () => {
    const { client } = setup([1]);
    const { json } = await runJson(client, ['history', 'my-service-pipeline']);

    expect(json).toEqual({
      pipelineName: 'my-service-pipeline',
      executions: [{
        pipelineExecutionId: 'exec-001',
        status: 'Succeeded',
        statusSummary: null,
        trigger: { type: 'Webhook', detail: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' },
        startTime: '2026-11-25T10:00:00.000Z',
        lastUpdateTime: '2026-11-25T10:07:00.000Z',
        durationSeconds: 420,
        executionMode: 'SUPERSEDED',
        executionType: 'STANDARD',
        sourceRevisions: [expect.objectContaining({ actionName: 'GitHub', revisionSummary: 'Add retries to the checkout client' })],
        consoleUrl: 'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-service-pipeline/executions/exec-001/timeline?region=eu-west-1',
      }],
    });
  });

  test.each(['0', '-3', 'ten', '2.5'])('--max %s is a usage error', async (max) => {
    const { client, mock } = mockedClient();
    const { code, stderr } = await run(client, ['history', 'p', '--max', max]);

    expect(code).toBe(2);
    expect(stderr).toBe(`error: --max must be a positive whole number, got "${max}"\n`);
    expect(mock.calls()).toHaveLength(0);
  });

  test('says so when there are no executions', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelineExecutionsCommand).resolves({});
    const { stdout } = await run(client, ['history', 'p']);

    expect(stdout).toBe('Pipeline p has no executions yet.\n');
  });
});
