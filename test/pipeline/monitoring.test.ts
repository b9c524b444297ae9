import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Approval, Build, DeliveryPipeline, Deploy, EnvironmentPipelines, Source, Test } from '../../src';
import { dashboardBodies, widget } from '../insights/support/dashboard';
import { CONNECTION_ARN, importedService, synthPipeline, testStack } from '../util';

const steps = () => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({ commands: ['make'] }),
});

describe('by default', () => {
  const { template, pipeline } = synthPipeline(() => ({
    ...steps(),
    approval: Approval.manual({ notify: ['release-managers@acme.example'] }),
    monitoring: { emails: ['oncall@acme.example'] },
  }));
  const topicRef = (idPattern: string) => ({ Ref: Match.stringLikeRegexp(idPattern) });
  const notifications = '^PipelineNotifications[0-9A-F]{8}$';
  const approvals = '^PipelineApprovalNotifications';

  test('both topics are encrypted with the rotating customer managed key and accept TLS only', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourceCountIs('AWS::SNS::Topic', 2);
    for (const topic of Object.values(template.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/NotificationsKey/), 'Arn'] });
    }
    for (const id of [notifications, approvals]) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef(id)],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  test('EventBridge and CloudWatch may use the key to publish, from this account only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowEventBridgeAndCloudWatchToPublish',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        })]),
      },
    });
  });

  test('failed executions are published to the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.codepipeline'],
        'detail-type': ['CodePipeline Pipeline Execution State Change'],
        'detail': { pipeline: [pipeline.pipelineName], state: ['FAILED'] },
      },
      Targets: [Match.objectLike({ Arn: topicRef(notifications), InputTransformer: Match.anyValue() })],
    });
  });

  test('alarms on failed executions and failed builds notify the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CodePipeline',
      MetricName: 'FailedPipelineExecutions',
      Dimensions: [{ Name: 'PipelineName', Value: pipeline.pipelineName }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef(notifications)],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CodeBuild',
      MetricName: 'FailedBuilds',
      AlarmActions: [topicRef(notifications)],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  test('approvers receive approval requests only, on a topic of their own; on-call receives no approval request', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'release-managers@acme.example', TopicArn: topicRef(approvals) });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@acme.example', TopicArn: topicRef(notifications) });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Approve',
        Actions: [Match.objectLike({ Configuration: Match.objectLike({ NotificationArn: topicRef(approvals) }) })],
      })]),
    });
    // Failures and alarms never reach the approvers' topic.
    const targets = Object.values(template.findResources('AWS::Events::Rule')).flatMap(r => r.Properties.Targets.map((t: any) => t.Arn));
    const alarmActions = Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap(r => r.Properties.AlarmActions);
    // (The insights rule's target is the pipeline's event log group, not a topic.)
    const topicTargets = [...targets, ...alarmActions].filter(ref => !JSON.stringify(ref).includes(':logs:'));
    expect(topicTargets.length).toBeGreaterThan(0);
    for (const ref of topicTargets) {
      expect(ref).toEqual({ Ref: expect.stringMatching(new RegExp(notifications)) });
    }
    expect(pipeline.approvalTopic).toBeDefined();
    expect(pipeline.approvalTopic).not.toBe(pipeline.notificationTopic);
  });

  test("the approval's role may publish to the approval topic only", () => {
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => [st.Action].flat().includes('sns:Publish'));
    expect(statements).toEqual([expect.objectContaining({ Resource: { Ref: expect.stringMatching(new RegExp(approvals)) } })]);
  });
});

test('successes can be notified too, alarms turned off, and a topic brought', () => {
  const { template, pipeline } = synthPipeline(stack => ({
    ...steps(),
    monitoring: { notifyOnSuccess: true, alarms: false, topic: new sns.Topic(stack, 'Mine', { enforceSSL: true }) },
  }));
  template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: { pipeline: Match.anyValue(), state: ['FAILED', 'SUCCEEDED'] } }) });
  template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  // The pipeline key still encrypts the build logs.
  template.resourceCountIs('AWS::KMS::Key', 1);
  template.resourceCountIs('AWS::SNS::Topic', 1);
  expect(pipeline.alarms).toEqual([]);
});

