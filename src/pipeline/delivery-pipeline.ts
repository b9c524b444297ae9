import { CfnResource, Duration, Names, NestedStack, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ArtifactStorageOptions } from './artifact-storage';
import { StageOptions } from './stage-options';
import { Approval } from '../approvals/approval';
import { Build } from '../builds/build';
import { StageConditions } from '../conditions/stage-conditions';
import { CodeBuildDefaults } from '../core/codebuild-defaults';
import { PipelineStep, StepCategory } from '../core/step';
import { Deploy } from '../deploys/deploy';
import { PipelineDiagram } from '../diagram/pipeline-diagram';
import { attachDiagram } from '../diagram/synth';
import { DeliveryEnvironment } from '../environments/environment';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { Invoke } from '../invokes/invoke';
import { MonitoringOptions } from '../monitoring/monitoring-options';
import { ArtifactBucket } from '../private/artifact-bucket';
import { artifactStorageFor, checkCrossAccountAction } from '../private/cross-account';
import { EnvironmentStep } from '../private/environment-step';
import { artifactStores, environmentStages, LaidOutStage, placeEnvironments } from '../private/environments';
import { fail, show } from '../private/errors';
import { ManagedPolicyRole } from '../private/managed-policy-role';
import { createAlarms, createApprovalTopic, createExecutionRule, createNotificationTopic, createPipelineKey } from '../private/monitoring';
import { constructId } from '../private/names';
import { pipelineLevelFeatures } from '../private/pipeline-features';
import { PipelineRole } from '../private/pipeline-role';
import { checkConditionsAllowed, renderAfterStage, renderBeforeEntry } from '../private/stage-conditions';
import { ArtifactRegistry, PipelineShared, StepContext } from '../private/step-context';
import { addTriggers } from '../private/triggers';
import { withVariablesNamespace } from '../private/variable-namespaces';
import { validateVariableReferences } from '../private/variable-references';
import { Source } from '../sources/source';
import { buildFromSpec } from '../spec/load';
import { SpecOptions } from '../spec/spec-options';
import { Test } from '../tests/test';
import { GitTrigger } from '../triggers/trigger';
import { registerPipelineValidation } from '../validation/register';
import { PipelineVariable } from '../variables/variable';

/** Properties of a DeliveryPipeline: the stages of a release, in order. */
export interface DeliveryPipelineProps {
  /**
   * The pipeline's name (unique per account and region).
   *
   * @default - derived from the construct path, stable across deployments
   */
  readonly pipelineName?: string;

  /** Where releases come from; runs in the `Source` stage. */
  readonly source: Source;

  /**
   * More sources, fetched in parallel with `source` (read them with `PipelineArtifact.fromStep(name)`).
   *
   * @default - none
   */
  readonly additionalSources?: Source[];

  /**
   * Builds the source into the build output; runs in the `Build` stage.
   * (Named `buildStep` because jsii reserves `build` for the builders of its Java bindings.)
   *
   * @default - no build stage
   */
  readonly buildStep?: Build;

  /**
   * Tests, run in parallel in the `Test` stage.
   *
   * @default - no test stage
   */
  readonly tests?: Test[];

  /**
   * A gate before the deploy; runs in the `Approve` stage.
   *
   * @default - no approval
   */
  readonly approval?: Approval;

  /**
   * Releases the build output; runs in the `Deploy` stage.
   *
   * @default - no deploy stage
   */
  readonly deploy?: Deploy;

  /**
   * Runs after the deploy (e.g. smoke tests); runs in the `Invoke` stage.
   *
   * @default - no invoke stage
   */
  readonly invoke?: Invoke;

  /**
   * Conditions and failure handling of the `Deploy` stage (CodePipeline V2).
   *
   * @default - none
   */
  readonly deployConditions?: StageConditions;

  /**
   * Environments the build is promoted through, in order, after the stages above: each gets a stage
   * named after it (deploy, then its tests), preceded by an `Approve-<name>` stage when it needs an
   * approval. Production gets an approval, automatic rollback and alarm gates by default (see
   * `DeliveryEnvironment`). For one pipeline per environment use `EnvironmentPipelines`.
   *
   * @default - none
   */
  readonly environments?: DeliveryEnvironment[];

  /**
   * Stages of your own layout, added after the stages above (several steps per stage, parallel or sequential).
   *
   * @default - none
   */
  readonly stages?: StageOptions[];

  /**
   * The CodePipeline type. V2 has triggers, variables, execution modes, conditions and rollback.
   *
   * @default codepipeline.PipelineType.V2
   */
  readonly pipelineType?: codepipeline.PipelineType;

