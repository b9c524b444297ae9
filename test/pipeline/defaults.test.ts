import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Build, DeliveryPipeline, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const minimal = () => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build'] }),
});

describe('artifact bucket defaults', () => {
  const { template } = synthPipeline(minimal);

  test('encrypted, versioned, public access blocked, ownership enforced', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'artifacts/' },
    });
  });

  test('lifecycle: old artifacts expire, previous versions kept 30 days for rollback, uploads aborted', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [{
          Id: 'ExpireOldArtifacts',
          Status: 'Enabled',
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        }],
      },
    });
  });

  test('both buckets are retained when the stack is deleted', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('TLS 1.2+ only on the artifact bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('S3 access logs are delivered by bucket policy, scoped to the artifact bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowArtifactBucketAccessLogs',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
        })]),
      },
    });
  });
});

describe('artifact storage options', () => {
  test('lifecycle durations are configurable', () => {
    const { template } = synthPipeline(() => ({
      ...minimal(),
      artifactStorage: { expireAfter: Duration.days(30), previousVersionsExpireAfter: Duration.days(14), serverAccessLogs: false },
    }));
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 14 } })] },
    });
  });

  test('a customer managed key encrypts artifacts and build output', () => {
    const { template } = synthPipeline(stack => ({
      ...minimal(),
      artifactStorage: { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) },
    }));
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', { EncryptionKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
  });

  test('the removal policy can be changed deliberately', () => {
    const { template } = synthPipeline(() => ({ ...minimal(), artifactStorage: { removalPolicy: RemovalPolicy.DESTROY } }));
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
  });

  test('artifactStorage and artifactBucket together is an error', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Mine');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', { ...minimal(), artifactBucket: bucket, artifactStorage: { expireAfter: Duration.days(1) } }))
      .toThrow(/Test\/Pipeline: 'artifactStorage' configures the bucket the pipeline creates, but 'artifactBucket' was given/);
  });
});

describe('pipeline defaults', () => {
  test('V2 by default, named deterministically, restart on update off', () => {
    const { template, pipeline } = synthPipeline(minimal);
    expect(pipeline.pipelineName).toMatch(/^Test-Pipeline-[A-F0-9]{8}$/);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      PipelineType: 'V2',
      Name: pipeline.pipelineName,
      RestartExecutionOnUpdate: false,
      Stages: [Match.objectLike({ Name: 'Source' }), Match.objectLike({ Name: 'Build' })],
    });
  });

  test('V1 can be chosen', () => {
    const { template } = synthPipeline(() => ({ ...minimal(), pipelineType: codepipeline.PipelineType.V1 }));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { PipelineType: 'V1' });
  });

  test('artifacts are wired automatically: source output feeds the build', () => {
    const { template } = synthPipeline(minimal);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: [
        Match.objectLike({ Actions: [Match.objectLike({ Name: 'shop', OutputArtifacts: [{ Name: 'shop_Output' }] })] }),
        Match.objectLike({ Actions: [Match.objectLike({ Name: 'Build', InputArtifacts: [{ Name: 'shop_Output' }], OutputArtifacts: [{ Name: 'Build_Output' }] })] }),
      ],
    });
  });

  test('escape hatches are available right after construction', () => {
    const { pipeline } = synthPipeline(minimal);
    expect(pipeline.pipeline).toBeInstanceOf(codepipeline.Pipeline);
    expect(pipeline.artifactBucket).toBeDefined();
    expect(pipeline.accessLogsBucket).toBeDefined();
    expect(pipeline.projects).toHaveLength(1);
    expect(pipeline.alarms).toHaveLength(2);
    expect(pipeline.notificationTopic).toBeDefined();
    expect(pipeline.executionStateRule).toBeDefined();
  });

  test('an L1 override through the escape hatch reaches the template', () => {
    const stack = testStack();
    const delivery = new DeliveryPipeline(stack, 'Pipeline', minimal());
    (delivery.pipeline.node.defaultChild as codepipeline.CfnPipeline).addPropertyOverride('Tags', [{ Key: 'team', Value: 'shop' }]);
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', { Tags: [{ Key: 'team', Value: 'shop' }] });
  });
});
