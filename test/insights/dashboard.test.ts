import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { dashboardBodies, graphSeries, publishedDatapoints, recordedEvents, widget } from './support/dashboard';
import { matchesFilterPattern } from './support/filter-pattern';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { DORA_TITLES, insightsQueries } from '../../src/monitoring/private/insights';

// The seed example, as it synthesizes.
const app = new App({ builtinCloudFormationValidation: false });
const stack = buildApp(app);
const template = Template.fromStack(stack);
const pipelineName = stack.delivery.pipelineName;
const events = recordedEvents(pipelineName);
const [body] = dashboardBodies(template);
const FROM = '2026-11-02T00:00:00Z';
const TO = '2026-11-04T00:00:00Z';

describe('the seed example has a delivery dashboard', () => {
  test('one dashboard, named after the pipeline, with a widget titled for each of the four DORA figures', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `${pipelineName}-delivery` });
    const titles = body.widgets.map((w: any) => w.properties.title);
    for (const title of Object.values(DORA_TITLES)) {
      expect(titles).toContain(`${title} · Deploy`);
    }
  });

  test('the header shows the stage layout, parallel tests side by side, the production stage marked', () => {
    expect(body.widgets[0].properties.markdown).toContain(
      '**Source**: shop ⇒ **Build**: Build ⇒ **Test**: Unit ∥ Lint ⇒ **Approve**: Approve ⇒ **Deploy** (production): DeployECS ⇒ **Invoke**: SmokeTest');
  });

  test('the operations widgets: executions by result, durations, failed actions, approvals waiting, last state per stage', () => {
    for (const title of ['Executions by result', 'Execution duration p50 / p90', 'Stage duration p50 / p90', 'Failed actions by stage', 'Approvals waiting', 'Last execution state per stage']) {
      expect(widget(body, title)).toBeDefined();
    }
    expect(widget(body, 'Execution duration').properties.metrics).toEqual([
      ['AWS/CodePipeline', 'PipelineDuration', 'PipelineName', pipelineName, { label: 'p50', period: 86400, stat: 'p50' }],
      ['AWS/CodePipeline', 'PipelineDuration', 'PipelineName', pipelineName, { label: 'p90', period: 86400, stat: 'p90' }],
    ]);
  });
});

