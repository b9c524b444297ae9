import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Approval, Build, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline } from '../util';

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
    for (const ref of [...targets, ...alarmActions]) {
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
