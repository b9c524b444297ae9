import { CodePipelineStub, StubHandler } from './stub-server';

export const DELIVERY_PIPELINE = 'checkout-service-delivery';
/** The time the scripted history ends (the harness's NOW). */
export const HISTORY_NOW = new Date('2026-11-25T12:00:00Z');

const s = (iso: string) => Date.parse(iso) / 1000; // wire format: epoch seconds
const id = (n: number) => `e0000000-0000-4000-8000-00000000000${n}`;

interface Run {
  readonly n: number;
  readonly start: string;
  readonly type?: 'ROLLBACK';
  /** The connection's AuthorDate; none for an S3 source. */
  readonly authorDate?: string;
  readonly s3Source?: boolean;
  /** [stage, action, status, start, end] in the order they ran. */
  readonly actions: Array<[string, string, string, string, string]>;
}

const DEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' };
const BUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };

/**
 * A scripted week of a pipeline (Source, Build, Staging, Prod), newest first:
 * e1 deploys on 19 Nov (committed 2 h before); e2's build fails; e3 (an S3 source, no commit time)
 * deploys on 21 Nov; e4 fails in Prod on 22 Nov 16:30; e5 fails in Prod, is retried and deploys on
 * 23 Nov 10:45; e6 deploys on 24 Nov and is rolled back by e7 on 25 Nov (09:00 to 09:10);
 * e0 deployed on 17 Nov, before the week.
 */
export const HISTORY: readonly Run[] = [
  { n: 0, start: '2026-11-17T10:00:00Z', authorDate: '2026-11-17T09:00:00Z', actions: prod('2026-11-17T10', 'Succeeded', '2026-11-17T11:00:00Z') },
  { n: 1, start: '2026-11-19T10:00:00Z', authorDate: '2026-11-19T09:00:00Z', actions: prod('2026-11-19T10', 'Succeeded', '2026-11-19T11:00:00Z') },
  {
    n: 2,
    start: '2026-11-20T12:00:00Z',
    authorDate: '2026-11-20T11:00:00Z',
    actions: [['Build', 'Build', 'Failed', '2026-11-20T12:01:00Z', '2026-11-20T12:09:00Z']],
  },
  { n: 3, start: '2026-11-21T08:00:00Z', s3Source: true, actions: prod('2026-11-21T08', 'Succeeded', '2026-11-21T08:40:00Z') },
  { n: 4, start: '2026-11-22T16:00:00Z', authorDate: '2026-11-22T15:00:00Z', actions: prod('2026-11-22T16', 'Failed', '2026-11-22T16:30:00Z') },
  {
    n: 5,
    start: '2026-11-23T10:00:00Z',
    authorDate: '2026-11-23T09:30:00Z',
    actions: [...prod('2026-11-23T10', 'Failed', '2026-11-23T10:20:00Z'), ['Prod', 'Deploy', 'Succeeded', '2026-11-23T10:30:00Z', '2026-11-23T10:45:00Z']],
  },
  { n: 6, start: '2026-11-24T14:00:00Z', authorDate: '2026-11-24T13:00:00Z', actions: prod('2026-11-24T14', 'Succeeded', '2026-11-24T15:00:00Z') },
  { n: 7, start: '2026-11-25T09:00:00Z', type: 'ROLLBACK', actions: [['Prod', 'Deploy', 'Succeeded', '2026-11-25T09:01:00Z', '2026-11-25T09:10:00Z']] },
];

/** Build, Staging and Prod of an execution started at `hour`, Prod ending with the status at `end`. */
function prod(hour: string, status: string, end: string): Array<[string, string, string, string, string]> {
  return [
    ['Build', 'Build', 'Succeeded', `${hour}:01:00Z`, `${hour}:09:00Z`],
    ['Staging', 'Deploy', 'Succeeded', `${hour}:10:00Z`, `${hour}:15:00Z`],
    ['Prod', 'Deploy', status, `${hour}:16:00Z`, end],
  ];
}

