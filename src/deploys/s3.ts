import { Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

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
   * The canned ACL applied to the deployed objects (`CannedACL`).
   *
   * @default - none: the bucket's ownership settings apply (ACLs are disabled on new buckets)
   */
  readonly accessControl?: s3.BucketAccessControl;

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
        accessControl: o.accessControl,
        role: forAction,
      })],
    };
  }
}

/** The S3 deploy action's reference page: its "Service role permissions" section lists these calls. */
const S3_DEPLOY_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html#edit-role-s3deploy';

/** The canned ACLs the `CannedACL` key takes, by its value. */
const CANNED_ACLS: Record<string, s3.BucketAccessControl> = {
  'private': s3.BucketAccessControl.PRIVATE,
  'public-read': s3.BucketAccessControl.PUBLIC_READ,
  'public-read-write': s3.BucketAccessControl.PUBLIC_READ_WRITE,
  'authenticated-read': s3.BucketAccessControl.AUTHENTICATED_READ,
  'aws-exec-read': s3.BucketAccessControl.AWS_EXEC_READ,
  'bucket-owner-read': s3.BucketAccessControl.BUCKET_OWNER_READ,
  'bucket-owner-full-control': s3.BucketAccessControl.BUCKET_OWNER_FULL_CONTROL,
  'log-delivery-write': s3.BucketAccessControl.LOG_DELIVERY_WRITE,
};

function fromFile(a: ActionContext): StepFactory | undefined {
  const bucketName = a.config.BucketName;
  const extract = /^true$/i.test(a.config.Extract ?? 'true');
  if (!extract && a.config.ObjectKey === undefined) a.required('ObjectKey', "'releases/app.zip' (Extract is false)");
  const keyArn = a.config.KMSEncryptionKeyARN;
  const cacheControl = a.config.CacheControl;
  const acl = a.config.CannedACL;
  const input = a.inputs[0];
  if (bucketName === undefined) return undefined;
  // Deploy.s3 at call time (deploy.ts imports this module).
  return scope => Deploy.s3({
    actionName: a.name,
    runOrder: a.data.runOrder,
    bucket: s3.Bucket.fromBucketName(scope, 'Bucket', bucketName),
    extract,
    objectKey: a.config.ObjectKey,
    encryptionKey: keyArn !== undefined ? kms.Key.fromKeyArn(scope, 'Key', keyArn) : undefined,
    cacheControl: cacheControl !== undefined ? [actions.CacheControl.fromString(cacheControl)] : undefined,
    accessControl: acl !== undefined ? CANNED_ACLS[acl] : undefined,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The Amazon S3 deploy provider (action reference: S3Deploy). */
export const S3_DEPLOY_PROVIDER: ProviderDefinition = {
  title: 'Amazon S3 deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'S3',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html',
  factory: 'Deploy.s3',
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'BucketName', required: true, kind: KeyKind.STRING, option: 'bucket', description: 'The bucket to deploy into.', example: 'shop-site' },
    { name: 'Extract', kind: KeyKind.BOOLEAN, option: 'extract', description: 'Unzip the artifact into the bucket (true), or store it as one object at ObjectKey (false). CodePipeline requires it; the library writes true when it is left out.', example: 'true' },
    { name: 'ObjectKey', kind: KeyKind.STRING, option: 'objectKey', description: 'With Extract, the key prefix to unzip under; without, the object key (required then).', example: 'site/' },
    { name: 'KMSEncryptionKeyARN', kind: KeyKind.STRING, option: 'encryptionKey', description: 'A KMS key that encrypts the deployed objects.', example: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    { name: 'CannedACL', kind: KeyKind.ENUM, values: Object.keys(CANNED_ACLS), option: 'accessControl', description: 'The canned ACL applied to the deployed objects.', example: 'bucket-owner-full-control' },
    { name: 'CacheControl', kind: KeyKind.STRING, option: 'cacheControl', description: 'The Cache-Control header of the deployed objects.', example: 'public, max-age=3600' },
  ],
  fromFile,
};
