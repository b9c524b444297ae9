import { CfnCapabilities, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { ManagedPolicyRole } from '../private/managed-policy-role';
import { StepImplementation } from '../private/step-implementation';

/** Where the stack set's instances go, and how fast. */
export interface StackSetTargetOptions {
  /**
   * AWS accounts to deploy instances to (self-managed permissions). Give these or `organizationalUnits`.
   *
   * @default - none; `organizationalUnits` must be given
   */
  readonly accounts?: string[];

  /**
   * AWS Organizations OU IDs to deploy instances to (service-managed permissions, with automatic
   * deployment to accounts joining the OU). Give these or `accounts`.
   *
   * @default - none; `accounts` must be given
   */
  readonly organizationalUnits?: string[];

  /** The regions to deploy instances to, e.g. `['eu-west-1', 'us-east-1']`. */
  readonly regions: string[];

  /**
   * The percentage of accounts per region whose deployment may fail before the operation stops.
   *
   * @default 0
   */
  readonly failureTolerancePercentage?: number;

  /**
   * The percentage of accounts deployed to at the same time.
   *
   * @default 1 - one account at a time
   */
  readonly maxAccountConcurrencyPercentage?: number;
}

/** Options for `Deploy.cloudFormationStackSet`. */
export interface CloudFormationStackSetOptions extends StepOptions, StackSetTargetOptions {
  /** The stack set to create or update. */
  readonly stackSetName: string;

  /** The template's path in the input artifact, e.g. `cdk.out/Baseline.template.json`. */
  readonly templatePath: string;

  /**
   * The stack set's description.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Template parameter values.
   *
   * @default - none
   */
  readonly parameters?: Record<string, string>;

  /**
   * Capabilities the template needs.
   *
   * @default [CfnCapabilities.NAMED_IAM]
   */
  readonly capabilities?: CfnCapabilities[];

  /**
   * With `accounts`: the role in each target account that CloudFormation assumes.
   *
   * @default 'AWSCloudFormationStackSetExecutionRole'
   */
  readonly executionRoleName?: string;

  /**
   * With `accounts`: the role StackSets assumes in this account to reach the target accounts.
   *
   * @default - a role is created that may assume only `executionRoleName` in the given accounts
   */
  readonly administrationRole?: iam.IRole;

  /**
   * With `organizationalUnits`: whether accounts that join the units later get the stack
   * (configuration key `OrganizationsAutoDeployment`).
   *
   * @default - not set: CodePipeline's default, no automatic deployment
   */
  readonly autoDeployment?: actions.StackSetOrganizationsAutoDeployment;

  /**
   * The artifact holding the template.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** Options for `Deploy.cloudFormationStackInstances`. */
export interface CloudFormationStackInstancesOptions extends StepOptions, StackSetTargetOptions {
  /** The existing stack set to add instances to (typically created by `Deploy.cloudFormationStackSet`). */
  readonly stackSetName: string;

  /**
   * Parameter values for these instances.
   *
   * @default - the stack set's values
   */
  readonly parameterOverrides?: Record<string, string>;
}

const STACK_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function checkTargets(factory: string, options: StackSetTargetOptions & { stackSetName: string }): void {
  if (!Token.isUnresolved(options.stackSetName) && !STACK_SET_NAME.test(options.stackSetName)) {
    fail(undefined, 'InvalidStackSetName', `${factory}: stackSetName must start with a letter and hold only letters, digits and '-', got ${show(options.stackSetName)}`);
  }
  const accounts = options.accounts ?? [];
  const ous = options.organizationalUnits ?? [];
  if ((accounts.length > 0) === (ous.length > 0)) {
    fail(undefined, 'StackSetTargets', `${factory}: give exactly one of 'accounts' or 'organizationalUnits', got ${accounts.length > 0 ? 'both' : 'neither'}`);
  }
  if (options.regions.length === 0) {
    fail(undefined, 'StackSetRegions', `${factory}: 'regions' is empty: give the regions to deploy instances to, e.g. ['eu-west-1']`);
  }
  for (const [name, value] of [['failureTolerancePercentage', options.failureTolerancePercentage], ['maxAccountConcurrencyPercentage', options.maxAccountConcurrencyPercentage]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 100)) {
      fail(undefined, 'InvalidPercentage', `${factory}: ${name} must be a whole number from 0 to 100, got ${show(value)}`);
    }
  }
}

function instances(options: StackSetTargetOptions): actions.StackInstances {
  return options.accounts && options.accounts.length > 0
    ? actions.StackInstances.inAccounts(options.accounts, options.regions)
    : actions.StackInstances.inOrganizationalUnits(options.organizationalUnits!, options.regions);
}

function stackSetStatement(scope: Construct, stackSetName: string, extra: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['cloudformation:DescribeStackSet', 'cloudformation:DescribeStackSetOperation', 'cloudformation:ListStackInstances',
      'cloudformation:CreateStackInstances', ...extra],
    resources: [Stack.of(scope).formatArn({ service: 'cloudformation', resource: 'stackset', resourceName: `${stackSetName}:*` })],
  });
}

