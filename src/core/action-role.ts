import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { fail } from './private/errors';
import { IStepContext } from './step';
import { newActionRole } from '../providers/private/action-role';

/**
 * The role one action runs as, made the way the library makes the roles of its own steps: trusted by
 * the pipeline's role only (not by the account), its permissions in a managed policy, under the
 * pipeline's role path, and with exactly the statements you give. Use it in the `bind` of a
 * `PipelineStep` of your own instead of letting the aws-cdk-lib action create a role.
 *
 * Record the calls AWS documents for the role with `DocumentedCalls.add` (and the neighbours it must
 * not reach with `DocumentedCalls.addDenied`) so the IAM check proves it. When the step runs in another
 * account (`account` of its options, or an environment's), the pipeline drops this role and the step's
 * actions run as the role of the target account.
 *
 * @example
 * const { role, forAction } = ActionRole.create(scope, context, [
 *   new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
 * ]);
 * context.artifactBucket.grantRead(role);
 * new actions.LambdaInvokeAction({ actionName: context.actionName, lambda: fn, role: forAction });
 */
export class ActionRole {
  /**
   * Creates the role of a step's action, as construct `ActionRole` under `scope` (one per step scope).
   *
   * @param scope the scope the pipeline passed to the step's `bind`
   * @param context the context the pipeline passed to the step's `bind`
   * @param statements the role's permissions (add more later with `role.addToPrincipalPolicy`)
   * @default statements - none
   */
  public static create(scope: Construct, context: IStepContext, statements?: iam.PolicyStatement[]): ActionRole {
    if (scope.node.tryFindChild('ActionRole')) {
      fail(scope, 'DuplicateActionRole',
        "this step already has an 'ActionRole': create one action role per step, or create the second under a child construct (ActionRole.create(new Construct(scope, 'Second'), context, ...))");
    }
    const made = newActionRole(scope, context, statements ?? []);
    return new ActionRole(made.role, made.forAction);
  }

  /** The role, to add statements to and grant to (`bucket.grantRead(role)`). */
  public readonly role: iam.Role;

  /**
   * The same role, to pass as the aws-cdk-lib action's `role`: the grants the L2 action adds to it are
   * dropped, because several L2 actions grant `*` or action patterns where narrower permissions exist.
   */
  public readonly forAction: iam.IRole;

  private constructor(role: iam.Role, forAction: iam.IRole) {
    this.role = role;
    this.forAction = forAction;
  }
}