describe('delivery insights', () => {
  // One imported service per stack, deployed by every pipeline and environment of the test.
  const services = new WeakMap<Stack, ReturnType<typeof importedService>>();
  const ecsDeploy = (stack: Stack) => {
    const service = services.get(stack) ?? importedService(stack);
    services.set(stack, service);
    return Deploy.ecs(service);
  };

  test('on by default: the events log group, its metric filters and a dashboard; the production stage is the last deploy stage', () => {
    const { template, pipeline } = synthPipeline(stack => ({ ...steps(), deploy: ecsDeploy(stack), stages: [{ stageName: 'Smoke', steps: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'] })] }] }));
    expect(pipeline.productionStageName).toBe('Deploy');
    expect(pipeline.dashboard).toBeDefined();
    expect(pipeline.eventLogGroup).toBeDefined();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', 4);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.detail.stage = "Deploy") && ($.detail.action NOT EXISTS) && ($.detail.state = "SUCCEEDED" || $.detail.state = "FAILED") }',
      MetricTransformations: [{ MetricNamespace: 'CdkDeliveryPipeline', MetricName: 'ProductionDeploys', MetricValue: '1', Dimensions: [{ Key: 'PipelineName', Value: '$.detail.pipeline' }, { Key: 'Result', Value: '$.detail.state' }] }],
    });
  });

  test('the production environment is the production stage', () => {
    const { pipeline, template } = synthPipeline(stack => ({
      ...steps(),
      environments: [{ name: 'Staging', deploy: ecsDeploy(stack) }, { name: 'Prod', deploy: ecsDeploy(stack) }, { name: 'Sandbox', deploy: ecsDeploy(stack) }],
    }));
    expect(pipeline.productionStageName).toBe('Prod');
    template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('\\$\\.detail\\.stage = "Prod"') });
  });

  test('monitoring.productionStage names it; an unknown stage is an error naming the construct, the value and the stages', () => {
    const { pipeline } = synthPipeline(() => ({ ...steps(), monitoring: { productionStage: 'Build' } }));
    expect(pipeline.productionStageName).toBe('Build');
    expect(() => synthPipeline(() => ({ ...steps(), monitoring: { productionStage: 'Prod' } })))
      .toThrow("Test/Pipeline: 'monitoring.productionStage' is 'Prod', but the pipeline has no such stage: name one of 'Source', 'Build'");
  });

  test('monitoring.dashboard: false makes none of it', () => {
    const { template, pipeline } = synthPipeline(() => ({ ...steps(), monitoring: { dashboard: false } }));
    for (const type of ['AWS::CloudWatch::Dashboard', 'AWS::Logs::MetricFilter', 'AWS::Logs::ResourcePolicy']) template.resourceCountIs(type, 0);
    template.resourceCountIs('AWS::Events::Rule', 1); // the failure notifications only
    expect(pipeline.dashboard).toBeUndefined();
    expect(pipeline.eventLogGroup).toBeUndefined();
  });

  test('the retention of the events can be changed; two pipelines of a stack share one log resource policy', () => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'A', { ...steps(), monitoring: { eventRetention: logs.RetentionDays.THREE_MONTHS } });
    new DeliveryPipeline(stack, 'B', steps());
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/events/cdk-delivery-pipeline/Test-A-'), RetentionInDays: 90 });
  });

  test('EnvironmentPipelines: one dashboard across the pipelines, the DORA figures of the production one', () => {
    const stack = testStack();
    const pipelines = new EnvironmentPipelines(stack, 'Shop', {
      ...steps(),
      pipelineName: 'shop',
      environments: [{ name: 'Dev', deploy: ecsDeploy(stack) }, { name: 'Prod', deploy: ecsDeploy(stack) }],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', 8);
    expect(pipelines.pipelines.map(p => p.dashboard)).toEqual([undefined, undefined]);
    expect(pipelines.dashboard).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'shop-delivery' });
    const [body] = dashboardBodies(template);
    const titles: string[] = body.widgets.map((w: any) => w.properties.title).filter(Boolean);
    expect(titles.filter(t => t.startsWith('Deployment frequency'))).toEqual(['Deployment frequency (production deploys per day) · Prod']);
    expect(JSON.stringify(widget(body, 'Deployment frequency').properties.metrics)).toContain('"shop-Prod"');
    expect(titles.filter(t => t.startsWith('Executions by result'))).toEqual(['Executions by result · shop-Dev', 'Executions by result · shop-Prod']);
  });
});

test('a pipeline without a manual approval has no approval topic', () => {
  const { template, pipeline } = synthPipeline(() => ({ ...steps(), monitoring: { emails: ['oncall@acme.example'] } }));
  template.resourceCountIs('AWS::SNS::Topic', 1);
  expect(pipeline.approvalTopic).toBeUndefined();
});

test('one address on both lists is subscribed to each topic once', () => {
  const { template } = synthPipeline(() => ({
    ...steps(),
    approval: Approval.manual({ notify: ['ops@acme.example'] }),
    monitoring: { emails: ['ops@acme.example'] },
  }));
  template.resourceCountIs('AWS::SNS::Subscription', 2);
});

test('monitoring.approvalTopic is the approvals\' topic; the same topic as monitoring.topic sends both audiences everything', () => {
  const { template, pipeline } = synthPipeline(stack => {
    const shared = new sns.Topic(stack, 'Shared', { enforceSSL: true });
    return {
      ...steps(),
      approval: Approval.manual({ notify: ['ops@acme.example'] }),
      monitoring: { topic: shared, approvalTopic: shared, emails: ['ops@acme.example'] },
    };
  });
  template.resourceCountIs('AWS::SNS::Topic', 1);
  template.resourceCountIs('AWS::SNS::Subscription', 1);
  expect(pipeline.approvalTopic).toBe(pipeline.notificationTopic);
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Name: 'Approve',
      Actions: [Match.objectLike({ Configuration: Match.objectLike({ NotificationArn: { Ref: Match.stringLikeRegexp('^Shared') } }) })],
    })]),
  });
});