/** The StackSets actions' reference page; its "Service role permissions" sections list these calls. */
const STACKSET_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html#edit-role-cfn-stackset';
const STACKINSTANCES_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html#edit-role-cfn-stackinstances';
/** Where CloudFormation documents the administration role's permission: assume the execution role in each target account. */
const ADMINISTRATION_ROLE_DOC = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html';

/** An example stack set ARN (`stackset/<name>:<id>`) for simulation, built from the stack set's name. */
function exampleStackSetArn(scope: Construct, stackSetName: string): string {
  return Stack.of(scope).formatArn({ service: 'cloudformation', resource: 'stackset', resourceName: `${stackSetName}:0a1b2c3d-4e5f-6789-abcd-ef0123456789` });
}

/**
 * The calls on the stack set that both actions make (the page lists CreateStackInstances and
 * DescribeStackSetOperation for both; `own` are the action's own), and the neighbouring ones they
 * must not make.
 */
function recordStackSetCalls(role: iam.IRole, scope: Construct, stackSetName: string, doc: string, own: string[], extra: DocumentedCall[]): void {
  const arn = exampleStackSetArn(scope, stackSetName);
  DocumentedCalls.add(role,
    ...['cloudformation:CreateStackInstances', 'cloudformation:DescribeStackSetOperation', ...own]
      .map(action => ({ action, resource: arn, documentation: doc })),
    ...extra);
  const other = exampleStackSetArn(scope, 'intruder');
  DocumentedCalls.addDenied(role,
    { action: 'cloudformation:CreateStackInstances', resource: other, reason: 'another stack set' },
    { action: 'cloudformation:UpdateStackSet', resource: other, reason: 'another stack set' },
    { action: 'cloudformation:DeleteStackSet', resource: arn, reason: 'the pipeline never deletes the stack set' },
  );
}

