import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { MonitoringOptions } from '../monitoring-options';

/**
 * Creates the pipeline's customer managed key (rotation on): it encrypts the notification and approval
 * topics and the build logs. EventBridge and CloudWatch may use it to publish; CloudWatch Logs to encrypt log groups
 * of this account and region.
 */
export function createPipelineKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'NotificationsKey', {
    description: 'Encrypts the delivery pipeline notification topic and build logs',
    enableKeyRotation: true,
  });
  // Key policies name the key itself with '*'.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowEventBridgeAndCloudWatchToPublish',
    principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsToEncryptBuildLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
  return key;
}

/**
 * Creates the notification topic: encrypted with the pipeline key, which EventBridge and CloudWatch
 * may use (they cannot use the AWS managed `alias/aws/sns` key), TLS only.
 */
export function createNotificationTopic(scope: Construct, key: kms.IKey, options: MonitoringOptions): sns.ITopic {
  let topic = options.topic;
  if (!topic) {
    topic = new sns.Topic(scope, 'Notifications', {
      displayName: 'Delivery pipeline notifications',
      masterKey: key,
      enforceSSL: true,
    });
  }
  for (const email of options.emails ?? []) {
    if (!topic.node.tryFindChild(email)) {
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }
  return topic;
}

/**
 * Creates the approval topic: approval requests only, so approvers are not paged by failures and alarms
 * and on-call is not asked for every approval. Encrypted with the pipeline key, TLS only, like the
 * notification topic. Created when a manual approval first asks for it.
 */
export function createApprovalTopic(scope: Construct, key: kms.IKey, options: MonitoringOptions): sns.ITopic {
  return options.approvalTopic ?? new sns.Topic(scope, 'ApprovalNotifications', {
    displayName: 'Delivery pipeline approval requests',
    masterKey: key,
    enforceSSL: true,
  });
}

/** Publishes failed (and optionally succeeded) executions to the topic. */
export function createExecutionRule(scope: Construct, pipelineName: string, topic: sns.ITopic, options: MonitoringOptions): events.Rule {
  const states = options.notifyOnSuccess ? ['FAILED', 'SUCCEEDED'] : ['FAILED'];
  const region = Stack.of(scope).region;
  const pipeline = events.EventField.fromPath('$.detail.pipeline');
  const execution = events.EventField.fromPath('$.detail.execution-id');
  const state = events.EventField.fromPath('$.detail.state');
  return new events.Rule(scope, 'ExecutionStateRule', {
    description: `Notifies ${states.join(' and ').toLowerCase()} executions of the pipeline`,
    eventPattern: {
      source: ['aws.codepipeline'],
      detailType: ['CodePipeline Pipeline Execution State Change'],
      detail: { pipeline: [pipelineName], state: states },
    },
    targets: [new targets.SnsTopic(topic, {
      message: events.RuleTargetInput.fromText(
        `Pipeline ${pipeline} execution ${execution} ${state}. ` +
        `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${pipeline}/executions/${execution}/timeline`),
    })],
  });
}

/** Alarms on failed executions and on each project's failed builds. */
export function createAlarms(
  scope: Construct, pipelineName: string, projects: codebuild.IProject[], topic: sns.ITopic, options: MonitoringOptions,
): cloudwatch.Alarm[] {
  const period = options.alarmPeriod ?? Duration.minutes(5);
  const action = new cwActions.SnsAction(topic);
  const alarms: cloudwatch.Alarm[] = [];
  const failedExecutions = new cloudwatch.Metric({
    namespace: 'AWS/CodePipeline',
    metricName: 'FailedPipelineExecutions',
    dimensionsMap: { PipelineName: pipelineName },
    statistic: cloudwatch.Stats.SUM,
    period,
  });
  alarms.push(failedExecutions.createAlarm(scope, 'FailedExecutionsAlarm', {
    alarmDescription: `The pipeline ${pipelineName} has failed executions`,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }));
  projects.forEach((project) => {
    alarms.push(project.metricFailedBuilds({ period, statistic: cloudwatch.Stats.SUM }).createAlarm(project, 'FailedBuildsAlarm', {
      alarmDescription: `A build of a CodeBuild project of the pipeline ${pipelineName} failed`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
  });
  for (const alarm of alarms) {
    alarm.addAlarmAction(action);
  }
  return alarms;
}