  /**
   * How executions that start while another runs are handled (QUEUED and PARALLEL need V2).
   *
   * @default codepipeline.ExecutionMode.SUPERSEDED
   */
  readonly executionMode?: codepipeline.ExecutionMode;

  /**
   * Pipeline-level variables (CodePipeline V2), read as `#{variables.<name>}`.
   *
   * @default - none
   */
  readonly variables?: PipelineVariable[];

  /**
   * Git triggers of connection sources: push and pull request filters on branches, tags and file
   * paths (CodePipeline V2). A source with a trigger starts the pipeline only through it.
   *
   * @default - each connection source starts the pipeline on pushes to its branch
   */
  readonly triggers?: GitTrigger[];

  /**
   * Use this bucket for artifacts instead of creating one. The library's exact (pattern-free) S3
   * grants and the lifecycle rules apply only to the bucket it creates.
   *
   * @default - an encrypted, versioned, retained bucket with lifecycle rules and access logs
   */
  readonly artifactBucket?: s3.IBucket;

  /**
   * How the created artifact bucket stores, keeps and cleans up artifacts.
   *
   * @default - see `ArtifactStorageOptions`
   */
  readonly artifactStorage?: ArtifactStorageOptions;

  /**
   * Notifications and alarms.
   *
   * @default - an encrypted topic, failure notifications and alarms (see `MonitoringOptions`)
   */
  readonly monitoring?: MonitoringOptions;

  /**
   * Defaults for every CodeBuild project the pipeline creates.
   *
   * @default - STANDARD_7_0 image, SMALL compute, 60 minute timeout, no VPC
   */
  readonly codeBuildDefaults?: CodeBuildDefaults;

  /**
   * Put each stage's resources (CodeBuild projects, roles, log groups, alarms) in a nested stack of its
   * own. CloudFormation allows 500 resources per stack and a CodeBuild step needs about 7, so a
   * pipeline of more than about 60 CodeBuild steps needs this; CodePipeline allows up to 500 actions.
   *
   * @default false - every resource is in the pipeline's stack
   */
  readonly stageStacks?: boolean;

  /**
   * Start the pipeline again when a deployment of the stack changes it.
   *
   * @default false
   */
  readonly restartExecutionOnUpdate?: boolean;
}

/**
 * A whole release process on AWS CodePipeline: source, build, tests, approval, deploy and invoke,
 * with least-privilege roles, a retained and versioned artifact bucket, notifications and alarms.
 *
 * @example
 * new DeliveryPipeline(this, 'Shop', {
 *   source: Source.connection('acme/shop', 'main', { connectionArn }),
 *   buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build'] }),
 *   tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm test'] })],
 *   approval: Approval.manual({ notify: ['ops@acme.example'] }),
 *   deploy: Deploy.ecs({ service }),
 *   invoke: Invoke.lambdaFunction(smokeTest),
 * });
 */
export class DeliveryPipeline extends Construct {
  /**
   * The type of the construct metadata entry that names each pipeline in the cloud assembly
   * (`{ pipelineName, stackName, constructPath }`); the ops CLI reads it.
   */
  public static readonly METADATA_TYPE = 'cdk-delivery-pipeline:pipeline';

  /**
   * Builds the pipeline a YAML or JSON spec describes (see the README section "Pipelines from a YAML or JSON spec"). Throws an error listing every
   * problem of the spec, with its line and column, when it cannot become a pipeline.
   *
   * @example
   * DeliveryPipeline.fromSpec(this, 'App', { file: 'pipeline.yaml', connections: { default: connectionArn } });
   */
  public static fromSpec(scope: Construct, id: string, options: SpecOptions): DeliveryPipeline {
    return buildFromSpec(options, props => new DeliveryPipeline(scope, id, props));
  }

  /** The pipeline's name. */
  public readonly pipelineName: string;

  /** The underlying aws-cdk-lib pipeline (escape hatch). */
  public readonly pipeline: codepipeline.Pipeline;

  /** The artifact bucket. */
  public readonly artifactBucket: s3.IBucket;

  /**
   * The bucket receiving the artifact bucket's access logs.
   *
   * @default - none when `artifactBucket` is given or access logs are off
   */
  public readonly accessLogsBucket?: s3.IBucket;

  /** The CodeBuild projects the steps created, in pipeline order. */
  public readonly projects: codebuild.IProject[];

  /**
   * The pipeline's customer managed key (rotation on, about $1 a month): it encrypts the notification
   * topic and the build logs.
   */
  public readonly encryptionKey: kms.IKey;

