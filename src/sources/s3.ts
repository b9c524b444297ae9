import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
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
    // the source reads exactly the versions of its one object.
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [this.bucket.arnForObjects(this.key)] }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:GetBucketVersioning'], resources: [this.bucket.bucketArn] }),
    ]);
    this.bucket.encryptionKey?.grant(role, 'kms:Decrypt');
    context.artifactBucket.grantWrite(role);
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
