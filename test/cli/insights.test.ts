import { captureOutput, FakeClock, useFakeAwsCredentials } from './support/harness';
import { DELIVERY_PIPELINE, deliveryHistory, HISTORY_NOW, throttling } from './support/insights-scenario';
import { CodePipelineStub } from './support/stub-server';
import { sparkline } from '../../src/cli/private/insights';
import { runCli } from '../../src/cli/program';
import { createCodePipelineClient } from '../../src/cli/sdk';

/**
 * `insights` with the real SDK client (serialization, paging, retries) against the local
 * CodePipeline stub serving a scripted week of deploys (test/cli/support/insights-scenario.ts).
 */
describe('insights', () => {
  useFakeAwsCredentials();
  let stub: CodePipelineStub;

  beforeEach(async () => {
    stub = new CodePipelineStub();
    await stub.start();
    // no jitter: the SDK's backoff delay becomes 0 ms, the retry path is otherwise unchanged
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await stub.stop();
  });

  // The SDK's standard retry mode: the same retries as the default adaptive mode, without its
  // client-side rate limiter, which waits in real time (tests never really wait).
  const RETRY_ENV = { AWS_RETRY_MODE: 'standard' };

  async function insights(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; clock: FakeClock }> {
    const io = captureOutput();
    const clock = new FakeClock(HISTORY_NOW);
    process.env.AWS_RETRY_MODE = RETRY_ENV.AWS_RETRY_MODE;
    try {
      const code = await runCli(['insights', ...args, '--endpoint-url', stub.url, '--region', 'eu-west-1'], {
        io, env: RETRY_ENV, cwd: __dirname, clock, createClient: createCodePipelineClient,
      });
      return { code, stdout: io.stdoutText(), stderr: io.stderrText(), clock };
    } finally {
      delete process.env.AWS_RETRY_MODE;
    }
  }

  test('--json: the four figures of the Prod stage over 7 days, with their daily series', async () => {
    deliveryHistory(stub);
    const { code, stdout, stderr } = await insights(DELIVERY_PIPELINE, '--days', '7', '--json');

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const view = JSON.parse(stdout);
    expect(view).toMatchObject({
      pipelineName: DELIVERY_PIPELINE,
      productionStage: 'Prod',
      days: 7,
      from: '2026-11-18T12:00:00.000Z',
      to: '2026-11-25T12:00:00.000Z',
      // e1, e3, e5 and e6 (rolled back later, but deployed); e0 is before the week, e2 never reached Prod
      deploymentFrequency: { perDay: 0.57, deploys: 4, daily: [1, 0, 1, 0, 1, 0, 1] },
      // from the commit: e1 2h, e5 1h15m (its retried Prod), e6 2h; e3's S3 source has no commit time: 40 min from its start
      leadTime: { medianSeconds: 5850, averageSeconds: 5325, changes: 4, fromCommitTime: 3, daily: [7200, null, 2400, null, 4500, null, 7200] },
      // e4 failed, e6 was rolled back, of 5 deploys of changes (the rollback e7 is none)
      changeFailureRate: { percent: 40, failed: 1, rolledBack: 1, deploys: 5, daily: [0, null, 0, null, 50, null, 100] },
      // e4 failed 22 Nov 16:30, restored by e5 23 Nov 10:45 (18h15m); e7's rollback took 10 min
      timeToRestore: {
        medianSeconds: 33150, averageSeconds: 33150, restores: 2, brokenSince: null, daily: [null, null, null, null, 65700, null, 600],
      },
    });
    expect(view.deploys.map((d: any) => [d.pipelineExecutionId.slice(-1), d.result, d.rollback, d.leadTimeSeconds])).toEqual([
      ['1', 'Succeeded', false, 7200],
      ['3', 'Succeeded', false, 2400],
      ['4', 'Failed', false, null],
      ['5', 'Succeeded', false, 4500],
      ['6', 'RolledBack', false, 7200],
      ['7', 'Succeeded', true, null],
    ]);
  });

  test('reads every page of executions and action executions, and stops at the first page older than the window', async () => {
    deliveryHistory(stub);
    await insights(DELIVERY_PIPELINE, '--days', '7', '--json');

    const ops = stub.operations();
    expect(ops[0]).toBe('GetPipeline');
    // 8 executions, 3 a page: the third page reaches 17 Nov, before the window
    expect(stub.requests.filter(r => r.operation === 'ListPipelineExecutions').map(r => r.input.nextToken)).toEqual([undefined, 'page-3', 'page-6']);
    const actionPages = stub.requests.filter(r => r.operation === 'ListActionExecutions');
    expect(actionPages.length).toBeGreaterThan(2);
    expect(actionPages.every(r => r.input.pipelineName === DELIVERY_PIPELINE && r.input.maxResults === 100)).toBe(true);
  });

  test('a compact table with a sparkline per figure', async () => {
    deliveryHistory(stub);
    const { code, stdout } = await insights(DELIVERY_PIPELINE, '--days', '7');

    expect(code).toBe(0);
    expect(stdout).toBe([
      `${DELIVERY_PIPELINE}  production stage Prod · 2026-11-18 to 2026-11-25`,
      '',
      'FIGURE                 VALUE                       DAILY, LAST 7 DAYS',
      'Deployment frequency   0.57 per day (4 deploys)    █▁█▁█▁█',
      'Lead time for changes  1h 37m median (4 changes)   █ ▃ ▅ █',
      'Change failure rate    40% (2 of 5 deploys)        ▁ ▁ ▅ █',
      'Time to restore        9h 12m median (2 restores)      █ ▁',
      '',
      "Lead time from the commit time for 3 of 4 changes; the source reported none for the others, measured from the execution's start.",
      '1 rolled-back deploy counts as failed.',
      '',
    ].join('\n'));
  });

  test('against a stub that throttles every other call, it still finishes with the same figures', async () => {
    deliveryHistory(stub, (h) => throttling(h, (n) => n % 2 === 1));
    const { code, stdout, stderr } = await insights(DELIVERY_PIPELINE, '--days', '7', '--json');

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout).changeFailureRate.percent).toBe(40);
    // every call answered once throttled, once served: 1 GetPipeline, 3 pages of executions
    expect(stub.operations().filter(o => o === 'GetPipeline')).toHaveLength(2);
    expect(stub.operations().filter(o => o === 'ListPipelineExecutions')).toHaveLength(6);
  });

  test('when CodePipeline throttles a call past the SDK\'s 8 attempts, insights waits and goes on', async () => {
    // the first 10 ListActionExecutions calls are throttled: one SDK call (8 attempts) fails, the next succeeds on its third
    deliveryHistory(stub, (h) => throttling(h, (n) => n <= 10));
    const { code, stdout, stderr, clock } = await insights(DELIVERY_PIPELINE, '--days', '7', '--json');

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout).deploymentFrequency.deploys).toBe(4);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]); // once for each operation
  });

  test('--stage chooses the stage; an unknown one is a usage error listing the stages', async () => {
    deliveryHistory(stub);
    const staging = JSON.parse((await insights(DELIVERY_PIPELINE, '--days', '7', '--stage', 'Staging', '--json')).stdout);
    expect(staging.productionStage).toBe('Staging');
    expect(staging.deploymentFrequency.deploys).toBe(5); // e4 and e5 deployed to Staging too

    const { code, stderr } = await insights(DELIVERY_PIPELINE, '--stage', 'Production');
    expect(code).toBe(2);
    expect(stderr).toBe(`error: pipeline "${DELIVERY_PIPELINE}" has no stage "Production"; its stages are: Source, Build, Staging, Prod\n`);
  });

  test.each(['0', '366', 'week'])('--days %s is a usage error', async (days) => {
    deliveryHistory(stub);
    const { code, stderr } = await insights(DELIVERY_PIPELINE, '--days', days);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: --days must be/);
    expect(stub.requests).toHaveLength(0);
  });

  test('an unknown pipeline is an error with the pipeline name', async () => {
    deliveryHistory(stub);
    stub.on('ListPipelines', () => ({ pipelines: [{ name: DELIVERY_PIPELINE }] }));
    const { code, stderr } = await insights('checkout-service');
    expect(code).toBe(1);
    expect(stderr).toContain('pipeline "checkout-service" not found in eu-west-1');
  });
});

test('sparklines scale from zero to the largest value; a gap is a space', () => {
  expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  expect(sparkline([null, 0, 0])).toBe(' ▁▁');
  expect(sparkline([])).toBe('');
});
