import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Source } from './source';
import { fail } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { withConfiguration } from './private/configured-action';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

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

export class S3Source extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly bucket: s3.IBucket, private readonly key: string, public readonly options: S3SourceOptions) {
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

  public bind(scope: Construct, context: IStepContext): StepBinding {
    // aws-cdk-lib's grant on the source bucket uses action patterns (s3:GetObject*, s3:GetBucket*, s3:List*):
    // the source reads exactly the versions (and tags) of its one object, and the bucket calls the S3
    // source action reference lists (GetBucketAcl and GetBucketLocation check who owns the bucket). An
    // execution may override the key when allowObjectKeyOverride is set: then any object of the bucket.
    const override = this.options.allowObjectKeyOverride === true;
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: OBJECT_CALLS, resources: [this.bucket.arnForObjects(override ? '*' : this.key)] }),
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
    if (override) {
      DocumentedCalls.add(role, { action: 's3:GetObject', resource: `${bucketArn}/other/${this.key}`, documentation: S3_OVERRIDE_DOC });
    } else {
      DocumentedCalls.addDenied(role, { action: 's3:GetObject', resource: `${bucketArn}/other/${this.key}`, reason: 'another object of the source bucket' });
    }
    DocumentedCalls.addDenied(role,
      { action: 's3:PutObject', resource: objectArn, reason: 'the source reads its object, never writes it' },
      { action: 's3:DeleteObject', resource: objectArn, reason: 'the source reads its object, never deletes it' },
    );
    const poll = this.options.pollForSourceChanges ?? false;
    const action = new actions.S3SourceAction({
      actionName: context.actionName,
      runOrder: context.runOrder,
      bucket: this.bucket,
      bucketKey: this.key,
      output: context.output(),
      trigger: poll ? actions.S3Trigger.POLL : actions.S3Trigger.NONE,
      variablesNamespace: this.options.variablesNamespace,
      role: forAction,
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
    return { actions: [withConfiguration(action, { AllowOverrideForS3ObjectKey: this.options.allowObjectKeyOverride })] };
  }
}

/** The object calls the S3 source action reference lists ("Service role permissions: S3 source action"). */
const OBJECT_CALLS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'];

/** The bucket calls the same section lists. */
const BUCKET_CALLS = ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'];

const S3_SOURCE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html#edit-role-s3source';

/** "Start a pipeline with a source revision override": an execution may name another S3 object key. */
const S3_OVERRIDE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-overrides.html';

/** Reading an SSE-KMS object needs kms:Decrypt on its key. */
const SSE_KMS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms';

function fromFile(a: ActionContext): StepFactory | undefined {
  const bucketName = a.config.S3Bucket;
  const key = a.config.S3ObjectKey;
  const poll = a.config.PollForSourceChanges;
  const override = a.config.AllowOverrideForS3ObjectKey;
  if (bucketName === undefined || key === undefined) return undefined;
  const polls = poll !== undefined && /^true$/i.test(poll);
  // Source.s3 at call time (source.ts imports this module).
  return scope => Source.s3(s3.Bucket.fromBucketName(scope, 'Bucket', bucketName), key, {
    actionName: a.name,
    variablesNamespace: a.data.namespace,
    runOrder: a.data.runOrder,
    pollForSourceChanges: polls,
    triggerOnUpload: !polls,
    allowObjectKeyOverride: override !== undefined ? /^true$/i.test(override) : undefined,
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
