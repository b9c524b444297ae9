import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { IStepContext, StepBinding, StepCategory } from '../../core/step';
import { PipelineStep } from '../../core/step';
import { TargetedAction } from '../../pipeline/private/targeted-action';

/** Where an environment's deploy runs when it is not the pipeline's account or region. */
export interface StepTarget {
  /** The role in the target account (referenced by ARN). */
  readonly role?: iam.IRole;
  /** The target region. */
  readonly region?: string;
  /** Whether `role` is a role of another account (otherwise an existing role of the pipeline's account). */
  readonly otherAccount?: boolean;
  /** What runs there, for messages (`environment 'Prod'`). */
  readonly what: string;
}

/**
 * A step of an environment in another account or region: the step binds as usual, then its actions
 * run as the target account's role and in the target region.
 */
export class EnvironmentStep extends PipelineStep {
  /** The step this one targets elsewhere (the one `ActionVariable.of` knows). */
  public static underlying(step: PipelineStep): PipelineStep {
    return step instanceof EnvironmentStep ? step.inner : step;
  }

  public readonly category: StepCategory;
  public readonly defaultActionName: string;

  constructor(private readonly inner: PipelineStep, private readonly target: StepTarget) {
    super({ actionName: inner.actionName, runOrder: inner.runOrder });
    this.category = inner.category;
    this.defaultActionName = inner.defaultActionName;
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const binding = this.inner.bind(scope, context);
    const project = scope.node.findAll().find(c => c instanceof codebuild.Project);
    if (project && this.target.role && this.target.otherAccount !== false) {
      fail(scope, 'CodeBuildInAnotherAccount',
        `${this.target.what} runs in another account, but its CodeBuild project is created in the pipeline's account, where CodePipeline cannot start it as a role of that account: ` +
        "run the build in the pipeline's account (drop 'account'), or use Build.codeBuild({ project }) with a project of that account and run the step there");
    }
    if (this.target.role) {
      // The step made its action role in the pipeline's account (see newActionRole); the actions run as
      // the target account's role instead, so that unused role (and its grants) is dropped.
      const made = scope.node.tryFindChild('ActionRole');
      if (made instanceof iam.Role) scope.node.tryRemoveChild('ActionRole');
    }
    return { actions: binding.actions.map(action => new TargetedAction(action, this.target)) };
  }
}
