import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Source } from './source';
import { fail } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { flag } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { withConfiguration } from './private/configured-action';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Source.s3`. */
export interface S3SourceOptions extends StepOptions {
  /**
   * Start the pipeline when a new version of the object is written, through the bucket's EventBridge
   * notifications (the bucket needs `eventBridgeEnabled: true`; no CloudTrail trail, no polling).
   *
   * @default - true, unless `pollForSourceChanges` is set
   */
  readonly triggerOnUpload?: boolean;

  /**
   * Let CodePipeline poll the object for new versions (`PollForSourceChanges: true`) instead of the
   * EventBridge rule; AWS recommends the rule. With it, no rule is created (`triggerOnUpload` must not be true).
   *
   * @default false
   */
  readonly pollForSourceChanges?: boolean;

  /**
   * Let a source revision override of `StartPipelineExecution` name another object key of the bucket
   * (`AllowOverrideForS3ObjectKey`). The action's role may then read any object of the bucket, since an
   * execution may name any; without it, exactly the configured key.
   *
   * @default - not written: CodePipeline does not allow the override (false)
   */
  readonly allowObjectKeyOverride?: boolean;

  /**
   * The namespace of the variables the source emits (VersionId, ETag), read as `#{namespace.<name>}`
   * references. `ActionVariable.of(source, ...)` names it after the action instead; give one or the other.
   *
   * @default - none, unless an `ActionVariable` of the source is read
   */
  readonly variablesNamespace?: string;
}

/** "Start a pipeline with a source revision override": an execution may name another S3 object key. */
const S3_OVERRIDE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-overrides.html';

/** Reading an SSE-KMS object needs kms:Decrypt on its key. */
const SSE_KMS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms';

/** What the S3 source's IAM and action read, resolved from its options. */
interface S3SourceTargets {
  readonly output: codepipeline.Artifact;
  /** Whether an execution may name another object key of the bucket (`allowObjectKeyOverride`). */
  readonly override: boolean;
  /** The objects the source may read, as granted: its one object, or any object of the bucket (override). */
  readonly grantedObjects: string;
  /** The bucket's ARN, as granted. */
  readonly grantedBucket: string;
  /** The bucket's ARN, built from the name in its ARN (the calls' resource). */
  readonly bucketArn: string;
  /** The source object's ARN, built the same way. */
  readonly objectArn: string;
  /** Another object of the bucket, that only an override may name. */
  readonly otherObjectArn: string;
  /** The key of the bucket's SSE-KMS encryption, when it has one. */
  readonly keyArn?: string;
  /** The region of the bucket, whose S3 endpoint decrypts its objects with that key. */
  readonly bucketRegion: string;
}

/** The S3 source's IAM (the page's "Service role permissions: S3 source action"), with the calls it makes. */
export const S3_SOURCE_IAM: ProviderIam<S3SourceTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html#edit-role-s3source',
  artifacts: ArtifactAccess.WRITE,
  // aws-cdk-lib's grant on the source bucket uses action patterns (s3:GetObject*, s3:GetBucket*, s3:List*):
  // the source reads exactly the versions (and tags) of its one object, and the bucket calls the S3
  // source action reference lists (GetBucketAcl and GetBucketLocation check who owns the bucket). An
  // execution may override the key when allowObjectKeyOverride is set: then any object of the bucket.
  statements: [
    {
      // The object calls the S3 source action reference lists.
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'],
      resources: t => [t.grantedObjects],
      calls: t => [
        { resource: t.objectArn },
        // "Start a pipeline with a source revision override": an execution may name another S3 object key.
        ...(t.override ? [{ resource: t.otherObjectArn, actions: ['s3:GetObject'], documentation: S3_OVERRIDE_DOC }] : []),
      ],
    },
    {
      // The bucket calls the same section lists.
      actions: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
      resources: t => [t.grantedBucket],
      calls: t => [{ resource: t.bucketArn }],
    },
    {
      // Reading an SSE-KMS object needs kms:Decrypt on its key (through S3).
      actions: ['kms:Decrypt'],
      resources: t => (t.keyArn !== undefined ? [t.keyArn] : []),
      calls: t => [{ resource: t.keyArn!, documentation: SSE_KMS_DOC, context: { 'kms:ViaService': `s3.${t.bucketRegion}.amazonaws.com` } }],
    },
  ],
  denied: t => [
    ...(t.override ? [] : [{ action: 's3:GetObject', resource: t.otherObjectArn, reason: 'another object of the source bucket' }]),
    { action: 's3:PutObject', resource: t.objectArn, reason: 'the source reads its object, never writes it' },
    { action: 's3:DeleteObject', resource: t.objectArn, reason: 'the source reads its object, never deletes it' },
  ],
};

