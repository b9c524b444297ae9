import { Annotations, CfnResource, Duration, Names, NestedStack, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ArtifactStorageOptions } from './artifact-storage';
import { SelfMutationOptions, SelfMutationStep } from './self-mutation';
import { StageOptions } from './stage-options';
import { Approval } from '../approvals/approval';
import { Build } from '../builds/build';
import { checkConditionsAllowed, conditionRulesOf, renderAfterStage, renderBeforeEntry } from '../conditions/private/stage-conditions';
import { FailureResult, StageConditions } from '../conditions/stage-conditions';
import { CodeBuildDefaults } from '../core/codebuild-defaults';
import { fail, show } from '../core/private/errors';
import { constructId } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';
import { PipelineStep, StepCategory } from '../core/step';
import { Deploy } from '../deploys/deploy';
import { PipelineDiagram } from '../diagram/pipeline-diagram';
import { attachDiagram } from '../diagram/synth';
import { DeliveryEnvironment } from '../environments/environment';
import { ArtifactRegistry, PipelineShared, StepContext } from './private/step-context';
import { place, Placement, stepRequest, targetedStep } from './private/step-targets';
import { artifactStorageFor, checkCrossAccountAction } from '../environments/private/cross-account';
import { EnvironmentStep } from '../environments/private/environment-step';
import { artifactStores, EnvironmentPlacement, environmentStages, isProduction, LaidOutStage, placeEnvironments } from '../environments/private/environments';
import { DocumentedCalls } from '../iam/documented-calls';
import { Invoke } from '../invokes/invoke';
import { MonitoringOptions } from '../monitoring/monitoring-options';
import { createAlarms, createApprovalTopic, createExecutionRule, createNotificationTopic, createPipelineKey } from '../monitoring/private/monitoring';
import { buildFromSpec } from '../pipeline-file/load';
import { PipelineFileOptions } from '../pipeline-file/options';
import { ArtifactBucket } from './private/artifact-bucket';
import { pipelineLevelFeatures } from './private/pipeline-features';
import { PipelineRole } from './private/pipeline-role';
import { createInsightsLog, createPipelineDashboard, dashboardIsShared, productionStageOf, registerInsights } from '../monitoring/private/insights';
import { ManagedPolicyRole } from '../providers/private/managed-policy-role';
import { Source } from '../sources/source';
import { Test } from '../tests/test';
import { addTriggers } from '../triggers/private/triggers';
import { GitTrigger } from '../triggers/trigger';
import { PipelineQuotas, StageModel } from '../validation/model';
import { RecordedAction } from '../validation/recorded-action';
import { registerPipelineValidation } from '../validation/register';
import { withVariablesNamespace } from '../variables/private/variable-namespaces';
import { ConditionRules, validateVariableReferences } from '../variables/private/variable-references';
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
   * The name of the first stage, which holds the sources.
   *
   * @default 'Source'
   */
  readonly sourceStageName?: string;

  /**
   * Versioned buckets CodePipeline copies artifacts to, by region, for steps that run in another region
   * (`StepOptions.region`) and give no `replicationBucket` of their own. With a step in another account
   * too, the bucket needs a KMS key that admits that account.
   *
   * @default - none: each step in another region gives its own
   */
  readonly replicationBuckets?: { [region: string]: s3.IBucket };

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
   * Every stage between Source and the environments, in order, each holding any steps: the general
   * form that `buildStep`, `tests`, `approval`, `deploy`, `invoke` and `deployConditions` are sugar for
   * (they lay out `Build`, `Test`, `Approve`, `Deploy` and `Invoke`, in that order). Use it for a test
   * before the build, several builds in parallel, or stages named your way; it cannot be combined with
   * those props. `environments` follow these stages, and `stages` follow the environments.
   *
   * @default - the stages the named props lay out
   */
  readonly stageLayout?: StageOptions[];

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
   * An existing service role the pipeline runs as, used as given: the library adds no permission to it (a
   * mutable `iam.Role` too: the pipeline imports it immutable by ARN), so it must already be allowed to use
   * the artifact bucket and to assume every action's role. Action roles the library creates trust it.
   *
   * @default - a least-privilege role the library creates (exactly the action roles it assumes, the artifact bucket)
   */
  readonly role?: iam.IRole;

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
   * pipeline of more than about 60 CodeBuild steps needs this; CodePipeline allows 500 actions by
   * default (see `quotas`).
   *
   * @default false - every resource is in the pipeline's stack
   */
  readonly stageStacks?: boolean;

  /**
   * CodePipeline's structural quotas the synth-time validation applies (stages, actions per stage and
   * per pipeline). They are adjustable: when Service Quotas has raised one for the account, give the
   * raised value here.
   *
   * @default - CodePipeline's documented defaults: 50 stages, 50 actions per stage, 500 actions
   */
  readonly quotas?: PipelineQuotas;

  /**
   * Update the pipeline from the source first: an `UpdatePipeline` stage right after `Source`, before
   * anything else runs, deploys the pipeline's own stack with `cdk deploy` (as the pipeline account's
   * CDK bootstrap roles), so that the pipeline changes of a commit apply to that commit's release.
   *
   * @default - no self-mutation
   */
  readonly selfMutation?: SelfMutationOptions;

  /**
   * Start the pipeline again when a deployment of the stack changes it.
   *
   * @default - true with `selfMutation` (the run continues on the updated pipeline), else false
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
   * DeliveryPipeline.fromFile(this, 'App', { file: 'pipeline.yaml', connections: { default: connectionArn } });
   */
  public static fromFile(scope: Construct, id: string, options: PipelineFileOptions): DeliveryPipeline {
    return buildFromSpec(scope, id, options, props => new DeliveryPipeline(scope, id, props));
  }

  /** The pipeline's name. */
  public readonly pipelineName: string;

  /** The rules of each stage's conditions (for the variable-reference check). */
  private readonly stageRules = new Map<string, ConditionRules>();

  /** What the neutral model needs of each stage beyond its actions. */
  private readonly stageFacts = new Map<string, Pick<StageModel, 'hasConditions' | 'rollbackOnFailure' | 'retryOnFailure'>>();

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

  /**
   * The CodeBuild projects the steps created or were given, in pipeline order (a shared project once).
   * To reach the project of one step, use `projectOf(step)` or `projectNamed(actionName)`: positions
   * change when a step is added.
   */
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

  /**
   * The stage whose deploys the DORA figures count (see `MonitoringOptions.productionStage`).
   */
  public readonly productionStageName: string;

  /**
   * The log group keeping the pipeline's EventBridge events, which the dashboard's figures come from.
   *
   * @default - none when `monitoring.dashboard` is false
   */
  public readonly eventLogGroup?: logs.ILogGroup;

  /**
   * The pipeline's CloudWatch dashboard (delivery insights and the four DORA figures).
   *
   * @default - none when `monitoring.dashboard` is false, or when the pipeline is one of
   * `EnvironmentPipelines`, which make one dashboard across their pipelines
   */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** Each step as it was bound: its stage, action name, projects and actions. */
  private readonly boundSteps: BoundStep[] = [];

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const monitoring = props.monitoring ?? {};
    this.pipelineName = props.pipelineName ?? Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    validateName(this, 'pipelineName', this.pipelineName);
    // The replication buckets by region: the given ones, then each environment's and step's as they are placed.
    const known = new Map<string, s3.IBucket>(Object.entries(props.replicationBuckets ?? {}));
    const placements = placeEnvironments(this, props.environments ?? [], known);
    const ownStages = namedOrLaidOutStages(this, props);
    const stepPlacements = placeSteps(this, ownStages, placements, known);
    const allPlacements = [...placements, ...stepPlacements.values()];

    if (props.artifactBucket) {
      if (props.artifactStorage) {
        fail(this, 'ArtifactStorageWithBucket',
          "'artifactStorage' configures the bucket the pipeline creates, but 'artifactBucket' was given: configure your bucket directly, or drop 'artifactBucket'");
      }
      this.artifactBucket = props.artifactBucket;
      checkVersioned(this, props.artifactBucket);
    } else {
      const storage = artifactStorageFor(this, props.artifactStorage ?? {}, allPlacements);
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
      ...artifactStores(this, this.artifactBucket, allPlacements),
      restartExecutionOnUpdate: props.restartExecutionOnUpdate ?? props.selfMutation !== undefined,
      // A given role is used as given: imported immutable, so neither aws-cdk-lib's Pipeline nor the
      // library adds statements to it (as a step's given role, see given-role.ts).
      role: props.role ? iam.Role.fromRoleArn(this, 'GivenRole', props.role.roleArn, { mutable: false }) : new PipelineRole(this, 'PipelineRole'),
      ...pipelineLevelFeatures(this, pipelineType, props.executionMode, props.variables ?? []),
    });

    if (this.pipeline.role instanceof PipelineRole) this.pipeline.role.useArtifactBucket(this.artifactBucket);

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
    const stages = layoutStages(this, props, ownStages, environmentStages(this, placements, stepPlacements), stepPlacements);
    for (const stage of stages) {
      this.addStageFrom(stage, shared, registry, actionsOf, props.stageStacks ?? false);
    }
    addTriggers(this, this.pipeline, pipelineType, props.triggers ?? [], actionsOf);
    this.approvalTopic = approvalTopic;
    const variableNames = (props.variables ?? []).map(v => v.name);
    this.node.addValidation({ validate: () => validateVariableReferences(this.pipeline, variableNames, name => this.stageRules.get(name) ?? {}) });
    this.node.addValidation({ validate: () => this.validateStackSize(props.stageStacks ?? false) });

    if (!eventsRole.hasStatements) {
      this.pipeline.node.tryRemoveChild('EventsRole');
    }

    this.executionStateRule = createExecutionRule(this, this.pipelineName, this.notificationTopic, monitoring);
    this.alarms = (monitoring.alarms ?? true)
      ? createAlarms(this, this.pipelineName, this.projects, this.notificationTopic, monitoring)
      : [];

    const productionEnvironments = placements.map(p => p.environment).filter(isProduction);
    this.productionStageName = productionStageOf(this, this.pipeline, monitoring.productionStage,
      productionEnvironments[productionEnvironments.length - 1]?.name);
    if (monitoring.dashboard ?? true) {
      this.eventLogGroup = createInsightsLog(this, this.pipelineName, this.encryptionKey, monitoring.eventRetention, this.productionStageName);
      const insights = {
        pipelineName: this.pipelineName, productionStage: this.productionStageName, logGroup: this.eventLogGroup, pipeline: this.pipeline,
      };
      registerInsights(this, insights);
      if (!dashboardIsShared(scope)) {
        this.dashboard = createPipelineDashboard(this, insights);
      }
    }

    registerPipelineValidation(this, this.pipeline, () => ({
      name: this.pipelineName,
      pipelineType,
      executionMode: props.executionMode,
      triggerCount: (props.triggers ?? []).length,
      variables: (props.variables ?? []).map(v => ({ name: v.name, defaultValue: v.defaultValue })),
      stages: this.stageFacts,
      quotas: props.quotas,
    }));
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

  /**
   * The CodeBuild project a step runs: the one it created, or the `project` it was given. Grant it what
   * the build needs, e.g. `repository.grantPullPush(delivery.projectOf(build))`.
   *
   * @param step a step of this pipeline (a step of an environment too)
   */
  public projectOf(step: PipelineStep): codebuild.IProject {
    return this.projectOfBinding(this.bindingOf(step, 'projectOf'));
  }

  /**
   * The CodeBuild project of the step with this action name.
   *
   * @param actionName the step's action name, e.g. `Build` or a test's name
   * @param stageName the stage, needed when several stages have an action of that name
   * @default stageName - the one stage with such an action
   */
  public projectNamed(actionName: string, stageName?: string): codebuild.IProject {
    return this.projectOfBinding(this.bindingNamed(actionName, stageName, 'projectNamed'));
  }

  /**
   * The role a step's work runs as: for a CodeBuild build or test, its project's service role (what the
   * commands may call); for any other step, the role its action runs as. Add statements with
   * `addToPrincipalPolicy`, naming their resources.
   *
   * @param step a step of this pipeline (a step of an environment too)
   */
  public roleOf(step: PipelineStep): iam.IRole {
    return this.roleOfBinding(this.bindingOf(step, 'roleOf'));
  }

  /**
   * The role of the step with this action name (see `roleOf`).
   *
   * @param actionName the step's action name
   * @param stageName the stage, needed when several stages have an action of that name
   * @default stageName - the one stage with such an action
   */
  public roleNamed(actionName: string, stageName?: string): iam.IRole {
    return this.roleOfBinding(this.bindingNamed(actionName, stageName, 'roleNamed'));
  }

  private bindingOf(step: PipelineStep, method: string): BoundStep {
    const found = this.boundSteps.filter(b => b.step === step);
    if (found.length === 0) {
      fail(this, 'UnknownStep', `${method}: the step ${step.actionName ?? step.defaultActionName} is not a step of this pipeline ` +
        `(its steps: ${this.boundSteps.map(b => `'${b.stageName}/${b.actionName}'`).join(', ')}): pass a step given to this pipeline`);
    }
    if (found.length > 1) {
      fail(this, 'AmbiguousStep', `${method}: the step runs in several stages (${found.map(b => `'${b.stageName}'`).join(', ')}): ` +
        `use ${method === 'projectOf' ? 'projectNamed' : 'roleNamed'}('${found[0].actionName}', stageName)`);
    }
    return found[0];
  }

  private bindingNamed(actionName: string, stageName: string | undefined, method: string): BoundStep {
    const found = this.boundSteps.filter(b => b.actionName === actionName && (stageName === undefined || b.stageName === stageName));
    if (found.length === 0) {
      const names = this.boundSteps.filter(b => stageName === undefined || b.stageName === stageName).map(b => b.actionName);
      fail(this, 'UnknownStep', `${method}: no action is called ${show(actionName)}${stageName !== undefined ? ` in stage ${show(stageName)}` : ''}` +
        `${didYouMean(actionName, names)} (actions: ${this.boundSteps.map(b => `'${b.stageName}/${b.actionName}'`).join(', ')})`);
    }
    if (found.length > 1) {
      fail(this, 'AmbiguousStep', `${method}: stages ${found.map(b => `'${b.stageName}'`).join(', ')} each have an action called '${actionName}': ` +
        `give the stage, e.g. ${method}('${actionName}', '${found[0].stageName}')`);
    }
    return found[0];
  }

  private projectOfBinding(binding: BoundStep): codebuild.IProject {
    if (binding.projects.length === 0) {
      fail(this, 'NoProject', `step '${binding.stageName}/${binding.actionName}' runs no CodeBuild project: only CodeBuild builds and tests (and custom steps that register one) have a project`);
    }
    return binding.projects[binding.projects.length - 1];
  }

  private roleOfBinding(binding: BoundStep): iam.IRole {
    if (binding.projects.length > 0) {
      const project = binding.projects[binding.projects.length - 1];
      if (!project.role) {
        fail(this, 'NoRole', `step '${binding.stageName}/${binding.actionName}' runs the imported project ${project.projectName}, whose role the pipeline does not know: grant the role the project was created with`);
      }
      return project.role;
    }
    const role = [...binding.actions].reverse().map(a => a.actionProperties.role).find(r => r !== undefined);
    if (!role) {
      fail(this, 'NoRole', `step '${binding.stageName}/${binding.actionName}' runs as no role of its own (its action runs as the pipeline's role)`);
    }
    return role;
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
      this.boundSteps.push({
        step: EnvironmentStep.underlying(step), stageName: stage.stageName, actionName: name, projects: context.projects, actions,
      });
      stageActions.push(...actions);
    });
    this.stageRules.set(stage.stageName, conditionRulesOf(stage.stageName, stage));
    this.stageFacts.set(stage.stageName, {
      hasConditions: Boolean(stage.beforeEntry || stage.onSuccess || stage.onFailure?.rules),
      rollbackOnFailure: stage.onFailure?.result === FailureResult.ROLLBACK,
      retryOnFailure: stage.onFailure?.result === FailureResult.RETRY,
    });
    this.pipeline.addStage({
      stageName: stage.stageName,
      // Recorded: the pipeline's neutral model is built from the actions as they were bound.
      actions: stageActions.map(action => new RecordedAction(action)),
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

/** A step as the pipeline bound it. */
interface BoundStep {
  readonly step: PipelineStep;
  readonly stageName: string;
  readonly actionName: string;
  readonly projects: codebuild.IProject[];
  readonly actions: codepipeline.IAction[];
}

/** CloudFormation's limit of resources per stack. */
const MAX_RESOURCES_PER_STACK = 500;

/** A stage of the pipeline's own (not an environment's), with the prop that created it, for messages. */
interface OwnStage {
  readonly stage: LaidOutStage;
  readonly origin: string;
  /** Whether it comes after the environments (`stages`). */
  readonly trailing: boolean;
}

/** The named props that `stageLayout` replaces, with the stage each lays out. */
const NAMED_STAGE_PROPS: Array<[keyof DeliveryPipelineProps, string]> = [
  ['buildStep', 'Build'], ['tests', 'Test'], ['approval', 'Approve'], ['deploy', 'Deploy'], ['deployConditions', 'Deploy'], ['invoke', 'Invoke'],
];

/**
 * The pipeline's own stages: Source, then `stageLayout` or the stages the named props lay out (its
 * sugar), then — after the environments — `stages`.
 */
function namedOrLaidOutStages(scope: Construct, props: DeliveryPipelineProps): OwnStage[] {
  const own: OwnStage[] = [{ stage: { stageName: props.sourceStageName ?? 'Source', steps: [props.source, ...(props.additionalSources ?? [])] }, origin: "'source'", trailing: false }];
  // Self-mutation runs first, before anything else the pipeline does.
  if (props.selfMutation) own.push({ stage: { stageName: 'UpdatePipeline', steps: [new SelfMutationStep(props.selfMutation)] }, origin: "'selfMutation'", trailing: false });
  if (props.stageLayout) {
    const given = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0);
    const named = NAMED_STAGE_PROPS.filter(([prop]) => given(props[prop]));
    if (named.length > 0) {
      const quoted = named.map(([prop]) => `'${prop}'`);
      const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
      const example = named[0][0] === 'deployConditions'
        ? "{ stageName: 'Deploy', steps: [...], onFailure: ... }"
        : `{ stageName: '${named[0][1]}', steps: [...] }`;
      fail(scope, 'StageLayoutWithNamedStages',
        `'stageLayout' lays out every stage between Source and the environments, but ${list} ${named.length === 1 ? 'was' : 'were'} given too: ` +
        `move ${named.length === 1 ? 'it' : 'them'} into 'stageLayout' (e.g. ${example}), or drop 'stageLayout'`);
    }
    props.stageLayout.forEach((stage, i) => own.push({ stage, origin: `'stageLayout[${i}]'`, trailing: false }));
  } else {
    if (props.buildStep) own.push({ stage: { stageName: 'Build', steps: [props.buildStep] }, origin: "'buildStep'", trailing: false });
    if (props.tests && props.tests.length > 0) own.push({ stage: { stageName: 'Test', steps: props.tests }, origin: "'tests'", trailing: false });
    if (props.approval) own.push({ stage: { stageName: 'Approve', steps: [props.approval] }, origin: "'approval'", trailing: false });
    if (props.deployConditions && !props.deploy) {
      fail(scope, 'DeployConditionsWithoutDeploy', "'deployConditions' configures the Deploy stage, but there is no 'deploy': add 'deploy', or give the conditions to an environment or a stage");
    }
    if (props.deploy) own.push({ stage: { stageName: 'Deploy', steps: [props.deploy], ...props.deployConditions }, origin: "'deploy'", trailing: false });
    if (props.invoke) own.push({ stage: { stageName: 'Invoke', steps: [props.invoke] }, origin: "'invoke'", trailing: false });
  }
  (props.stages ?? []).forEach((stage, i) => own.push({ stage, origin: `'stages[${i}]'`, trailing: true }));
  return own;
}

/**
 * Where each step of the pipeline's own stages, and each test of an environment, runs (its `account`
 * and `region`, or its target's; an environment's deploy is placed with its environment). `known` holds the
 * replication buckets by region, the environments' included (placeEnvironments adds them).
 */
function placeSteps(scope: Construct, own: OwnStage[], environments: EnvironmentPlacement[],
  known: Map<string, s3.IBucket>): Map<PipelineStep, Placement> {
  const placements = new Map<PipelineStep, Placement>();
  const testStages = environments.map(p => ({ stage: { stageName: p.environment.name, steps: p.environment.tests ?? [] } }));
  for (const { stage } of [...own, ...testStages]) {
    for (const step of stage.steps ?? []) {
      const what = `step '${step.actionName ?? step.defaultActionName}' of stage '${stage.stageName}'`;
      placements.set(step, place(scope, stepRequest(what, step), known));
    }
  }
  return placements;
}

/** The pipeline's stages in order: Source, the named or laid out stages, the environments, then `stages`. */
function layoutStages(scope: Construct, props: DeliveryPipelineProps, own: OwnStage[], environments: LaidOutStage[],
  placements: Map<PipelineStep, Placement>): LaidOutStage[] {
  const targeted = (stage: LaidOutStage): LaidOutStage => ({
    ...stage,
    steps: (stage.steps ?? []).map(step => placements.has(step) ? targetedStep(scope, step, placements.get(step)!, stage.stageName) : step),
  });
  const origins = [
    ...own.filter(o => !o.trailing),
    ...environments.map(stage => ({ stage, origin: "'environments'", trailing: false })),
    ...own.filter(o => o.trailing),
  ];
  const stages = origins.map(o => o.origin === "'environments'" ? o.stage : targeted(o.stage));

  if (stages.length < 2) {
    fail(scope, 'TooFewStages',
      "a pipeline needs at least two stages, but only 'source' was given: add 'buildStep', 'deploy', 'environments', 'stageLayout' or 'stages'");
  }
  const seen = new Map<string, string>();
  stages.forEach((stage, i) => {
    validateName(scope, `${origins[i].origin === "'source'" ? 'stages[0]' : origins[i].origin.replace(/'/g, '')}.stageName`, stage.stageName);
    const earlier = seen.get(stage.stageName);
    if (earlier !== undefined) {
      fail(scope, 'DuplicateStageName',
        `two stages are called '${stage.stageName}': ${earlier} and ${origins[i].origin} both create it (${props.stageLayout ? 'Source is always the first stage' : 'the named props create Source, Build, Test, Approve, Deploy and Invoke'}): ` +
        'rename one of them');
    }
    seen.set(stage.stageName, origins[i].origin);
    if (!stage.steps || stage.steps.length === 0) {
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

/**
 * Warns when a bring-your-own artifact bucket is not versioned (or its versioning is unknown): rollback
 * redeploys the artifacts of an earlier execution, which an unversioned bucket may have overwritten.
 */
function checkVersioned(scope: Construct, bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (cfn instanceof s3.CfnBucket) {
    const versioning = cfn.versioningConfiguration as s3.CfnBucket.VersioningConfigurationProperty | undefined;
    // Versioning set by a token is not known here either: trust it.
    if (Token.isUnresolved(versioning) || Token.isUnresolved(versioning?.status) || versioning?.status === 'Enabled') return;
    Annotations.of(scope).addWarningV2('cdk-delivery-pipeline:artifactBucketNotVersioned',
      `the artifact bucket ${bucket.node.path} is not versioned, so rollback and retries may redeploy artifacts a later execution overwrote: ` +
      "create it with 'versioned: true', or drop 'artifactBucket' to let the pipeline create a versioned one");
    return;
  }
  Annotations.of(scope).addWarningV2('cdk-delivery-pipeline:artifactBucketVersioningUnknown',
    `the artifact bucket ${bucket.node.path} is imported, so whether it is versioned is unknown here; rollback and retries rely on versioning: ` +
    'make sure versioning is enabled on it (then acknowledge this warning with Annotations.of(pipeline).acknowledgeWarning(\'cdk-delivery-pipeline:artifactBucketVersioningUnknown\'))');
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
