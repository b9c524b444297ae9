import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fail, show } from '../../core/private/errors';

/** The namespace of the metrics the insights' metric filters publish. */
export const INSIGHTS_NAMESPACE = 'CdkDeliveryPipeline';

/** Where the pipelines' events are kept: `/aws/events/...` is the prefix EventBridge requires of a log group target. */
export const INSIGHTS_LOG_GROUP_PREFIX = '/aws/events/cdk-delivery-pipeline/';

/** The three CodePipeline event types, as EventBridge names them. */
export const DETAIL_TYPES = {
  pipeline: 'CodePipeline Pipeline Execution State Change',
  stage: 'CodePipeline Stage Execution State Change',
  action: 'CodePipeline Action Execution State Change',
} as const;

/** The execution results the dashboard charts. */
export const EXECUTION_RESULTS = ['SUCCEEDED', 'FAILED', 'STOPPED', 'SUPERSEDED'] as const;

/** Period of the DORA and execution graphs. */
const DAY = Duration.days(1);
/** Resolution of the production health series that time to restore is computed from. */
const HEALTH_PERIOD = Duration.minutes(5);

/** A metric filter of the insights, as data (tests evaluate the patterns against recorded events). */
export interface InsightsMetricFilter {
  readonly id: string;
  readonly metricName: string;
  readonly filterPattern: string;
  readonly metricValue: string;
  readonly dimensions: Record<string, string>;
}

/** What the dashboard of a pipeline is made of. */
export interface PipelineInsights {
  readonly pipelineName: string;
  readonly productionStage: string;
  readonly logGroup: logs.ILogGroup;
  readonly pipeline: codepipeline.Pipeline;
}

const stateIs = (...states: string[]) => `(${states.map(s => `$.detail.state = "${s}"`).join(' || ')})`;
const stageRun = (stage: string) => `($.detail.stage = "${stage}") && ($.detail.action NOT EXISTS)`;

/** The metric filters: executions by result, production deploys by result, and production health (1 broken, 0 healthy). */
export function insightsMetricFilters(productionStage: string): InsightsMetricFilter[] {
  const pipelineDimension = { PipelineName: '$.detail.pipeline' };
  return [
    {
      id: 'ExecutionsMetricFilter',
      metricName: 'Executions',
      filterPattern: `{ ($.detail.stage NOT EXISTS) && ${stateIs(...EXECUTION_RESULTS)} }`,
      metricValue: '1',
      dimensions: { ...pipelineDimension, State: '$.detail.state' },
    },
    {
      id: 'ProductionDeploysMetricFilter',
      metricName: 'ProductionDeploys',
      filterPattern: `{ ${stageRun(productionStage)} && ${stateIs('SUCCEEDED', 'FAILED')} }`,
      metricValue: '1',
      dimensions: { ...pipelineDimension, Result: '$.detail.state' },
    },
    {
      id: 'ProductionBrokenMetricFilter',
      metricName: 'ProductionBroken',
      filterPattern: `{ ${stageRun(productionStage)} && ${stateIs('FAILED')} }`,
      metricValue: '1',
      dimensions: pipelineDimension,
    },
    {
      id: 'ProductionRestoredMetricFilter',
      metricName: 'ProductionBroken',
      filterPattern: `{ ${stageRun(productionStage)} && ${stateIs('SUCCEEDED')} }`,
      metricValue: '0',
      dimensions: pipelineDimension,
    },
  ];
}

