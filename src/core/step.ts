import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PipelineArtifact } from './artifact';
import { CodeBuildDefaults } from './codebuild-defaults';

/** The kind of work a step does, which is also its CodePipeline action category. */
export enum StepCategory {
  /** Fetches a revision (CodePipeline category `Source`). */
  SOURCE = 'Source',
  /** Compiles and packages (category `Build`). */
  BUILD = 'Build',
  /** Runs tests (category `Test`). */
  TEST = 'Test',
  /** Waits for a person (category `Approval`). */
  APPROVAL = 'Approval',
  /** Releases to an environment (category `Deploy`). */
  DEPLOY = 'Deploy',
  /** Runs additional logic (category `Invoke`). */
  INVOKE = 'Invoke',
}

/**
 * What the pipeline gives a step when it binds it into a stage.
 *
 * Implemented by the DeliveryPipeline; implement `PipelineStep.bind` against it to write your own step.
 */
export interface IStepContext {
  /** The name of the stage the step is placed in. */
  readonly stageName: string;

  /** The action name the step must use (unique in its stage). */
  readonly actionName: string;

  /** The step's run order in its stage (1 = first). */
  readonly runOrder: number;

  /** The pipeline's type (V1 or V2). */
  readonly pipelineType: codepipeline.PipelineType;

  /** The pipeline the step is added to (e.g. as the target of a trigger rule). */
  readonly pipeline: codepipeline.IPipeline;

  /** The pipeline's artifact bucket. */
  readonly artifactBucket: s3.IBucket;

  /** The role the pipeline itself runs as; action roles trust it. */
  readonly pipelineRole: iam.IRole;

  /** The pipeline's notification topic: failures and alarms, for on-call. */
  readonly notificationTopic: sns.ITopic;

  /**
   * The pipeline's approval topic: approval requests only, for approvers (manual approvals notify it by
   * default). Created the first time a step reads it, unless `monitoring.approvalTopic` was given.
   */
  readonly approvalTopic: sns.ITopic;

  /** The pipeline's customer managed key, for logs and notifications the step creates. */
  readonly encryptionKey: kms.IKey;

  /** Defaults for the CodeBuild projects steps create. */
  readonly codeBuildDefaults: CodeBuildDefaults;

  /**
   * Resolves an input artifact produced by an earlier step.
   *
   * Throws a clear error naming the step when nothing earlier produces it.
   */
  artifact(reference: PipelineArtifact): codepipeline.Artifact;

  /**
   * Declares a new output artifact for this step, with a derived, valid and unique name.
   *
   * @param suffix distinguishes several outputs of one step
   * @default - `<ActionName>_Output`
   */
  output(suffix?: string): codepipeline.Artifact;

  /** Registers a CodeBuild project the step created, so the pipeline alarms on its failed builds. */
  registerProject(project: codebuild.IProject): void;
}

/** The CodePipeline actions a step binds to. */
export interface StepBinding {
  /** The actions, in the stage the step is placed in. */
  readonly actions: codepipeline.IAction[];
}

/** Options every step accepts. */
export interface StepOptions {
  /**
   * The action's name in its stage.
   *
   * @default - derived from the step (e.g. `Build`, the test's name, the service's name)
   */
  readonly actionName?: string;

  /**
   * The step's run order within its stage: steps with the same run order run in parallel, lower first.
   *
   * @default - 1, or the step's position when the stage is `sequential`
   */
  readonly runOrder?: number;

  /**
   * The account the step's actions run in. When it is not the pipeline's account, the actions run as
   * `crossAccountRole` in that account, the artifacts are encrypted with a customer managed key and the
   * bucket and key policies admit exactly that role — as for an environment's deploy. The step's
   * resources must be in that account too (a CodeBuild step, whose project is made in the pipeline's
   * account, cannot run elsewhere).
   *
   * @default - the account of the step's target when it names one (the `deploymentRole` of
   * `Deploy.cloudFormation`), otherwise the pipeline's (in an environment: the environment's)
   */
  readonly account?: string;

  /**
   * The region the step's actions run in. When it is not the pipeline's region, `replicationBucket`
   * is required (unless another step or environment of that region gives one).
   *
   * @default - the pipeline's region (in an environment: the environment's)
   */
  readonly region?: string;

  /**
   * The role in `account` the step's actions run as (referenced by ARN, never modified). Used only when
   * the step runs in another account; it must trust the pipeline's account and hold the step's permissions.
   *
   * @default - the CDK bootstrap deploy role `cdk-hnb659fds-deploy-role-<account>-<region>`
   */
  readonly crossAccountRole?: iam.IRole;

  /**
   * A versioned bucket in `region` that CodePipeline copies artifacts to, when the step runs in
   * another region (with a KMS key when the step is also in another account).
   *
   * @default - the replication bucket another step or environment of that region gives
   */
  readonly replicationBucket?: s3.IBucket;

  /**
   * An existing role the step's actions run as (CodePipeline's action-level `roleArn`), used as given:
   * the step creates no action role and adds no permission to this one, so it must already hold the
   * step's permissions and trust the pipeline's role. A role of another account places the step in that
   * account (as `account` would).
   *
   * @default - a least-privilege role the step creates (in another account: `crossAccountRole`)
   */
  readonly role?: iam.IRole;
}

/**
 * One unit of work in a pipeline: a source, build, test, approval, deploy or invoke.
 *
 * Create steps with the static factories of `Source`, `Build`, `Test`, `Approval`, `Deploy` and
 * `Invoke`; subclass it to write your own.
 */
export abstract class PipelineStep {
  /** The step's category (also its CodePipeline action category). */
  public abstract readonly category: StepCategory;

  /** The action name the step uses unless it is given another. */
  public abstract readonly defaultActionName: string;

  /**
   * The run order the step asked for.
   *
   * @default - decided by the stage
   */
  public readonly runOrder?: number;

  /** The action name the step was given, if any. */
  public readonly actionName?: string;

  /**
   * The account the step runs in (see `StepOptions.account`).
   *
   * @default - the pipeline's
   */
  public readonly account?: string;

  /**
   * The region the step runs in (see `StepOptions.region`).
   *
   * @default - the pipeline's
   */
  public readonly region?: string;

  /**
   * The role the step runs as in another account (see `StepOptions.crossAccountRole`).
   *
   * @default - the CDK bootstrap deploy role of `account`
   */
  public readonly crossAccountRole?: iam.IRole;

  /**
   * The bucket of `region` CodePipeline copies artifacts to (see `StepOptions.replicationBucket`).
   *
   * @default - none
   */
  public readonly replicationBucket?: s3.IBucket;

  /**
   * The existing role the step's actions run as (see `StepOptions.role`).
   *
   * @default - a role the step creates
   */
  public readonly role?: iam.IRole;

  protected constructor(options: StepOptions = {}) {
    this.actionName = options.actionName;
    this.runOrder = options.runOrder;
    this.account = options.account;
    this.region = options.region;
    this.crossAccountRole = options.crossAccountRole;
    this.replicationBucket = options.replicationBucket;
    this.role = options.role;
  }

  /**
   * Creates the step's resources under `scope` and returns its CodePipeline actions.
   *
   * @param scope a construct reserved for this step
   * @param context what the pipeline provides
   */
  public abstract bind(scope: Construct, context: IStepContext): StepBinding;
}
