import { Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { fail } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.s3`. */
export interface S3DeployOptions extends StepOptions {
  /** The bucket to deploy into. */
  readonly bucket: s3.IBucket;

  /**
   * Unzip the artifact into the bucket (true), or store it as one object at `objectKey` (false).
   *
   * @default true
   */
  readonly extract?: boolean;

  /**
   * With `extract`, the key prefix to unzip under; without, the object's key (required then).
   *
   * @default - the bucket's root
   */
  readonly objectKey?: string;

  /**
   * `Cache-Control` values for the deployed objects, e.g. `[actions.CacheControl.maxAge(Duration.hours(1))]`.
   *
   * @default - none
   */
  readonly cacheControl?: actions.CacheControl[];

  /**
   * A KMS key that encrypts the deployed objects (SSE-KMS); the action may encrypt with exactly this key.
   *
   * @default - the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The artifact to deploy.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

export class S3Deploy extends StepImplementation {
  public readonly defaultActionName = 'DeployS3';

  constructor(public readonly options: S3DeployOptions) {
    super(options);
    if (options.extract === false && !options.objectKey) {
      fail(undefined, 'S3DeployObjectKey', "Deploy.s3: 'extract: false' stores the artifact as one object, so 'objectKey' is required (e.g. 'releases/app.zip')");
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    const extract = o.extract ?? true;
    const prefix = o.objectKey ? o.objectKey.replace(/\/?$/, '/') : '';
    const keyPattern = extract ? `${prefix}*` : o.objectKey!;
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [o.bucket.arnForObjects(keyPattern)] }),
      // The page lists these reads of the deploy bucket.
      new iam.PolicyStatement({ actions: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'], resources: [o.bucket.bucketArn] }),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    const key = o.encryptionKey ?? o.bucket.encryptionKey;
    key?.grant(role, 'kms:Encrypt', 'kms:GenerateDataKey');
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });

    // The calls, on ARNs built from the bucket's name.
    const bucketArn = `arn:${Stack.of(scope).partition}:s3:::${o.bucket.bucketName}`;
    const object = `${bucketArn}/${extract ? `${prefix}index.html` : o.objectKey}`;
    const call = (action: string, resource: string): DocumentedCall => ({ action, resource, documentation: S3_DEPLOY_DOC });
    DocumentedCalls.add(role,
      call('s3:PutObject', object),
      ...['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'].map(a => call(a, bucketArn)),
      ...(key ? [call('kms:GenerateDataKey', key.keyArn)] : []),
    );
    // An object outside the deployed key or prefix (none when the whole bucket is deployed to).
    const outside = !extract ? `${bucketArn}/intruder.zip` : prefix ? `${bucketArn}/intruder/index.html` : undefined;
    DocumentedCalls.addDenied(role,
      ...(outside ? [{ action: 's3:PutObject', resource: outside, reason: 'an object outside the deployed key or prefix' }] : []),
      { action: 's3:PutBucketPolicy', resource: bucketArn, reason: "the deploy writes objects, never the bucket's policy" },
    );
    return {
      actions: [new actions.S3DeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        bucket: o.bucket,
        input,
        extract,
        objectKey: o.objectKey,
        cacheControl: o.cacheControl,
        encryptionKey: o.encryptionKey,
        role: forAction,
      })],
    };
  }
}

/** The S3 deploy action's reference page: its "Service role permissions" section lists these calls. */
const S3_DEPLOY_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html#edit-role-s3deploy';