/** The Logs Insights queries of the dashboard, by widget: their commands, which the widgets join with `\n| `. */
export function insightsQueries(productionStage: string): Record<
'leadTime' | 'stageDurations' | 'failedActionsByStage' | 'approvalsWaiting' | 'lastStateByStage', string[]> {
  const trigger = '`detail.execution-trigger.trigger-type`';
  return {
    // From the execution's start (for Git-triggered executions: the push) to its production stage succeeding;
    // rollback executions are no changes and are left out.
    leadTime: [
      'fields toMillis(@timestamp) as t',
      `filter (\`detail-type\` = "${DETAIL_TYPES.pipeline}" and \`detail.state\` = "STARTED" and (not ispresent(${trigger}) or ${trigger} not like /Rollback/))`
        + ` or (\`detail-type\` = "${DETAIL_TYPES.stage}" and \`detail.stage\` = "${productionStage}" and \`detail.state\` = "SUCCEEDED")`,
      'stats (max(t) - min(t)) / 60000 as leadTimeMinutes, count(*) as events by `detail.execution-id`',
      'filter events = 2',
      'stats count(*) as changes, pct(leadTimeMinutes, 50) as medianMinutes, avg(leadTimeMinutes) as averageMinutes, max(leadTimeMinutes) as longestMinutes',
    ],
    stageDurations: [
      'fields toMillis(@timestamp) as t',
      `filter \`detail-type\` = "${DETAIL_TYPES.stage}" and \`detail.state\` in ["STARTED", "SUCCEEDED"]`,
      'stats (max(t) - min(t)) / 60000 as minutes, count(*) as events by `detail.execution-id`, `detail.stage`',
      'filter events = 2',
      'stats pct(minutes, 50) as p50Minutes, pct(minutes, 90) as p90Minutes, count(*) as runs by `detail.stage`',
    ],
    failedActionsByStage: [
      `filter \`detail-type\` = "${DETAIL_TYPES.action}" and \`detail.state\` = "FAILED"`,
      'stats count(*) as failedActions by `detail.stage`',
      'sort failedActions desc',
    ],
    approvalsWaiting: [
      `filter \`detail-type\` = "${DETAIL_TYPES.action}" and \`detail.type.category\` = "Approval"`,
      'stats latest(`detail.state`) as state, min(@timestamp) as waitingSince by `detail.execution-id`, `detail.stage`, `detail.action`',
      'filter state = "STARTED"',
      'sort waitingSince asc',
    ],
    lastStateByStage: [
      `filter \`detail-type\` = "${DETAIL_TYPES.stage}"`,
      'stats latest(`detail.state`) as state, latest(`detail.execution-id`) as execution, max(@timestamp) as changed by `detail.stage`',
      'sort changed desc',
    ],
  };
}

/**
 * The production stage of a pipeline: the one asked for (it must exist), the (last) production
 * environment's, the last stage holding a deploy action, or the last stage.
 */
export function productionStageOf(scope: Construct, pipeline: codepipeline.Pipeline, requested: string | undefined,
  productionEnvironment: string | undefined): string {
  const stages = pipeline.stages;
  if (requested !== undefined) {
    if (!stages.some(s => s.stageName === requested)) {
      fail(scope, 'UnknownProductionStage',
        `'monitoring.productionStage' is ${show(requested)}, but the pipeline has no such stage: name one of ${stages.map(s => `'${s.stageName}'`).join(', ')}`);
    }
    return requested;
  }
  if (productionEnvironment !== undefined) return productionEnvironment;
  const deploying = stages.filter(s => s.actions.some(a => a.actionProperties.category === codepipeline.ActionCategory.DEPLOY));
  return (deploying[deploying.length - 1] ?? stages[stages.length - 1]).stageName;
}

/**
 * Keeps the pipeline's EventBridge events in a log group encrypted with the pipeline key, retained
 * and expiring, and adds the metric filters the dashboard charts.
 */
