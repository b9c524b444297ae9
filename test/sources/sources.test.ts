import { Match } from 'aws-cdk-lib/assertions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Approval, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline } from '../util';

const gate = () => ({ stages: [{ stageName: 'Gate', steps: [Approval.manual()] }] });

test('connection source: repository, branch, connection, trigger on push', () => {
  const { template } = synthPipeline(() => ({ source: Source.connection('acme/shop', 'release', { connectionArn: CONNECTION_ARN }), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Actions: [Match.objectLike({
        ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
        Configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'release', DetectChanges: true },
      })],
    })]),
  });
});

test.each([
  ['shop', /repository must be '<owner>\/<name>' \(e.g. 'acme\/shop'\), got 'shop'/],
  ['acme/shop/extra', /got 'acme\/shop\/extra'/],
])('connection source rejects the repository %s', (repo, message) => {
  expect(() => Source.connection(repo, 'main', { connectionArn: CONNECTION_ARN })).toThrow(message);
});

test('connection source rejects a malformed connection ARN', () => {
  expect(() => Source.connection('acme/shop', 'main', { connectionArn: 'arn:aws:iam::111111111111:role/x' }))
    .toThrow(/connectionArn must be a CodeConnections connection ARN .* got 'arn:aws:iam::111111111111:role\/x'/);
});

test('CodeCommit source is triggered by EventBridge, not polling', () => {
  const { template } = synthPipeline(stack => ({ source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main'), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: { RepositoryName: 'shop', BranchName: 'main', PollForSourceChanges: false } })] })]),
  });
  template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'source': ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'] }) });
});

test('S3 source is triggered by the bucket\'s EventBridge notifications, not polling', () => {
  const { template } = synthPipeline(stack => ({ source: Source.s3(new s3.Bucket(stack, 'Drop', { versioned: true, eventBridgeEnabled: true }), 'releases/app.zip'), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: Match.objectLike({ S3ObjectKey: 'releases/app.zip', PollForSourceChanges: false }) })] })]),
  });
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { 'source': ['aws.s3'], 'detail-type': ['Object Created'], 'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('Drop') }] }, object: { key: ['releases/app.zip'] } } },
  });
});

test('S3 source rejects an empty key', () => {
  expect(() => Source.s3(undefined as any, '')).toThrow(/key must be an object key such as 'releases\/app.zip'/);
});

test('ECR source follows an image tag', () => {
  const { template } = synthPipeline(stack => ({ source: Source.ecr(ecr.Repository.fromRepositoryName(stack, 'Images', 'shop'), { imageTag: 'release' }), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'ECR' }), Configuration: { RepositoryName: 'shop', ImageTag: 'release' } })] })]),
  });
});