  /** The topic receiving failure notifications and alarms (on-call). */
  public readonly notificationTopic: sns.ITopic;

  /**
   * The topic receiving approval requests (approvers), apart from `notificationTopic`.
   *
   * @default - none when no manual approval uses it and `monitoring.approvalTopic` is not given
   */
  public readonly approvalTopic?: sns.ITopic;

  /** The rule publishing execution state changes to the topic. */
  public readonly executionStateRule: events.Rule;

  /** The alarms (failed executions, then failed builds per project); empty when alarms are off. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const monitoring = props.monitoring ?? {};
    this.pipelineName = props.pipelineName ?? Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    validateName(this, 'pipelineName', this.pipelineName);
    const placements = placeEnvironments(this, props.environments ?? []);

    if (props.artifactBucket) {
      if (props.artifactStorage) {
        fail(this, 'ArtifactStorageWithBucket',
          "'artifactStorage' configures the bucket the pipeline creates, but 'artifactBucket' was given: configure your bucket directly, or drop 'artifactBucket'");
      }
      this.artifactBucket = props.artifactBucket;
    } else {
      const storage = artifactStorageFor(this, props.artifactStorage ?? {}, placements);
      const accessLogs = (storage.serverAccessLogs ?? true) ? createAccessLogsBucket(this, storage) : undefined;
      this.accessLogsBucket = accessLogs;
      this.artifactBucket = createArtifactBucket(this, storage, accessLogs);
    }

    this.encryptionKey = createPipelineKey(this);
    this.notificationTopic = createNotificationTopic(this, this.encryptionKey, monitoring);

    const pipelineType = props.pipelineType ?? codepipeline.PipelineType.V2;
    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: this.pipelineName,
      pipelineType,
      ...artifactStores(this, this.artifactBucket, placements),
      restartExecutionOnUpdate: props.restartExecutionOnUpdate ?? false,
      role: new PipelineRole(this, 'PipelineRole'),
      ...pipelineLevelFeatures(this, pipelineType, props.executionMode, props.variables ?? []),
    });

    // CodePipeline itself reads and writes artifacts with its service role (cross-region replication,
    // artifacts of actions that run as no role of their own).
    recordArtifactCalls(this.pipeline.role, this.artifactBucket, { read: true, write: true });
    // The service role page's minimum policy (statement AllowS3BucketAccess) has CodePipeline check the
    // bucket's versioning, ACL (that it owns the bucket) and location; aws-cdk-lib grants all but the ACL.
    this.pipeline.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [this.artifactBucket.bucketArn] }));
    DocumentedCalls.add(this.pipeline.role, ...['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'].map(action => ({
      action, resource: this.artifactBucket.bucketArn, documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html',
    })));

    // EventBridge rules that start the pipeline (CodeCommit and S3 sources) use the role aws-cdk-lib
    // finds under the pipeline as 'EventsRole'; made here so its permission is a managed policy too.
    const eventsRole = new ManagedPolicyRole(this.pipeline, 'EventsRole', { assumedBy: new iam.ServicePrincipal('events.amazonaws.com') });
    DocumentedCalls.add(eventsRole, {
      action: 'codepipeline:StartPipelineExecution',
      resource: this.pipeline.pipelineArn,
      documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cwe-ecr-source-cfn.html',
    });
    DocumentedCalls.addDenied(eventsRole, {
      action: 'codepipeline:StartPipelineExecution',
      resource: Stack.of(this).formatArn({ service: 'codepipeline', resource: 'another-pipeline' }),
      reason: 'starting another pipeline',
    });

    this.projects = [];
    // Approvers and on-call are different audiences: approvals get a topic of their own, made on first use.
    let approvalTopic = monitoring.approvalTopic;
    const shared: PipelineShared = {
      pipeline: this.pipeline,
      pipelineType,
      artifactBucket: this.artifactBucket,
      pipelineRole: this.pipeline.role,
      notificationTopic: this.notificationTopic,
      approvalTopic: () => approvalTopic ??= createApprovalTopic(this, this.encryptionKey, monitoring),
      encryptionKey: this.encryptionKey,
      codeBuildDefaults: props.codeBuildDefaults ?? {},
      projects: this.projects,
    };
    const registry = new ArtifactRegistry();
    const actionsOf = new Map<PipelineStep, codepipeline.IAction[]>();
    const stages = layoutStages(this, props, environmentStages(this, placements));
    for (const stage of stages) {
      this.addStageFrom(stage, shared, registry, actionsOf, props.stageStacks ?? false);
    }
    addTriggers(this, this.pipeline, pipelineType, props.triggers ?? [], actionsOf);
    this.approvalTopic = approvalTopic;
    const variableNames = (props.variables ?? []).map(v => v.name);
    this.node.addValidation({ validate: () => validateVariableReferences(this.pipeline, variableNames) });
    this.node.addValidation({ validate: () => this.validateStackSize(props.stageStacks ?? false) });

    if (!eventsRole.hasStatements) {
      this.pipeline.node.tryRemoveChild('EventsRole');
    }

    this.executionStateRule = createExecutionRule(this, this.pipelineName, this.notificationTopic, monitoring);
    this.alarms = (monitoring.alarms ?? true)
      ? createAlarms(this, this.pipelineName, this.projects, this.notificationTopic, monitoring)
      : [];

    registerPipelineValidation(this, this.pipeline);
    attachDiagram(this, this.pipeline);

    this.node.addMetadata(DeliveryPipeline.METADATA_TYPE, {
      pipelineName: this.pipelineName,
      stackName: Stack.of(this).stackName,
      constructPath: this.node.path,
    });
  }

  /**
   * The pipeline as a Mermaid flowchart (stages, parallel actions, artifact flow, approvals and
   * conditions). The same diagram is written next to the template at synth, as `<stack>.<path>.mmd`.
   */
  public renderDiagram(): string {
    return PipelineDiagram.render(this.pipeline);
  }