export function createInsightsLog(scope: Construct, pipelineName: string, key: kms.IKey, retention: logs.RetentionDays | undefined,
  productionStage: string): logs.LogGroup {
  const logGroup = new logs.LogGroup(scope, 'Events', {
    logGroupName: `${INSIGHTS_LOG_GROUP_PREFIX}${pipelineName}`,
    encryptionKey: key,
    retention: retention ?? logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const filter of insightsMetricFilters(productionStage)) {
    new logs.CfnMetricFilter(logGroup, filter.id, {
      logGroupName: logGroup.logGroupName,
      filterPattern: filter.filterPattern,
      metricTransformations: [{
        metricNamespace: INSIGHTS_NAMESPACE,
        metricName: filter.metricName,
        metricValue: filter.metricValue,
        dimensions: Object.entries(filter.dimensions).map(([name, value]) => ({ key: name, value })),
      }],
    });
  }
  const stack = Stack.of(scope);
  const policy = eventsPolicy(stack);
  const rule = new events.Rule(scope, 'InsightsRule', {
    description: 'Keeps the execution, stage and action events of the pipeline for its delivery insights',
    eventPattern: {
      source: ['aws.codepipeline'],
      detailType: Object.values(DETAIL_TYPES),
      detail: { pipeline: [pipelineName] },
    },
    targets: [{
      bind: () => ({
        arn: stack.formatArn({ service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: logGroup.logGroupName }),
        targetResource: logGroup,
      }),
    }],
  });
  rule.node.addDependency(policy);
  return logGroup;
}

/**
 * The CloudWatch Logs resource policy that lets EventBridge write to the insights log groups of the
 * stack's account and region: one per stack (an account holds at most 10 per region), for the log
 * groups under the insights prefix only. CloudWatch Logs resource policies are account-wide, hence the
 * log group name pattern; the writer is EventBridge acting for this account.
 */
function eventsPolicy(stack: Stack): logs.CfnResourcePolicy {
  const id = 'CdkDeliveryPipelineEventsLogPolicy';
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as logs.CfnResourcePolicy;
  const resource = stack.formatArn({
    service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `${INSIGHTS_LOG_GROUP_PREFIX}*:*`,
  });
  return new logs.CfnResourcePolicy(stack, id, {
    policyName: Token.isUnresolved(stack.stackName) ? 'cdk-delivery-pipeline-events' : `cdk-delivery-pipeline-events-${stack.stackName}`.slice(0, 255),
    policyDocument: stack.toJsonString({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'EventBridgeWritesPipelineEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: resource,
        Condition: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }],
    }),
  });
}

/** A metric the insights' metric filters publish. */
function insightsMetric(pipelineName: string, metricName: string, dimensions: Record<string, string>, statistic: string, period: Duration,
  label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: INSIGHTS_NAMESPACE,
    metricName,
    dimensionsMap: { PipelineName: pipelineName, ...dimensions },
    statistic,
    period,
    label,
  });
}

/** The DORA figures of a pipeline's production stage as metric math, by widget. */
export function doraExpressions(pipelineName: string): {
  deploymentFrequency: cloudwatch.MathExpression[];
  changeFailureRate: cloudwatch.MathExpression[];
  timeToRestore: cloudwatch.MathExpression[];
} {
  const succeeded = insightsMetric(pipelineName, 'ProductionDeploys', { Result: 'SUCCEEDED' }, cloudwatch.Stats.SUM, DAY);
  const failed = insightsMetric(pipelineName, 'ProductionDeploys', { Result: 'FAILED' }, cloudwatch.Stats.SUM, DAY);
  const broken = insightsMetric(pipelineName, 'ProductionBroken', {}, cloudwatch.Stats.MAXIMUM, HEALTH_PERIOD);
  const health = new cloudwatch.MathExpression({ expression: 'FILL(b, REPEAT)', usingMetrics: { b: broken }, label: 'Production broken (1) or healthy (0)', period: HEALTH_PERIOD });
  // Broken minutes over the number of restores (a step from 1 to 0), in one expression: a nested expression
  // renders its keys in an order that differs between aws-cdk-lib releases.
  const meanTimeToRestore = new cloudwatch.MathExpression({
    expression: '(SUM(FILL(b, REPEAT)) * PERIOD(b) / 60) / SUM(IF(DIFF(FILL(b, REPEAT)) < 0, 1, 0))',
    usingMetrics: { b: broken },
    label: 'Mean time to restore (minutes)',
    period: HEALTH_PERIOD,
  });
  return {
    deploymentFrequency: [
      new cloudwatch.MathExpression({ expression: 'FILL(s, 0)', usingMetrics: { s: succeeded }, label: 'Production deploys', period: DAY }),
      new cloudwatch.MathExpression({ expression: 'AVG(FILL(s, 0))', usingMetrics: { s: succeeded }, label: 'Average per day', period: DAY }),
    ],
    changeFailureRate: [
      new cloudwatch.MathExpression({ expression: '100 * FILL(f, 0) / (FILL(f, 0) + FILL(s, 0))', usingMetrics: { f: failed, s: succeeded }, label: 'Failed deploys (%)', period: DAY }),
      new cloudwatch.MathExpression({
        expression: '100 * SUM(FILL(f, 0)) / (SUM(FILL(f, 0)) + SUM(FILL(s, 0)))', usingMetrics: { f: failed, s: succeeded }, label: 'Over the range (%)', period: DAY,
      }),
    ],
    timeToRestore: [
      meanTimeToRestore,
      health,
    ],
  };
}

