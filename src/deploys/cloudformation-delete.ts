import { Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { recordStackCalls } from './cloudformation';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.cloudFormationDelete`. */
export interface CloudFormationDeleteOptions extends StepOptions {
  /** The stack to delete (e.g. a per-branch preview environment). */
  readonly stackName: string;

  /**
   * The role CloudFormation assumes to delete the stack's resources; the pipeline passes this role only.
   */
  readonly deploymentRole: iam.IRole;
}

export class CloudFormationDelete extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(public readonly options: CloudFormationDeleteOptions) {
    super(options);
    if (!Token.isUnresolved(options.stackName) && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stackName)) {
      fail(undefined, 'InvalidStackName',
        `Deploy.cloudFormationDelete: stackName must start with a letter and hold only letters, digits and '-' (at most 128), got ${show(options.stackName)}`);
    }
    this.defaultActionName = `Delete-${options.stackName}`.slice(0, 100);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    checkArtifactBounds(scope, context, 'CloudFormation', { minInputs: 0, maxInputs: 10, minOutputs: 0, maxOutputs: 1 }, 0, 0);
    const stack = Stack.of(scope);
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({
        actions: ['cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
        resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${o.stackName}/*` })],
      }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [o.deploymentRole.roleArn],
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    ]);
    recordStackCalls(role, stack, o.stackName, o.deploymentRole, 'DELETE_ONLY');
    return {
      actions: [new actions.CloudFormationDeleteStackAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        stackName: o.stackName,
        deploymentRole: o.deploymentRole,
        adminPermissions: false,
        role: forAction,
      })],
    };
  }
}