  private addStageFrom(stage: LaidOutStage, shared: PipelineShared, registry: ArtifactRegistry,
    actionsOf: Map<PipelineStep, codepipeline.IAction[]>, nested: boolean): void {
    const id = constructId(stage.stageName) || 'Stage';
    const stageScope = nested ? new NestedStack(this, id, { description: `Resources of the ${stage.stageName} stage of ${this.pipelineName}` }) : new Construct(this, id);
    checkConditionsAllowed(stageScope, stage.stageName, stage, shared.pipelineType);
    const conditionContext = { pipelineName: this.pipelineName, pipelineRole: shared.pipelineRole, registry };
    const beforeEntry = renderBeforeEntry(stageScope, stage.stageName, stage, conditionContext);
    const taken = new Set<string>();
    const stageActions: codepipeline.IAction[] = [];
    let offset = 0;
    stage.steps.forEach((step, index) => {
      const name = step.actionName ?? step.defaultActionName;
      validateName(stageScope, `stage '${stage.stageName}' action name`, name);
      if (taken.has(name)) {
        fail(stageScope, 'DuplicateActionName',
          `two steps of stage '${stage.stageName}' are called '${name}': give one of them another 'actionName'`);
      }
      taken.add(name);
      if (index > 0 && (stage.phases?.[index] ?? 0) !== (stage.phases?.[index - 1] ?? 0)) {
        offset = Math.max(0, ...stageActions.map(a => a.actionProperties.runOrder ?? 1));
      }
      const runOrder = offset + (step.runOrder ?? (stage.sequential ? index + 1 : 1));
      if (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999) {
        fail(stageScope, 'InvalidRunOrder', `runOrder of '${name}' must be a whole number from 1 to 999, got ${show(runOrder)}`);
      }
      const stepScope = new Construct(stageScope, constructId(name) || `Step${index + 1}`);
      const context = new StepContext(shared, registry, step, stepScope, stage.stageName, name, runOrder);
      // A step whose output variables are referenced gets a namespace on its last action.
      const actions = withVariablesNamespace(stepScope, step, EnvironmentStep.underlying(step), step.bind(stepScope, context).actions);
      actions.forEach(action => {
        checkCrossAccountAction(stepScope, action, shared.artifactBucket);
        if (shared.pipelineRole instanceof PipelineRole) shared.pipelineRole.recordAction(action);
      });
      actionsOf.set(EnvironmentStep.underlying(step), actions);
      stageActions.push(...actions);
    });
    this.pipeline.addStage({
      stageName: stage.stageName,
      actions: stageActions,
      beforeEntry,
      ...renderAfterStage(stageScope, stage.stageName, stage, conditionContext),
    });
  }

  private validateStackSize(nested: boolean): string[] {
    const stack = Stack.of(this);
    const count = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
    if (count <= MAX_RESOURCES_PER_STACK || nested) return [];
    return [`${this.node.path}: the stack ${stack.stackName} would hold ${count} resources, CloudFormation allows ${MAX_RESOURCES_PER_STACK}: ` +
      "set 'stageStacks: true' to put each stage's resources in a nested stack of its own"];
  }
}

/** CloudFormation's limit of resources per stack. */
const MAX_RESOURCES_PER_STACK = 500;