/** The figures' widget titles (the example's template is checked for them). */
export const DORA_TITLES = {
  deploymentFrequency: 'Deployment frequency (production deploys per day)',
  leadTime: 'Lead time for changes (execution start to production, minutes)',
  changeFailureRate: 'Change failure rate (% of production deploys)',
  timeToRestore: 'Time to restore (failed production deploy to the next success, minutes)',
} as const;

/** The four DORA figures of a pipeline's production stage. */
export function doraWidgets(insights: PipelineInsights): cloudwatch.IWidget[] {
  const dora = doraExpressions(insights.pipelineName);
  const queries = insightsQueries(insights.productionStage);
  const suffix = ` · ${insights.productionStage}`;
  return [
    new cloudwatch.GraphWidget({
      title: DORA_TITLES.deploymentFrequency + suffix, left: dora.deploymentFrequency, width: 6, height: 6, view: cloudwatch.GraphWidgetView.BAR,
    }),
    new cloudwatch.LogQueryWidget({
      title: DORA_TITLES.leadTime + suffix,
      logGroupNames: [insights.logGroup.logGroupName],
      queryLines: queries.leadTime,
      width: 6,
      height: 6,
      view: cloudwatch.LogQueryVisualizationType.TABLE,
    }),
    new cloudwatch.GraphWidget({
      title: DORA_TITLES.changeFailureRate + suffix,
      left: dora.changeFailureRate,
      width: 6,
      height: 6,
      leftYAxis: { min: 0, max: 100, showUnits: false },
    }),
    new cloudwatch.GraphWidget({
      title: DORA_TITLES.timeToRestore + suffix,
      left: [dora.timeToRestore[0]],
      right: [dora.timeToRestore[1]],
      width: 6,
      height: 6,
      rightYAxis: { min: 0, max: 1, showUnits: false },
      leftYAxis: { min: 0, showUnits: false },
    }),
  ];
}

/** Executions, durations, failures, approvals and the last state per stage of one pipeline. */
export function operationsWidgets(insights: PipelineInsights): cloudwatch.IWidget[][] {
  const { pipelineName } = insights;
  const queries = insightsQueries(insights.productionStage);
  const logGroupNames = [insights.logGroup.logGroupName];
  const duration = (statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/CodePipeline', metricName: 'PipelineDuration', dimensionsMap: { PipelineName: pipelineName }, statistic, period: DAY, label: statistic,
  });
  return [
    [
      new cloudwatch.GraphWidget({
        title: `Executions by result · ${pipelineName}`,
        left: EXECUTION_RESULTS.map(state => insightsMetric(pipelineName, 'Executions', { State: state }, cloudwatch.Stats.SUM, DAY, state.toLowerCase())),
        stacked: true,
        view: cloudwatch.GraphWidgetView.BAR,
        width: 8,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: `Execution duration p50 / p90 (seconds) · ${pipelineName}`, left: [duration('p50'), duration('p90')], width: 8, height: 6,
      }),
      new cloudwatch.LogQueryWidget({ title: `Stage duration p50 / p90 (minutes) · ${pipelineName}`, logGroupNames, queryLines: queries.stageDurations, width: 8, height: 6 }),
    ],
    [
      new cloudwatch.LogQueryWidget({
        title: `Failed actions by stage · ${pipelineName}`,
        logGroupNames,
        queryLines: queries.failedActionsByStage,
        width: 8,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.BAR,
      }),
      new cloudwatch.LogQueryWidget({ title: `Approvals waiting · ${pipelineName}`, logGroupNames, queryLines: queries.approvalsWaiting, width: 8, height: 6 }),
      new cloudwatch.LogQueryWidget({ title: `Last execution state per stage · ${pipelineName}`, logGroupNames, queryLines: queries.lastStateByStage, width: 8, height: 6 }),
    ],
  ];
}

