import { Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the S3 deploy's IAM and action read, resolved from its options. */
interface S3DeployTargets {
  readonly input: codepipeline.Artifact;
  readonly extract: boolean;
  /** The bucket's ARN, built from its name. */
  readonly bucketArn: string;
  /** The key prefix to unzip under (`''`: the root, or `site/`), or the one object's key. */
  readonly prefix: string;
  readonly objectKey?: string;
  /** The key that encrypts the deployed objects, when there is one. */
  readonly keyArn?: string;
}

/** What the deploy writes: objects under the prefix (extract), or the one object. */
const deployedObjects = (t: S3DeployTargets) => `${t.bucketArn}/${t.extract ? `${t.prefix}*` : t.objectKey}`;

/** The S3 deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const S3_DEPLOY_IAM: ProviderIam<S3DeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html#edit-role-s3deploy',
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: ['s3:PutObject'],
      resources: t => [deployedObjects(t)],
      calls: t => [{ resource: `${t.bucketArn}/${t.extract ? `${t.prefix}index.html` : t.objectKey}` }],
    },
    {
      actions: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'],
      resources: t => [t.bucketArn],
    },
    {
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: t => (t.keyArn !== undefined ? [t.keyArn] : []),
      calls: t => [{ resource: t.keyArn!, actions: ['kms:GenerateDataKey'] }],
    },
  ],
  denied: t => [
    // An object outside the deployed key or prefix (none when the whole bucket is deployed to).
    ...(!t.extract ? [{ action: 's3:PutObject', resource: `${t.bucketArn}/intruder.zip`, reason: 'an object outside the deployed key or prefix' }]
      : t.prefix ? [{ action: 's3:PutObject', resource: `${t.bucketArn}/intruder/index.html`, reason: 'an object outside the deployed key or prefix' }] : []),
    { action: 's3:PutBucketPolicy', resource: t.bucketArn, reason: "the deploy writes objects, never the bucket's policy" },
  ],
};

export class S3Deploy extends ProviderAction<S3DeployOptions, S3DeployTargets> {
  public readonly defaultActionName = 'DeployS3';
  protected readonly permissions = S3_DEPLOY_IAM;

  constructor(options: S3DeployOptions) {
    super(options);
    if (options.extract === false && !options.objectKey) {
      fail(undefined, 'S3DeployObjectKey', "Deploy.s3: 'extract: false' stores the artifact as one object, so 'objectKey' is required (e.g. 'releases/app.zip')");
    }
  }

  protected targets(scope: Construct, context: IStepContext): S3DeployTargets {
    const o = this.options;
    return {
      input: context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT),
      extract: o.extract ?? true,
      // Built from the bucket's name: an imported bucket's ARN is right only in its own partition.
      bucketArn: `arn:${Stack.of(scope).partition}:s3:::${o.bucket.bucketName}`,
      prefix: o.objectKey ? o.objectKey.replace(/\/?$/, '/') : '',
      objectKey: o.objectKey,
      keyArn: (o.encryptionKey ?? o.bucket.encryptionKey)?.keyArn,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: S3DeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.S3DeployAction({
      ...base,
      bucket: o.bucket,
      input: t.input,
      extract: t.extract,
      objectKey: o.objectKey,
      cacheControl: o.cacheControl,
      encryptionKey: o.encryptionKey,
      accessControl: o.accessControl,
    })];
  }
}

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
  iam: [S3_DEPLOY_IAM],
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
