import { CfnCapabilities, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DeniedCall, DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { checkDeclaredRead } from '../private/declared-files';
import { fail, show } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.cloudFormation`. */
export interface CloudFormationDeployOptions extends StepOptions {
  /** The stack to create or update. */
  readonly stackName: string;

  /** The template's path inside the input artifact, e.g. `cdk.out/Shop.template.json`. */
  readonly templatePath: string;

  /**
   * The role CloudFormation assumes to create the stack's resources. Give it exactly what the
   * template needs: the pipeline passes this role and nothing else.
   */
  readonly deploymentRole: iam.IRole;

  /**
   * The artifact holding the template.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * Template parameter values (at most 1 KB of JSON).
   *
   * @default - none
   */
  readonly parameterOverrides?: Record<string, string>;

  /**
   * Capabilities the template needs.
   *
   * @default [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND]
   */
  readonly capabilities?: CfnCapabilities[];

  /**
   * Deploy through a change set: one action creates it (so it can be reviewed), the next executes it.
   *
   * @default false - the stack is created or updated directly
   */
  readonly useChangeSet?: boolean;

  /**
   * When the stack is in a failed state (e.g. ROLLBACK_COMPLETE), delete it and create it again instead
   * of failing. Only for direct deploys (not `useChangeSet`); never use it for stacks holding data.
   *
   * @default false
   */
  readonly replaceOnFailure?: boolean;

  /**
   * The change set's name.
   *
   * @default '<stackName>-changes'
   */
  readonly changeSetName?: string;
}

export class CloudFormationDeploy extends StepImplementation {
  public readonly defaultActionName: string;
  public readonly targetAccount?: string;

  constructor(public readonly options: CloudFormationDeployOptions) {
    super(options);
    if (!Token.isUnresolved(options.stackName) && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stackName)) {
      fail(undefined, 'InvalidStackName',
        `Deploy.cloudFormation: stackName must start with a letter and hold only letters, digits and '-' (at most 128), got ${show(options.stackName)}`);
    }
    if (!options.templatePath || options.templatePath.trim() === '') {
      fail(undefined, 'MissingTemplatePath', "Deploy.cloudFormation: templatePath is empty: give the template's path in the build output, e.g. 'cdk.out/Shop.template.json'");
    }
    if (options.replaceOnFailure && options.useChangeSet) {
      fail(undefined, 'ReplaceOnFailureWithChangeSet',
        "Deploy.cloudFormation: 'replaceOnFailure' applies to direct deploys only, but 'useChangeSet' is set: drop one of them");
    }
    this.defaultActionName = `Deploy-${options.stackName}`.slice(0, 100);
    // CloudFormation deploys with a role of the stack's account: a deployment role of another account
    // means the stack is there, so the action must run there too.
    const roleAccount = options.deploymentRole.env.account;
    this.targetAccount = Token.isUnresolved(roleAccount) ? undefined : roleAccount;
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkDeclaredRead(scope, input, o.templatePath, 'the template', 'TemplateNotDeclared');
    const overrides = JSON.stringify(o.parameterOverrides ?? {});
    if (overrides.length > 1024 && !Token.isUnresolved(overrides)) {
      fail(scope, 'ParameterOverridesTooLarge',
        `parameterOverrides is ${overrides.length} bytes of JSON; CodePipeline allows 1024: move values into a template configuration file`);
    }
    const stack = Stack.of(scope);
    const stackArn = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${o.stackName}/*` });
    const changeSetName = o.changeSetName ?? `${o.stackName}-changes`;
    const statements = o.useChangeSet
      ? [
        new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'], resources: [stackArn] }),
        // The change set actions, for the pipeline's change set only.
        new iam.PolicyStatement({
          actions: ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet'],
          resources: [stackArn],
          conditions: { StringEqualsIfExists: { 'cloudformation:ChangeSetName': changeSetName } },
        }),
      ]
      : [new iam.PolicyStatement({
        actions: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents', ...(o.replaceOnFailure ? ['cloudformation:DeleteStack'] : [])],
        resources: [stackArn],
      })];
    const { role, forAction } = newActionRole(scope, context, [
      ...statements,
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [o.deploymentRole.roleArn],
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    recordStackCalls(role, stack, o.stackName, o.deploymentRole,
      o.useChangeSet ? 'CHANGE_SET' : o.replaceOnFailure ? 'REPLACE_ON_FAILURE' : 'CREATE_UPDATE', changeSetName);

    const common = {
      stackName: o.stackName,
      templatePath: new codepipeline.ArtifactPath(input, o.templatePath),
      deploymentRole: o.deploymentRole,
      adminPermissions: false,
      parameterOverrides: o.parameterOverrides,
      cfnCapabilities: o.capabilities ?? [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND],
      role: forAction,
    };
    if (!o.useChangeSet) {
      return {
        actions: [new actions.CloudFormationCreateUpdateStackAction({
          ...common,
          actionName: context.actionName,
          runOrder: context.runOrder,
          replaceOnFailure: o.replaceOnFailure ?? false,
        })],
      };
    }
    return {
      actions: [
        new actions.CloudFormationCreateReplaceChangeSetAction({
          ...common,
          actionName: `${context.actionName}-Prepare`.slice(0, 100),
          runOrder: context.runOrder,
          changeSetName,
        }),
        new actions.CloudFormationExecuteChangeSetAction({
          actionName: `${context.actionName}-Execute`.slice(0, 100),
          runOrder: context.runOrder + 1,
          stackName: o.stackName,
          changeSetName,
          role: forAction,
        }),
      ],
    };
  }
}