/** The pipeline's stage layout as Markdown: stages in order, parallel actions joined by `∥`, sequential ones by `→`. */
export function stageLayout(pipeline: codepipeline.Pipeline, productionStage: string): string {
  return pipeline.stages.map(stage => {
    const byOrder = new Map<number, string[]>();
    for (const action of stage.actions) {
      const order = action.actionProperties.runOrder ?? 1;
      byOrder.set(order, [...(byOrder.get(order) ?? []), action.actionProperties.actionName]);
    }
    const actions = [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, names]) => names.join(' ∥ ')).join(' → ');
    const name = stage.stageName === productionStage ? `**${stage.stageName}** (production)` : `**${stage.stageName}**`;
    return `${name}: ${actions}`;
  }).join(' ⇒ ');
}

/** The header of a pipeline's part of a dashboard: its name, console link and stage layout. */
export function headerWidget(insights: PipelineInsights, width = 24): cloudwatch.TextWidget {
  const region = Stack.of(insights.pipeline).region;
  const console = `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${insights.pipelineName}/view?region=${region}`;
  return new cloudwatch.TextWidget({
    markdown: [
      `## Delivery insights: [${insights.pipelineName}](${console})`,
      stageLayout(insights.pipeline, insights.productionStage),
      '',
      'The DORA figures count the production stage\'s deploys; definitions, costs and the matching `cdk-delivery-pipeline insights` command: docs/insights.md in cdk-delivery-pipeline.',
    ].join('\n'),
    width,
    height: 3,
    // explicit: aws-cdk-lib renders its default only from 2.276 on
    background: cloudwatch.TextWidgetBackground.TRANSPARENT,
  });
}

/** A dashboard name from a pipeline name (dashboards allow letters, digits, `-` and `_`). */
export function dashboardName(pipelineName: string): string | undefined {
  if (Token.isUnresolved(pipelineName)) return undefined;
  return `${pipelineName.replace(/[^A-Za-z0-9_-]/g, '-')}-delivery`.slice(0, 255);
}

/** The dashboard of one pipeline: its header and the DORA row, then the operations rows. */
export function createPipelineDashboard(scope: Construct, insights: PipelineInsights): cloudwatch.Dashboard {
  return new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: dashboardName(insights.pipelineName),
    defaultInterval: Duration.days(14),
    widgets: [[headerWidget(insights)], doraWidgets(insights), ...operationsWidgets(insights)],
  });
}

/** One dashboard across several pipelines: the DORA row of the production pipeline, then each pipeline's part. */
export function createCombinedDashboard(scope: Construct, name: string | undefined, production: PipelineInsights,
  all: PipelineInsights[]): cloudwatch.Dashboard {
  const rows: cloudwatch.IWidget[][] = [
    [new cloudwatch.TextWidget({
      markdown: `## Delivery insights: ${all.map(p => p.pipelineName).join(', ')}\nThe DORA figures below are those of ${production.pipelineName} (stage ${production.productionStage}).`,
      width: 24,
      height: 2,
      background: cloudwatch.TextWidgetBackground.TRANSPARENT,
    })],
    doraWidgets(production),
  ];
  for (const insights of all) {
    rows.push([headerWidget(insights)], ...operationsWidgets(insights));
  }
  return new cloudwatch.Dashboard(scope, 'Dashboard', { dashboardName: name, defaultInterval: Duration.days(14), widgets: rows });
}

const registry = new WeakMap<Construct, PipelineInsights>();
const combined = new WeakSet<Construct>();

/** Records a pipeline's insights (EnvironmentPipelines builds its dashboard from them). */
export function registerInsights(pipeline: Construct, insights: PipelineInsights): void {
  registry.set(pipeline, insights);
}

/** The insights a pipeline recorded, if it has any. */
export function insightsOf(pipeline: Construct): PipelineInsights | undefined {
  return registry.get(pipeline);
}

/** Marks a scope whose pipelines share one dashboard (so each makes none of its own). */
export function shareDashboard(scope: Construct): void {
  combined.add(scope);
}

/** Whether the pipeline's parent makes the dashboard. */
export function dashboardIsShared(scope: Construct): boolean {
  return combined.has(scope);
}