export class S3Source extends ProviderAction<S3SourceOptions, S3SourceTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = S3_SOURCE_IAM;

  constructor(private readonly bucket: s3.IBucket, private readonly key: string, options: S3SourceOptions) {
    super(options);
    if (!key || key.trim() === '' || key.startsWith('/')) {
      fail(undefined, 'InvalidS3Key', `Source.s3: key must be an object key such as 'releases/app.zip', got '${key}'`);
    }
    if (options.pollForSourceChanges && options.triggerOnUpload) {
      fail(undefined, 'DuplicateChangeDetection',
        'Source.s3: pollForSourceChanges and triggerOnUpload would both start the pipeline on every upload (duplicate executions): keep one of them');
    }
    this.defaultActionName = 'S3Source';
  }

  protected targets(scope: Construct, context: IStepContext): S3SourceTargets {
    const override = this.options.allowObjectKeyOverride === true;
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const bucketArn = `arn:${Stack.of(scope).partition}:s3:::${Arn.split(this.bucket.bucketArn, ArnFormat.NO_RESOURCE_NAME).resource}`;
    return {
      output: context.output(),
      override,
      grantedObjects: this.bucket.arnForObjects(override ? '*' : this.key),
      grantedBucket: this.bucket.bucketArn,
      bucketArn,
      objectArn: `${bucketArn}/${this.key}`,
      otherObjectArn: `${bucketArn}/other/${this.key}`,
      keyArn: this.bucket.encryptionKey?.keyArn,
      bucketRegion: Stack.of(this.bucket).region,
    };
  }

  protected bound(scope: Construct, context: IStepContext, t: S3SourceTargets, base: ActionBase): codepipeline.IAction[] {
    const poll = this.options.pollForSourceChanges ?? false;
    const action = new actions.S3SourceAction({
      ...base,
      bucket: this.bucket,
      bucketKey: this.key,
      output: t.output,
      trigger: poll ? actions.S3Trigger.POLL : actions.S3Trigger.NONE,
      variablesNamespace: this.options.variablesNamespace,
    });
    if (this.options.triggerOnUpload ?? !poll) {
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
    // aws-cdk-lib has no prop for AllowOverrideForS3ObjectKey.
    return [withConfiguration(action, { AllowOverrideForS3ObjectKey: this.options.allowObjectKeyOverride })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const bucketName = a.config.S3Bucket;
  const key = a.config.S3ObjectKey;
  if (bucketName === undefined || key === undefined) return undefined;
  const polls = flag(a, 'PollForSourceChanges') === true;
  // Source.s3 at call time (source.ts imports this module).
  return scope => Source.s3(s3.Bucket.fromBucketName(scope, 'Bucket', bucketName), key, {
    actionName: a.name,
    variablesNamespace: a.data.namespace,
    runOrder: a.data.runOrder,
    pollForSourceChanges: polls,
    triggerOnUpload: !polls,
    allowObjectKeyOverride: flag(a, 'AllowOverrideForS3ObjectKey'),
  });
}

/** The Amazon S3 source provider (action reference: S3). */
export const S3_SOURCE_PROVIDER: ProviderDefinition = {
  title: 'Amazon S3 source',
  category: 'Source',
  owner: 'AWS',
  provider: 'S3',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html',
  factory: 'Source.s3',
  iam: [S3_SOURCE_IAM],
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'S3Bucket', required: true, kind: KeyKind.STRING, option: 'bucket', description: 'The versioned bucket where source changes are detected.', example: 'shop-releases' },
    { name: 'S3ObjectKey', required: true, kind: KeyKind.STRING, option: 'key', description: 'The object key where source changes are detected.', example: 'releases/app.zip' },
    { name: 'AllowOverrideForS3ObjectKey', kind: KeyKind.BOOLEAN, option: 'allowObjectKeyOverride', description: 'Whether a source revision override of StartPipelineExecution may name another object key (false when left out).', example: 'true' },
    { name: 'PollForSourceChanges', kind: KeyKind.BOOLEAN, option: 'pollForSourceChanges', description: 'CodePipeline polls the object (true) instead of an EventBridge rule starting the pipeline (false, what the library writes when it is left out and creates the rule).', example: 'false' },
  ],
  // The action's namespace is the typed variablesNamespace.
  fileKeys: ['namespace'],
  fromFile,
};