function actionDetails(): Array<Record<string, unknown>> {
  const details: Array<Record<string, unknown>> = [];
  let counter = 0;
  for (const run of HISTORY) {
    const action = (stageName: string, actionName: string, status: string, start: string, end: string,
      actionTypeId: object, outputVariables?: object) => details.push({
      pipelineExecutionId: id(run.n),
      actionExecutionId: `a${String(++counter).padStart(3, '0')}`,
      pipelineVersion: 4,
      stageName,
      actionName,
      status,
      startTime: s(start),
      lastUpdateTime: s(end),
      input: { actionTypeId, configuration: {} },
      output: outputVariables ? { outputVariables } : {},
    });
    if (run.type !== 'ROLLBACK') {
      const source = run.s3Source
        ? { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }
        : { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' };
      action('Source', 'Source', 'Succeeded', run.start, run.start, source, run.authorDate
        ? { AuthorDate: run.authorDate, BranchName: 'main', CommitId: `c${run.n}`.padEnd(40, '0'), CommitMessage: 'Change', FullRepositoryName: 'acme/checkout' }
        : { ETag: 'etag', VersionId: 'v1' });
    }
    for (const [stageName, actionName, status, start, end] of run.actions) {
      action(stageName, actionName, status, start, end, stageName === 'Build' ? BUILD : DEPLOY);
    }
  }
  return details.sort((a, b) => (b.startTime as number) - (a.startTime as number));
}

function executionSummaries(): Array<Record<string, unknown>> {
  return [...HISTORY].reverse().map(run => ({
    pipelineExecutionId: id(run.n),
    status: run.actions.some(a => a[2] === 'Failed') && !run.actions.some(a => a[0] === 'Prod' && a[2] === 'Succeeded') ? 'Failed' : 'Succeeded',
    startTime: s(run.start),
    lastUpdateTime: s(run.actions[run.actions.length - 1][4]),
    trigger: run.type === 'ROLLBACK' ? { triggerType: 'ManualRollback' } : { triggerType: 'WebhookV2' },
    executionMode: 'SUPERSEDED',
    executionType: run.type ?? 'STANDARD',
  }));
}

/** Serves `items` `size` at a time by nextToken, whatever maxResults asks for, so paging is exercised. */
function paged(key: string, items: () => Array<Record<string, unknown>>, size: number): StubHandler {
  return (input) => {
    const start = input.nextToken ? Number(String(input.nextToken).replace('page-', '')) : 0;
    const all = items();
    return { [key]: all.slice(start, start + size), ...(start + size < all.length ? { nextToken: `page-${start + size}` } : {}) };
  };
}

/** Wraps a handler so that the calls for which `throttled(n)` holds (n = 1, 2, ... per operation) are throttled. */
export function throttling(handler: StubHandler, throttled: (call: number) => boolean): StubHandler {
  let calls = 0;
  return (input) => (throttled(++calls) ? { error: 'ThrottlingException', message: 'Rate exceeded' } : handler(input));
}

/** The stub serving the scripted history; `wrap` can make each operation throttle. */
export function deliveryHistory(stub: CodePipelineStub, wrap: (handler: StubHandler) => StubHandler = (h) => h): CodePipelineStub {
  const typeId = (category: string, provider: string) => ({ category, owner: 'AWS', provider, version: '1' });
  return stub
    .on('GetPipeline', wrap((input) => (input.name !== DELIVERY_PIPELINE
      ? { error: 'PipelineNotFoundException', message: `Account '123456789012' does not have a pipeline with name '${String(input.name)}'` }
      : {
        pipeline: {
          name: DELIVERY_PIPELINE,
          roleArn: 'arn:aws:iam::123456789012:role/checkout-pipeline',
          version: 4,
          pipelineType: 'V2',
          stages: [
            { name: 'Source', actions: [{ name: 'Source', actionTypeId: typeId('Source', 'CodeStarSourceConnection') }] },
            { name: 'Build', actions: [{ name: 'Build', actionTypeId: typeId('Build', 'CodeBuild') }] },
            { name: 'Staging', actions: [{ name: 'Deploy', actionTypeId: typeId('Deploy', 'ECS') }] },
            { name: 'Prod', actions: [{ name: 'Deploy', actionTypeId: typeId('Deploy', 'ECS') }] },
          ],
        },
        metadata: { pipelineArn: `arn:aws:codepipeline:eu-west-1:123456789012:${DELIVERY_PIPELINE}` },
      })))
    .on('ListPipelineExecutions', wrap(paged('pipelineExecutionSummaries', executionSummaries, 3)))
    .on('ListActionExecutions', wrap(paged('actionExecutionDetails', actionDetails, 7)));
}