export class CloudFormationStackSetDeploy extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(public readonly options: CloudFormationStackSetOptions) {
    super(options);
    checkTargets('Deploy.cloudFormationStackSet', options);
    if (options.autoDeployment !== undefined && !options.organizationalUnits) {
      fail(undefined, 'AutoDeploymentWithAccounts',
        "Deploy.cloudFormationStackSet: 'autoDeployment' applies to 'organizationalUnits' only (accounts that join a unit); remove it or deploy to organizational units");
    }
    if (options.organizationalUnits && (options.administrationRole || options.executionRoleName)) {
      fail(undefined, 'StackSetRolesWithOrganizations',
        "Deploy.cloudFormationStackSet: 'administrationRole' and 'executionRoleName' apply to 'accounts' (self-managed) only; organizational units use service-managed roles");
    }
    this.defaultActionName = `StackSet-${options.stackSetName}`.slice(0, 100);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'CloudFormationStackSet', { minInputs: 1, maxInputs: 3, minOutputs: 0, maxOutputs: 0 }, 1, 0);
    const stack = Stack.of(scope);
    const { role, forAction } = newActionRole(scope, context, [
      stackSetStatement(scope, o.stackSetName, ['cloudformation:UpdateStackSet']),
      // CreateStackSet supports no resource-level permissions: it is granted on '*' (the stack set's
      // name cannot be limited), while every later call is limited to this stack set.
      new iam.PolicyStatement({ actions: ['cloudformation:CreateStackSet'], resources: ['*'] }),
    ]);
    context.artifactBucket.grantRead(role);
    const calls: DocumentedCall[] = [
      { action: 'cloudformation:CreateStackSet', resource: '*', documentation: STACKSET_DOC },
      { action: 'cloudformation:UpdateStackSet', resource: exampleStackSetArn(scope, o.stackSetName), documentation: STACKSET_DOC },
    ];
    let deploymentModel: actions.StackSetDeploymentModel;
    if (o.accounts && o.accounts.length > 0) {
      const executionRoleName = o.executionRoleName ?? 'AWSCloudFormationStackSetExecutionRole';
      let administrationRole = o.administrationRole;
      if (!administrationRole) {
        const created = new ManagedPolicyRole(scope, 'AdministrationRole', {
          description: `Lets CloudFormation StackSets reach the target accounts of stack set ${o.stackSetName}`,
          assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com', {
            conditions: { StringLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stackset', resourceName: `${o.stackSetName}:*` }) } },
          }),
        });
        const executionRoles = o.accounts.map(account => `arn:${stack.partition}:iam::${account}:role/${executionRoleName}`);
        created.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: executionRoles }));
        DocumentedCalls.add(created, ...executionRoles.map(resource => ({ action: 'sts:AssumeRole', resource, documentation: ADMINISTRATION_ROLE_DOC })));
        DocumentedCalls.addDenied(created,
          { action: 'sts:AssumeRole', resource: `arn:${stack.partition}:iam::${o.accounts[0]}:role/intruder`, reason: 'another role of a target account' });
        administrationRole = created;
      }
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [administrationRole.roleArn],
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }));
      calls.push({ action: 'iam:PassRole', resource: administrationRole.roleArn, documentation: STACKSET_DOC, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
      deploymentModel = actions.StackSetDeploymentModel.selfManaged({ administrationRole, executionRoleName: o.executionRoleName });
    } else {
      deploymentModel = actions.StackSetDeploymentModel.organizations({ autoDeployment: o.autoDeployment });
    }
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    recordStackSetCalls(role, scope, o.stackSetName, STACKSET_DOC, ['cloudformation:DescribeStackSet', 'cloudformation:ListStackInstances'], calls);
    return {
      actions: [new actions.CloudFormationDeployStackSetAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        stackSetName: o.stackSetName,
        description: o.description,
        template: actions.StackSetTemplate.fromArtifactPath(new codepipeline.ArtifactPath(input, o.templatePath)),
        parameters: o.parameters ? actions.StackSetParameters.fromLiteral(o.parameters) : undefined,
        cfnCapabilities: o.capabilities ?? [CfnCapabilities.NAMED_IAM],
        deploymentModel,
        stackInstances: instances(o),
        failureTolerancePercentage: o.failureTolerancePercentage,
        maxAccountConcurrencyPercentage: o.maxAccountConcurrencyPercentage,
      })],
    };
  }
}

export class CloudFormationStackInstancesDeploy extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(public readonly options: CloudFormationStackInstancesOptions) {
    super(options);
    checkTargets('Deploy.cloudFormationStackInstances', options);
    this.defaultActionName = `Instances-${options.stackSetName}`.slice(0, 100);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    checkArtifactBounds(scope, context, 'CloudFormationStackInstances', { minInputs: 0, maxInputs: 3, minOutputs: 0, maxOutputs: 0 }, 0, 0);
    const { role, forAction } = newActionRole(scope, context, [stackSetStatement(scope, o.stackSetName, [])]);
    recordStackSetCalls(role, scope, o.stackSetName, STACKINSTANCES_DOC, [], []);
    return {
      actions: [new actions.CloudFormationDeployStackInstancesAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        stackSetName: o.stackSetName,
        stackInstances: instances(o),
        parameterOverrides: o.parameterOverrides ? actions.StackSetParameters.fromLiteral(o.parameterOverrides) : undefined,
        failureTolerancePercentage: o.failureTolerancePercentage,
        maxAccountConcurrencyPercentage: o.maxAccountConcurrencyPercentage,
      })],
    };
  }
}
