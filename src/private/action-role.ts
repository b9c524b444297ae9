import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ManagedPolicyRole } from './managed-policy-role';
import { IStepContext } from '../core/step';

/** A role made for one action, with the exact permissions the library writes. */
export interface ActionRole {
  /** The role, to add statements to. */
  readonly role: iam.IRole;
  /**
   * The same role, for the aws-cdk-lib action: grants the L2 action adds to it are dropped, because
   * several L2 actions grant `*` or action patterns where narrower permissions exist.
   */
  readonly forAction: iam.IRole;
}

/**
 * Creates the role an action runs as, trusted by the pipeline's role only.
 */
export function newActionRole(scope: Construct, context: IStepContext, statements: iam.PolicyStatement[]): ActionRole {
  const role = new ManagedPolicyRole(scope, 'ActionRole', {
    assumedBy: new iam.ArnPrincipal(context.pipelineRole.roleArn),
    description: `Runs the '${context.actionName}' action of stage '${context.stageName}'`,
  });
  for (const statement of statements) {
    role.addToPrincipalPolicy(statement);
  }
  return { role, forAction: role.withoutPolicyUpdates() };
}
