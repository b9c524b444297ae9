import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Approval, Build, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline } from '../util';

const steps = () => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({ commands: ['make'] }),
});

describe('by default', () => {
  const { template, pipeline } = synthPipeline(() => ({ ...steps(), approval: Approval.manual({ notify: ['ops@acme.example'] }), monitoring: { emails: ['ops@acme.example'] } }));

  test('the topic is encrypted with a rotating customer managed key and accepts TLS only', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NotificationsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
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
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Notifications') }, InputTransformer: Match.anyValue() })],
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
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Notifications') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CodeBuild',
      MetricName: 'FailedBuilds',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Notifications') }],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  test('the approval notifies the same topic; one subscription per address', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example' });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Approve',
        Actions: [Match.objectLike({ Configuration: Match.objectLike({ NotificationArn: { Ref: Match.stringLikeRegexp('Notifications') } }) })],
      })]),
    });
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
