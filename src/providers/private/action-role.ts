import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import { ManagedPolicyRole } from './managed-policy-role';
import type { IStepContext } from '../../core/step';
import { PipelineRole } from '../../pipeline/private/pipeline-role';

/** A role made for one action, with the exact permissions the library writes. */
export interface ActionRole {
  /** The role, to add statements to. */
  readonly role: iam.Role;
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
  return createRole(scope, 'ActionRole', `Runs the '${context.actionName}' action of stage '${context.stageName}'`, context, statements);
}

const sharedRoles = new WeakMap<IConstruct, Map<string, iam.Role>>();

/**
 * The role that all actions of one kind in a stage share (e.g. every CodeBuild action of the stage,
 * whose permissions are all "start and watch this stage's builds"). Sharing keeps a pipeline of
 * CodePipeline's maximum 500 actions within IAM's default quota of 1,000 roles per account.
 *
 * @param stepScope the scope the pipeline reserved for the step; its parent is the stage's scope
 * @param kind what the sharing actions have in common, e.g. 'CodeBuild'
 */
export function stageActionRole(stepScope: Construct, context: IStepContext, kind: string): iam.Role {
  const stageScope = stepScope.node.scope as Construct;
  let roles = sharedRoles.get(stageScope);
  if (!roles) {
    roles = new Map();
    sharedRoles.set(stageScope, roles);
  }
  let role = roles.get(kind);
  if (!role) {
    role = createRole(stageScope, `${kind}ActionRole`, `Runs the ${kind} actions of stage '${context.stageName}'`, context, []).role;
    roles.set(kind, role);
  }
  return role;
}

function createRole(scope: Construct, id: string, description: string, context: IStepContext, statements: iam.PolicyStatement[]): ActionRole {
  const pipelineRole = context.pipelineRole instanceof PipelineRole ? context.pipelineRole : undefined;
  const role = new ManagedPolicyRole(scope, id, {
    assumedBy: new iam.ArnPrincipal(context.pipelineRole.roleArn),
    description,
    path: pipelineRole?.actionRolePath,
  });
  pipelineRole?.adoptActionRole(role);
  for (const statement of statements) {
    role.addToPrincipalPolicy(statement);
  }
  return { role, forAction: role.withoutPolicyUpdates() };
}