describe('the events reach an encrypted, retained, expiring log group', () => {
  test('a rule sends the pipeline\'s execution, stage and action events to the log group', () => {
    const rules = template.findResources('AWS::Events::Rule', { Properties: { Description: Match.stringLikeRegexp('delivery insights') } });
    const [rule] = Object.values(rules) as any[];
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/events/') } }));
    expect(rule.Properties.Targets).toEqual([{
      Id: 'Target0',
      Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:', { Ref: logGroupId }]] },
    }]);
    // Every recorded event matches the rule's pattern.
    const pattern = rule.Properties.EventPattern;
    for (const event of events) {
      expect(pattern.source).toContain((event as any).source);
      expect(pattern['detail-type']).toContain(event['detail-type']);
      expect(pattern.detail.pipeline).toEqual([event.detail.pipeline]);
    }
  });

  test('the log group is encrypted with the pipeline key, kept a year and retained with the stack', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: `/aws/events/cdk-delivery-pipeline/${pipelineName}`,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ShopNotificationsKey'), 'Arn'] },
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('EventBridge may write to the insights log groups of this account only (one resource policy per stack)', () => {
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const [policy] = Object.values(template.findResources('AWS::Logs::ResourcePolicy')) as any[];
    const document = JSON.parse(policy.Properties.PolicyDocument['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'aws')).join(''));
    expect(document.Statement).toEqual([{
      Sid: 'EventBridgeWritesPipelineEvents',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/cdk-delivery-pipeline/*:*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    }]);
    expect(policy.Properties.PolicyName).toBe('cdk-delivery-pipeline-events-ShopPipeline');
  });
});

describe('the figures, from the recorded events (2 Nov: deploys at 10:30 and 15:40, a failed one at 14:25; 3 Nov: a deploy at 09:20)', () => {
  const datapoints = publishedDatapoints(template, events);

  test('the metric filters see exactly the production stage\'s runs, never its action events', () => {
    const deploys = datapoints.filter(p => p.metricName === 'ProductionDeploys');
    expect(deploys.map(p => [new Date(p.time).toISOString(), p.dimensions.Result])).toEqual([
      ['2026-11-02T10:30:00.000Z', 'SUCCEEDED'],
      ['2026-11-02T14:25:00.000Z', 'FAILED'],
      ['2026-11-02T15:40:00.000Z', 'SUCCEEDED'],
      ['2026-11-03T09:20:00.000Z', 'SUCCEEDED'],
    ]);
    expect(deploys.every(p => p.dimensions.PipelineName === pipelineName)).toBe(true);
  });

  test('deployment frequency: 2 deploys on 2 Nov, 1 on 3 Nov, 1.5 a day on average', () => {
    const series = graphSeries(widget(body, DORA_TITLES.deploymentFrequency), datapoints, FROM, TO);
    expect(series['Production deploys']).toEqual([2, 1]);
    expect(series['Average per day']).toBe(1.5);
  });

  test('change failure rate: 1 of 3 deploys on 2 Nov, none of 1 on 3 Nov, 25% over the range', () => {
    const series = graphSeries(widget(body, DORA_TITLES.changeFailureRate), datapoints, FROM, TO);
    expect(series['Failed deploys (%)']).toEqual([100 / 3, 0]);
    expect(series['Over the range (%)']).toBe(25);
  });

  test('time to restore: production broken from 14:25 to 15:40, 75 minutes', () => {
    const series = graphSeries(widget(body, DORA_TITLES.timeToRestore), datapoints, FROM, TO);
    expect(series['Mean time to restore (minutes)']).toBe(75);
    const health = series['Production broken (1) or healthy (0)'] as Array<number | null>;
    const at = (iso: string) => health[(Date.parse(iso) - Date.parse(FROM)) / 300_000];
    expect([at('2026-11-02T10:30:00Z'), at('2026-11-02T14:25:00Z'), at('2026-11-02T15:35:00Z'), at('2026-11-02T15:40:00Z'), at('2026-11-03T23:55:00Z')])
      .toEqual([0, 1, 1, 0, 0]);
    expect(at('2026-11-02T10:25:00Z')).toBeNull(); // nothing known before the first deploy
  });

  test('executions by result: 2 succeeded and 1 failed on 2 Nov; 1 succeeded, 1 stopped, 1 superseded on 3 Nov', () => {
    const series = graphSeries(widget(body, 'Executions by result'), datapoints, FROM, TO);
    expect(series).toEqual({ succeeded: [2, 1], failed: [1, null], stopped: [null, 1], superseded: [null, 1] });
  });

  test('a filter pattern the events do not match publishes nothing (the stopping event, retries and approvals count nowhere)', () => {
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')) as any[];
    const unmatched = events.filter(e => !filters.some(f => matchesFilterPattern(f.Properties.FilterPattern, e)));
    expect(new Set(unmatched.map(e => `${e['detail-type'].replace('CodePipeline ', '')} ${e.detail.state}`))).toEqual(new Set([
      'Pipeline Execution State Change STARTED',
      'Pipeline Execution State Change STOPPING',
      'Stage Execution State Change STARTED',
      'Stage Execution State Change SUCCEEDED', // of other stages than Deploy
      'Stage Execution State Change RESUMED',
      'Action Execution State Change STARTED',
      'Action Execution State Change SUCCEEDED',
      'Action Execution State Change FAILED',
    ]));
  });
});

describe('the Logs Insights queries read fields the events have', () => {
  const queries = insightsQueries('Deploy');
  const typeOf: Record<string, string> = {
    pipeline: 'CodePipeline Pipeline Execution State Change',
    stage: 'CodePipeline Stage Execution State Change',
    action: 'CodePipeline Action Execution State Change',
  };
  const has = (detailType: string, field: string) => events.some(e => e['detail-type'] === detailType && field.split('.').reduce<any>((v, k) => v?.[k], e) !== undefined);

  test.each(Object.entries(queries))('%s: every field it names exists in a recorded event of the type it filters', (_name, commands) => {
    const query = commands.join('\n| ');
    const types = Object.values(typeOf).filter(t => query.includes(`"${t}"`));
    expect(types.length).toBeGreaterThan(0);
    const fields = [...query.matchAll(/`([^`]+)`/g)].map(m => m[1]).filter(f => f !== 'detail-type');
    for (const field of fields) {
      expect({ field, found: types.some(t => has(t, field)) }).toEqual({ field, found: true });
    }
    // Logs Insights allows two stats at most; sort only after the last one.
    expect(commands.filter(c => c.startsWith('stats')).length).toBeLessThanOrEqual(2);
    const lastStats = commands.map(c => c.startsWith('stats')).lastIndexOf(true);
    expect(commands.findIndex(c => c.startsWith('sort'))).not.toBeLessThan(commands.filter(c => c.startsWith('sort')).length > 0 ? lastStats : -1);
  });

  test('the states the queries compare with are states the events have', () => {
    const all = Object.values(queries).flat().join('\n');
    const states = new Set(events.map(e => e.detail.state));
    for (const [, state] of all.matchAll(/`detail\.state` = "([A-Z]+)"/g)) expect(states).toContain(state);
    for (const [, state] of all.matchAll(/state = "([A-Z]+)"/g)) expect(states).toContain(state);
  });

  test('the widgets query the pipeline\'s own log group, the lead time from execution start to the production stage succeeding', () => {
    const leadTime = widget(body, DORA_TITLES.leadTime).properties.query as string;
    expect(leadTime.startsWith(`SOURCE '<${Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/events/') } }))[0]}>' | fields toMillis(@timestamp) as t\n| filter `)).toBe(true);
    expect(leadTime).toContain('`detail.stage` = "Deploy" and `detail.state` = "SUCCEEDED"');
    expect(leadTime).toContain('| stats (max(t) - min(t)) / 60000 as leadTimeMinutes, count(*) as events by `detail.execution-id`\n| filter events = 2\n');
  });
});