/** The CloudFormation deploy action's reference page; its "Service role permissions" section lists the stack calls. */
export const CLOUDFORMATION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html#edit-role-cloudformation';

/** An example stack ARN (`stack/<name>/<id>`) for simulation, built from the stack's name. */
export function exampleStackArn(stack: Stack, stackName: string): string {
  return stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stackName}/0a1b2c3d-4e5f-6789-abcd-ef0123456789` });
}

/**
 * Records the calls the CloudFormation action makes on the stack in `mode` (the action reference
 * page lists them for all modes together; each mode makes its own), and the neighbouring calls it
 * must not be able to make.
 */
export function recordStackCalls(role: iam.IRole, stack: Stack, stackName: string, deploymentRole: iam.IRole,
  mode: 'CREATE_UPDATE' | 'REPLACE_ON_FAILURE' | 'CHANGE_SET' | 'DELETE_ONLY', changeSetName?: string): void {
  const arn = exampleStackArn(stack, stackName);
  const call = (action: string, context?: { [key: string]: string }): DocumentedCall =>
    ({ action, resource: arn, documentation: CLOUDFORMATION_DOC, context });
  const changeSet = { 'cloudformation:ChangeSetName': changeSetName ?? '' };
  const calls: DocumentedCall[] = [call('cloudformation:DescribeStacks'), call('cloudformation:DescribeStackEvents')];
  const other = exampleStackArn(stack, 'intruder');
  const denied: DeniedCall[] = [{ action: 'cloudformation:UpdateStack', resource: other, reason: 'another stack' }];
  switch (mode) {
    case 'CREATE_UPDATE':
    case 'REPLACE_ON_FAILURE':
      calls.push(call('cloudformation:CreateStack'), call('cloudformation:UpdateStack'));
      if (mode === 'REPLACE_ON_FAILURE') calls.push(call('cloudformation:DeleteStack'));
      else denied.push({ action: 'cloudformation:DeleteStack', resource: arn, reason: 'a direct deploy without replaceOnFailure never deletes the stack' });
      break;
    case 'CHANGE_SET':
      calls.push(call('cloudformation:CreateChangeSet', changeSet), call('cloudformation:DescribeChangeSet', changeSet),
        call('cloudformation:DeleteChangeSet', changeSet), call('cloudformation:ExecuteChangeSet', changeSet));
      denied.push(
        { action: 'cloudformation:ExecuteChangeSet', resource: arn, reason: "a change set other than the pipeline's", context: { 'cloudformation:ChangeSetName': 'intruder' } },
        { action: 'cloudformation:UpdateStack', resource: arn, reason: 'the stack changes through the reviewed change set only' },
      );
      break;
    case 'DELETE_ONLY':
      calls.push(call('cloudformation:DeleteStack'));
      denied.push({ action: 'cloudformation:DeleteStack', resource: other, reason: 'another stack' });
      break;
  }
  calls.push({ action: 'iam:PassRole', resource: deploymentRole.roleArn, documentation: CLOUDFORMATION_DOC, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  DocumentedCalls.add(role, ...calls);
  DocumentedCalls.addDenied(role, ...denied);
}
