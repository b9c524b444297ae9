import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { applyIam, ProviderIam } from './permissions';
import { newActionRole } from './private/action-role';
import { IStepContext, PipelineStep, StepBinding, StepOptions } from '../core/step';

/** What `ProviderAction.bind` hands `bound`: the action's name, run order and role. */
export interface ActionBase {
  /** The action's name in its stage. */
  readonly actionName: string;
  /** The action's run order in its stage. */
  readonly runOrder: number;
  /**
   * The role for the aws-cdk-lib action: the action role `permissions` made, without policy updates,
   * so the L2 action's own grants (several grant `*` or action patterns) are dropped (the role itself
   * with `roleTakesGrants`). Undefined when the provider takes no role (`permissions` is undefined).
   */
  readonly role?: iam.IRole;
}

/**
 * How one kind of step binds (a connection source, an ECS deploy, ...): what a category class's private
 * subclass holds and delegates to.
 */
export interface StepBinder {
  /** The step's options. */
  readonly options: StepOptions;
  /** The action name the step uses unless it is given another. */
  readonly defaultActionName: string;
  /** The account the step's target lives in when the step names one (see `ProviderAction.targetAccount`). */
  readonly targetAccount?: string;
  /**
   * The step chooses the account and region of each of its actions itself (`Deploy.cdkStage`: its asset
   * publishing runs in the pipeline's account, its stacks' deploys as their own bootstrap roles), so an
   * environment never retargets it.
   */
  readonly selfTargeting?: boolean;
  /** The account of every stack a self-targeting step deploys (`Deploy.cdkStage`: its stage's stacks). */
  targetAccounts?(): StackAccount[];
  bind(scope: Construct, context: IStepContext): StepBinding;
}

/** A stack a step deploys, and its account. */
export interface StackAccount {
  readonly scope: IConstruct;
  readonly account: string;
}

/**
 * How one provider's step binds: the base every provider module's step extends.
 *
 * `bind()` is the tail they all share, as in aws-cdk-lib's `Action.bind()` → `bound()`: it resolves
 * the action's targets (`targets`), creates the action role trusted by the pipeline's role, gives it
 * exactly the module's IAM data for those targets (`permissions`: statements, artifact access, the
 * documented and the denied calls) and then asks the module for its actions (`bound`) with
 * `{ actionName, runOrder, role }`. A provider of another shape (CodeBuild's stage-shared role, a CDK
 * stage's several actions) implements `StepBinder` itself and applies its IAM data with `applyIam`; a
 * provider with no role of its own (Jenkins, custom actions) sets `permissions` to undefined.
 *
 * The public category classes (`Source`, `Build`, ...) return a private subclass of themselves that
 * holds one of these. A provider module's class cannot extend the category class itself: the category's
 * file imports the module for its factories, so the module loads first, and `class X extends Deploy`
 * needs `Deploy` defined when it loads. (A module does import its category, for `fromFile`, but calls
 * the factory only when a file is loaded: a cycle at call time is harmless, one at load time is not.)
 */
export abstract class ProviderAction<O extends StepOptions = StepOptions, T = void> implements StepBinder {
  /** The action name the step uses unless it is given another. */
  public abstract readonly defaultActionName: string;

  /**
   * The account the step's target lives in when the step names one (e.g. the account of a CloudFormation
   * deploy's `deploymentRole`): the step then runs there unless its options say otherwise.
   */
  public readonly targetAccount?: string;

  /** The IAM the action role needs, as data; undefined when the provider takes no role. */
  protected abstract readonly permissions: ProviderIam<T> | undefined;

  /**
   * Hand `bound` the role itself rather than a copy without policy updates: for an action whose
   * commands run with the role's credentials (Commands), whose role `DeliveryPipeline.roleOf` hands out
   * for grants of what the commands call. Only for actions whose L2 grants nothing itself.
   */
  protected readonly roleTakesGrants: boolean = false;

  constructor(public readonly options: O) {}

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const targets = this.targets(scope, context);
    let role: iam.IRole | undefined;
    if (this.permissions !== undefined) {
      const made = newActionRole(scope, context, []);
      applyIam(scope, made.role, this.permissions, targets, context.artifactBucket);
      role = this.roleTakesGrants ? made.role : made.forAction;
    }
    return { actions: this.bound(scope, context, targets, { actionName: context.actionName, runOrder: context.runOrder, role }) };
  }

  /** Resolves what the IAM builders and the action read: artifacts, ARNs, names. Checks come here too. */
  protected abstract targets(scope: Construct, context: IStepContext): T;

  /** The step's actions, for its resolved targets. */
  protected abstract bound(scope: Construct, context: IStepContext, targets: T, base: ActionBase): codepipeline.IAction[];
}

const bindersOfSteps = new WeakMap<PipelineStep, StepBinder>();

/** Records that `step` (a category class's private subclass) binds through `binder`. */
export function registerProviderStep(step: PipelineStep, binder: StepBinder): void {
  bindersOfSteps.set(step, binder);
}

/** The binder a step of the library binds through (undefined for a user's own `PipelineStep`). */
export function binderOf(step: PipelineStep): StepBinder | undefined {
  return bindersOfSteps.get(step);
}

/** The account a step's target names (e.g. a CloudFormation deploy's `deploymentRole`), when it names one. */
export function targetAccountOf(step: PipelineStep): string | undefined {
  return binderOf(step)?.targetAccount;
}