/** The pipeline's stages in order: the named stages of the props, then the custom ones. */
function layoutStages(scope: Construct, props: DeliveryPipelineProps, environments: LaidOutStage[]): LaidOutStage[] {
  const stages: LaidOutStage[] = [{ stageName: 'Source', steps: [props.source, ...(props.additionalSources ?? [])] }];
  if (props.buildStep) stages.push({ stageName: 'Build', steps: [props.buildStep] });
  if (props.tests && props.tests.length > 0) stages.push({ stageName: 'Test', steps: props.tests });
  if (props.approval) stages.push({ stageName: 'Approve', steps: [props.approval] });
  if (props.deployConditions && !props.deploy) {
    fail(scope, 'DeployConditionsWithoutDeploy', "'deployConditions' configures the Deploy stage, but there is no 'deploy': add 'deploy', or give the conditions to an environment or a stage");
  }
  if (props.deploy) stages.push({ stageName: 'Deploy', steps: [props.deploy], ...props.deployConditions });
  if (props.invoke) stages.push({ stageName: 'Invoke', steps: [props.invoke] });
  stages.push(...environments);
  stages.push(...(props.stages ?? []));

  if (stages.length < 2) {
    fail(scope, 'TooFewStages',
      "a pipeline needs at least two stages, but only 'source' was given: add 'buildStep', 'deploy', 'environments' or 'stages'");
  }
  const seen = new Set<string>();
  stages.forEach((stage, i) => {
    validateName(scope, `stages[${i}].stageName`, stage.stageName);
    if (seen.has(stage.stageName)) {
      fail(scope, 'DuplicateStageName',
        `two stages are called '${stage.stageName}' (the named props create Source, Build, Test, Approve, Deploy and Invoke): rename the custom stage`);
    }
    seen.add(stage.stageName);
    if (stage.steps.length === 0) {
      fail(scope, 'EmptyStage', `stage '${stage.stageName}' has no steps: give it at least one step, or remove it`);
    }
    stage.steps.forEach((step) => {
      const isSource = step.category === StepCategory.SOURCE;
      if (i === 0 && !isSource) {
        fail(scope, 'NonSourceInSourceStage', `the Source stage holds a ${step.category.toLowerCase()} step: give 'source' and 'additionalSources' Source.* steps only`);
      }
      if (i > 0 && isSource) {
        fail(scope, 'SourceOutsideFirstStage',
          `stage '${stage.stageName}' holds a source step, but CodePipeline runs sources only in the first stage: pass it as 'additionalSources'`);
      }
    });
  });
  return stages;
}

const NAME = /^[A-Za-z0-9.@_-]{1,100}$/;

function validateName(scope: Construct, what: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!NAME.test(name)) {
    fail(scope, 'InvalidName', `${what} must be 1 to 100 characters of letters, digits and . @ _ -, got ${show(name)}`);
  }
}

/** What both of the pipeline's buckets share: TLS only, private, owner-enforced, versioned. */
function lockedDownBucketProps(storage: ArtifactStorageOptions): s3.BucketProps {
  return {
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: storage.removalPolicy ?? RemovalPolicy.RETAIN,
  };
}

function createAccessLogsBucket(scope: Construct, storage: ArtifactStorageOptions): s3.Bucket {
  return new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    ...lockedDownBucketProps(storage),
    lifecycleRules: [{
      id: 'ExpireAccessLogs',
      expiration: storage.accessLogsExpireAfter ?? Duration.days(365),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
}

function createArtifactBucket(scope: Construct, storage: ArtifactStorageOptions, accessLogs?: s3.Bucket): s3.Bucket {
  const bucket = new ArtifactBucket(scope, 'Artifacts', {
    encryption: storage.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: storage.encryptionKey,
    bucketKeyEnabled: storage.encryptionKey ? true : undefined,
    ...lockedDownBucketProps(storage),
    lifecycleRules: [{
      id: 'ExpireOldArtifacts',
      expiration: storage.expireAfter ?? Duration.days(90),
      noncurrentVersionExpiration: storage.previousVersionsExpireAfter ?? Duration.days(30),
      abortIncompleteMultipartUploadAfter: storage.abortIncompleteUploadsAfter ?? Duration.days(7),
    }],
  });
  if (accessLogs) {
    // Configured here rather than through `serverAccessLogsBucket`, whose behaviour depends on the app's
    // feature flags (an ACL-based log bucket without '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy').
    const prefix = 'artifacts/';
    (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: accessLogs.bucketName,
      logFilePrefix: prefix,
    };
    accessLogs.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowArtifactBucketAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
      },
    }));
  }
  return bucket;
}
