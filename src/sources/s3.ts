import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { fail } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Source.s3`. */
export interface S3SourceOptions extends StepOptions {
  /**
   * Start the pipeline when a new version of the object is written, through the bucket's EventBridge
   * notifications (the bucket needs `eventBridgeEnabled: true`; no CloudTrail trail, no polling).
   *
   * @default true
   */
  readonly triggerOnUpload?: boolean;
}

export class S3Source extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly bucket: s3.IBucket, private readonly key: string, public readonly options: S3SourceOptions) {
    super(options);
    if (!key || key.trim() === '' || key.startsWith('/')) {
      fail(undefined, 'InvalidS3Key', `Source.s3: key must be an object key such as 'releases/app.zip', got '${key}'`);
    }
    this.defaultActionName = 'S3Source';
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    // aws-cdk-lib's grant on the source bucket uses action patterns (s3:GetObject*, s3:GetBucket*, s3:List*):
    // the source reads exactly the versions (and tags) of its one object, and the bucket calls the S3
    // source action reference lists (GetBucketAcl and GetBucketLocation check who owns the bucket).
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: OBJECT_CALLS, resources: [this.bucket.arnForObjects(this.key)] }),
      new iam.PolicyStatement({ actions: BUCKET_CALLS, resources: [this.bucket.bucketArn] }),
    ]);
    this.bucket.encryptionKey?.grant(role, 'kms:Decrypt');
    context.artifactBucket.grantWrite(role);
    recordArtifactCalls(role, context.artifactBucket, { write: true });
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const bucketArn = `arn:${Stack.of(scope).partition}:s3:::${Arn.split(this.bucket.bucketArn, ArnFormat.NO_RESOURCE_NAME).resource}`;
    const objectArn = `${bucketArn}/${this.key}`;
    DocumentedCalls.add(role,
      ...OBJECT_CALLS.map(action => ({ action, resource: objectArn, documentation: S3_SOURCE_DOC })),
      ...BUCKET_CALLS.map(action => ({ action, resource: bucketArn, documentation: S3_SOURCE_DOC })),
    );
    if (this.bucket.encryptionKey) {
      DocumentedCalls.add(role, {
        action: 'kms:Decrypt',
        resource: this.bucket.encryptionKey.keyArn,
        documentation: SSE_KMS_DOC,
        context: { 'kms:ViaService': `s3.${Stack.of(this.bucket).region}.amazonaws.com` },
      });
    }
    DocumentedCalls.addDenied(role,
      { action: 's3:GetObject', resource: `${bucketArn}/other/${this.key}`, reason: 'another object of the source bucket' },
      { action: 's3:PutObject', resource: objectArn, reason: 'the source reads its object, never writes it' },
      { action: 's3:DeleteObject', resource: objectArn, reason: 'the source reads its object, never deletes it' },
    );
    const action = new actions.S3SourceAction({
      actionName: context.actionName,
      runOrder: context.runOrder,
      bucket: this.bucket,
      bucketKey: this.key,
      output: context.output(),
      trigger: actions.S3Trigger.NONE,
      role: forAction,
    });
    if (this.options.triggerOnUpload ?? true) {
      new events.Rule(scope, 'OnUpload', {
        description: `Starts the pipeline when the source object '${this.key}' changes`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [this.bucket.bucketName] }, object: { key: [this.key] } },
        },
        targets: [new targets.CodePipeline(context.pipeline)],
      });
    }
    return { actions: [action] };
  }
}

/** The object calls the S3 source action reference lists ("Service role permissions: S3 source action"). */
const OBJECT_CALLS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'];

/** The bucket calls the same section lists. */
const BUCKET_CALLS = ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'];

const S3_SOURCE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html#edit-role-s3source';

/** Reading an SSE-KMS object needs kms:Decrypt on its key. */
const SSE_KMS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms';
