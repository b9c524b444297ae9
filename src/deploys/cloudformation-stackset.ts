import { CfnCapabilities, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ArtifactAccessAction, CAPABILITIES, STACK_NAME } from './cloudformation';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import { DeniedCall } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import { artifactPath } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { applyIam, ArtifactAccess, ProviderIam } from '../providers/permissions';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { ManagedPolicyRole } from '../providers/private/managed-policy-role';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** How StackSets gets the permissions to deploy to the target accounts (`PermissionModel`). */
export enum StackSetPermissionModel {
  /** An administration role in this account assumes an execution role in each target account. */
  SELF_MANAGED = 'SELF_MANAGED',
  /** StackSets creates the roles in the accounts of AWS Organizations (organizational units). */
  SERVICE_MANAGED = 'SERVICE_MANAGED',
}

/** Where the stack set's instances go, and how fast. */
export interface StackSetTargetOptions {
  /**
   * AWS accounts to deploy instances to (self-managed permissions). Give at most one of `accounts`,
   * `organizationalUnits` and `deploymentTargetsFile`.
   *
   * @default - none
   */
  readonly accounts?: string[];

  /**
   * AWS Organizations OU IDs (or the organization root ID) to deploy instances to (service-managed permissions).
   *
   * @default - none
   */
  readonly organizationalUnits?: string[];

  /**
   * A JSON file in an input artifact listing the accounts or organizational units, e.g. `accounts.json`
   * holding `["111111111111"]` (`DeploymentTargets` as `InputArtifact::file`).
   *
   * @default - none
   */
  readonly deploymentTargetsFile?: string;

  /**
   * The artifact holding `deploymentTargetsFile`.
   *
   * @default - the template's artifact (a stack set), the build output (stack instances)
   */
  readonly deploymentTargetsInput?: PipelineArtifact;

  /**
   * The regions to deploy instances to, in order, e.g. `['eu-west-1', 'us-east-1']`. Required with targets.
   *
   * @default - none (a stack set without targets deploys no instance)
   */
  readonly regions?: string[];

  /**
   * The percentage of accounts per region whose deployment may fail before the operation stops.
   *
   * @default - CloudFormation's default, 0
   */
  readonly failureTolerancePercentage?: number;

  /**
   * The percentage of accounts deployed to at the same time (`MaxConcurrentPercentage`).
   *
   * @default - CloudFormation's default, one account at a time
   */
  readonly maxAccountConcurrencyPercentage?: number;

  /**
   * Further input artifacts of the action, read by no key (e.g. kept from a copied declaration).
   *
   * @default - none
   */
  readonly extraInputs?: PipelineArtifact[];
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
   * Template parameters that keep their current value (`UsePreviousValue=true`).
   *
   * @default - none
   */
  readonly usePreviousValues?: string[];

  /**
   * A JSON file of parameters in an input artifact (`[{"ParameterKey": "Env", "ParameterValue": "prod"}]`),
   * instead of `parameters`.
   *
   * @default - none
   */
  readonly parametersFile?: string;

  /**
   * The artifact holding `parametersFile`.
   *
   * @default - the template's artifact (`input`)
   */
  readonly parametersInput?: PipelineArtifact;

  /**
   * Capabilities the template needs.
   *
   * @default [CfnCapabilities.NAMED_IAM]
   */
  readonly capabilities?: CfnCapabilities[];

  /**
   * How StackSets gets its permissions in the target accounts.
   *
   * @default - SERVICE_MANAGED for `organizationalUnits` or `autoDeployment`, otherwise SELF_MANAGED
   */
  readonly permissionModel?: StackSetPermissionModel;

  /**
   * Self-managed: the role in each target account that CloudFormation assumes.
   *
   * @default 'AWSCloudFormationStackSetExecutionRole'
   */
  readonly executionRoleName?: string;

  /**
   * Self-managed: the role StackSets assumes in this account to reach the target accounts.
   *
   * @default - a role is created that may assume only `executionRoleName` (in the given accounts, when they are
   * listed in the declaration)
   */
  readonly administrationRole?: iam.IRole;

  /**
   * Service-managed: whether accounts that join the organizational units later get the stack
   * (`OrganizationsAutoDeployment`).
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

  /**
   * Parameters that keep their current value in these instances (`UsePreviousValue=true`).
   *
   * @default - none
   */
  readonly usePreviousValues?: string[];

  /**
   * A JSON file of parameter overrides in an input artifact, instead of `parameterOverrides`.
   *
   * @default - none
   */
  readonly parameterOverridesFile?: string;

  /**
   * The artifact holding `parameterOverridesFile`.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly parameterOverridesInput?: PipelineArtifact;
}

function checkTargets(factory: string, options: StackSetTargetOptions & { stackSetName: string }): void {
  if (!Token.isUnresolved(options.stackSetName) && !STACK_NAME.test(options.stackSetName)) {
    fail(undefined, 'InvalidStackSetName', `${factory}: stackSetName must start with a letter and hold only letters, digits and '-', got ${show(options.stackSetName)}`);
  }
  const given = [['accounts', (options.accounts ?? []).length > 0], ['organizationalUnits', (options.organizationalUnits ?? []).length > 0],
    ['deploymentTargetsFile', options.deploymentTargetsFile !== undefined]].filter(([, set]) => set).map(([name]) => name);
  if (given.length > 1) {
    fail(undefined, 'StackSetTargets', `${factory}: give at most one of 'accounts', 'organizationalUnits' and 'deploymentTargetsFile', got ${given.join(' and ')}`);
  }
  if (given.length > 0 && (options.regions ?? []).length === 0) {
    fail(undefined, 'StackSetRegions', `${factory}: 'regions' is empty: give the regions to deploy instances to, e.g. ['eu-west-1']`);
  }
  if (given.length === 0 && (options.regions ?? []).length > 0) {
    fail(undefined, 'StackSetTargets', `${factory}: 'regions' needs targets: give 'accounts', 'organizationalUnits' or 'deploymentTargetsFile'`);
  }
  for (const [name, value] of [['failureTolerancePercentage', options.failureTolerancePercentage], ['maxAccountConcurrencyPercentage', options.maxAccountConcurrencyPercentage]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 100)) {
      fail(undefined, 'InvalidPercentage', `${factory}: ${name} must be a whole number from 0 to 100, got ${show(value)}`);
    }
  }
}

/** Parameters in CodePipeline's shorthand: `ParameterKey=Env,ParameterValue=prod ParameterKey=Size,UsePreviousValue=true`. */
function shorthand(values: Record<string, string> | undefined, previous: string[] | undefined): string | undefined {
  const entries = [
    ...Object.entries(values ?? {}).map(([key, value]) => `ParameterKey=${key},ParameterValue=${value}`),
    ...(previous ?? []).map(key => `ParameterKey=${key},UsePreviousValue=true`),
  ];
  return entries.length > 0 ? entries.join(' ') : undefined;
}

/** What the targets, parameters and inputs of a stack set action render to. */
interface Rendered {
  readonly inputs: codepipeline.Artifact[];
  readonly configuration: Record<string, string | undefined>;
}

/** Resolves the artifacts of the shared keys (targets, a parameters file) and renders them. */
function render(context: IStepContext, o: StackSetTargetOptions, defaultInput: PipelineArtifact,
  own: (add: (ref: PipelineArtifact) => string) => Record<string, string | undefined>): Rendered {
  const inputs: codepipeline.Artifact[] = [];
  const add = (ref: PipelineArtifact): string => {
    const artifact = context.artifact(ref);
    if (!inputs.includes(artifact)) inputs.push(artifact);
    return artifact.artifactName!;
  };
  (o.extraInputs ?? []).forEach(add);
  const configuration = own(add);
  const targets = o.deploymentTargetsFile !== undefined
    ? `${add(o.deploymentTargetsInput ?? defaultInput)}::${o.deploymentTargetsFile}`
    : [...(o.accounts ?? []), ...(o.organizationalUnits ?? [])].join(',') || undefined;
  return {
    inputs,
    configuration: {
      ...configuration,
      DeploymentTargets: targets,
      Regions: o.regions && o.regions.length > 0 ? o.regions.join(',') : undefined,
      FailureTolerancePercentage: o.failureTolerancePercentage?.toString(),
      MaxConcurrentPercentage: o.maxAccountConcurrencyPercentage?.toString(),
    },
  };
}

/** The StackSets actions' reference page; its "Service role permissions" sections list these calls. */
const STACKSET_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html#edit-role-cfn-stackset';
const STACKINSTANCES_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html#edit-role-cfn-stackinstances';
/** Where CloudFormation documents the administration role's permission: assume the execution role in each target account. */
const ADMINISTRATION_ROLE_DOC = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html';

/** What the IAM and the action of both stack set actions read. */
interface StackSetActionTargets {
  /** The stack set's ARN pattern (`stackset/<name>:*`), in the step's region (a stack set is a regional resource). */
  readonly stackSetArn: string;
  /** An example ARN of the stack set, for the calls. */
  readonly exampleStackSetArn: string;
  /** An example ARN of another stack set, for the denied calls. */
  readonly otherStackSetArn: string;
  /** The targets, parameters and inputs of the action, rendered. */
  readonly rendered: Rendered;
}

/** The stack set's ARN pattern and example ARNs, in the step's region, with the action's rendered keys. */
function stackSetTargets(scope: Construct, o: StepOptions, stackSetName: string, rendered: Rendered): StackSetActionTargets {
  const stack = Stack.of(scope);
  const region = o.region ?? stack.region;
  const example = (name: string) => stack.formatArn({ service: 'cloudformation', region, resource: 'stackset', resourceName: `${name}:0a1b2c3d-4e5f-6789-abcd-ef0123456789` });
  return {
    stackSetArn: stack.formatArn({ service: 'cloudformation', region, resource: 'stackset', resourceName: `${stackSetName}:*` }),
    exampleStackSetArn: example(stackSetName),
    otherStackSetArn: example('intruder'),
    rendered,
  };
}

/** The calls on the stack set that both actions may make (the page lists CreateStackInstances and DescribeStackSetOperation for both). */
const STACK_SET_CALLS = ['cloudformation:DescribeStackSet', 'cloudformation:DescribeStackSetOperation', 'cloudformation:ListStackInstances',
  'cloudformation:CreateStackInstances'];

/** The neighbouring calls neither action may make. */
function stackSetDenied(t: StackSetActionTargets): DeniedCall[] {
  return [
    { action: 'cloudformation:CreateStackInstances', resource: t.otherStackSetArn, reason: 'another stack set' },
    { action: 'cloudformation:UpdateStackSet', resource: t.otherStackSetArn, reason: 'another stack set' },
    { action: 'cloudformation:DeleteStackSet', resource: t.exampleStackSetArn, reason: 'the pipeline never deletes the stack set' },
  ];
}

/** What the stack set deploy's IAM and action read, resolved from its options. */
interface CloudFormationStackSetTargets extends StackSetActionTargets {
  /** Self-managed: the administration role StackSets assumes (the given one, or the one created for the step). */
  readonly administrationRoleArn?: string;
}

/** The stack set deploy's IAM (the page's "Service role permissions" for CloudFormationStackSet), with the calls it makes. */
export const CLOUDFORMATION_STACKSET_IAM: ProviderIam<CloudFormationStackSetTargets> = {
  documentation: STACKSET_DOC,
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: [...STACK_SET_CALLS, 'cloudformation:UpdateStackSet'],
      resources: t => [t.stackSetArn],
      calls: t => [{ resource: t.exampleStackSetArn }],
    },
    {
      actions: ['cloudformation:CreateStackSet'],
      resources: () => ['*'],
      unscoped: "CreateStackSet supports no resource-level permissions: it is granted on '*' (the stack set's name cannot be limited), while every later call is limited to this stack set",
      calls: () => [{ resource: '*' }],
    },
    {
      actions: ['iam:PassRole'],
      resources: t => (t.administrationRoleArn !== undefined ? [t.administrationRoleArn] : []),
      conditions: () => ({ StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }),
      calls: t => [{ resource: t.administrationRoleArn!, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }],
    },
  ],
  denied: stackSetDenied,
};

/** What the IAM of the administration role the library creates for a self-managed stack set reads. */
interface StackSetAdministrationTargets {
  /** The execution roles it may assume: in the listed accounts, or in any account when the accounts are read from a file at run time. */
  readonly executionRoleArns: string[];
  /** An example of each (in an example account for any account), for the calls. */
  readonly exampleExecutionRoleArns: string[];
  /** Another role of a target account, for the denied call. */
  readonly otherRoleArn: string;
}

/** The IAM of the administration role the library creates for a self-managed stack set (not an action role). */
export const STACKSET_ADMINISTRATION_IAM: ProviderIam<StackSetAdministrationTargets> = {
  documentation: ADMINISTRATION_ROLE_DOC,
  artifacts: ArtifactAccess.NONE,
  statements: [{
    actions: ['sts:AssumeRole'],
    resources: t => t.executionRoleArns,
    calls: t => t.exampleExecutionRoleArns.map(resource => ({ resource })),
  }],
  denied: t => [{ action: 'sts:AssumeRole', resource: t.otherRoleArn, reason: 'another role of a target account' }],
};

/** The permission model a stack set's options give. */
function permissionModelOf(o: CloudFormationStackSetOptions): StackSetPermissionModel {
  return o.permissionModel
    ?? ((o.organizationalUnits ?? []).length > 0 || o.autoDeployment !== undefined
      ? StackSetPermissionModel.SERVICE_MANAGED : StackSetPermissionModel.SELF_MANAGED);
}

export class CloudFormationStackSetDeploy extends ProviderAction<CloudFormationStackSetOptions, CloudFormationStackSetTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = CLOUDFORMATION_STACKSET_IAM;

  constructor(options: CloudFormationStackSetOptions) {
    super(options);
    checkTargets('Deploy.cloudFormationStackSet', options);
    const model = permissionModelOf(options);
    if (options.autoDeployment !== undefined && ((options.accounts ?? []).length > 0 || model === StackSetPermissionModel.SELF_MANAGED)) {
      fail(undefined, 'AutoDeploymentWithAccounts',
        "Deploy.cloudFormationStackSet: 'autoDeployment' applies to 'organizationalUnits' only (service-managed permissions: accounts that join a unit); remove it or deploy to organizational units");
    }
    if (model === StackSetPermissionModel.SERVICE_MANAGED && (options.administrationRole || options.executionRoleName)) {
      fail(undefined, 'StackSetRolesWithOrganizations',
        "Deploy.cloudFormationStackSet: 'administrationRole' and 'executionRoleName' apply to 'accounts' (self-managed) only; organizational units use service-managed roles");
    }
    if ((options.accounts ?? []).length > 0 && model === StackSetPermissionModel.SERVICE_MANAGED) {
      fail(undefined, 'StackSetPermissionModel', "Deploy.cloudFormationStackSet: service-managed permissions deploy to organizational units, not 'accounts': give 'organizationalUnits' or use SELF_MANAGED");
    }
    if ((options.organizationalUnits ?? []).length > 0 && model === StackSetPermissionModel.SELF_MANAGED) {
      fail(undefined, 'StackSetPermissionModel', "Deploy.cloudFormationStackSet: self-managed permissions deploy to 'accounts', not organizational units: give 'accounts' or use SERVICE_MANAGED");
    }
    if (options.parametersFile !== undefined && (options.parameters !== undefined || options.usePreviousValues !== undefined)) {
      fail(undefined, 'StackSetParameters', "Deploy.cloudFormationStackSet: give 'parametersFile' or 'parameters'/'usePreviousValues', not both");
    }
    this.defaultActionName = `StackSet-${options.stackSetName}`.slice(0, 100);
  }

  protected targets(scope: Construct, context: IStepContext): CloudFormationStackSetTargets {
    const o = this.options;
    const input = o.input ?? PipelineArtifact.BUILD_OUTPUT;
    const rendered = render(context, o, input, add => ({
      StackSetName: o.stackSetName,
      Description: o.description,
      TemplatePath: `${add(input)}::${o.templatePath}`,
      Parameters: o.parametersFile !== undefined ? `${add(o.parametersInput ?? input)}::${o.parametersFile}` : shorthand(o.parameters, o.usePreviousValues),
      Capabilities: (o.capabilities ?? [CfnCapabilities.NAMED_IAM]).join(',') || undefined,
      PermissionModel: permissionModelOf(o),
      OrganizationsAutoDeployment: o.autoDeployment,
    }));
    checkArtifactBounds(scope, context, 'CloudFormationStackSet', CLOUDFORMATION_STACKSET_PROVIDER.bounds, rendered.inputs.length, 0);
    const administrationRole = permissionModelOf(o) === StackSetPermissionModel.SELF_MANAGED
      ? o.administrationRole ?? this.newAdministrationRole(scope, context) : undefined;
    return { ...stackSetTargets(scope, o, o.stackSetName, rendered), administrationRoleArn: administrationRole?.roleArn };
  }

  /** The administration role of a self-managed stack set that gives none: it may assume the execution role only. */
  private newAdministrationRole(scope: Construct, context: IStepContext): iam.IRole {
    const o = this.options;
    const stack = Stack.of(scope);
    const executionRoleName = o.executionRoleName ?? 'AWSCloudFormationStackSetExecutionRole';
    const created = new ManagedPolicyRole(scope, 'AdministrationRole', {
      description: `Lets CloudFormation StackSets reach the target accounts of stack set ${o.stackSetName}`,
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com', {
        conditions: { StringLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stackset', resourceName: `${o.stackSetName}:*` }) } },
      }),
    });
    // The listed accounts only; when they are read from a file at run time, the execution role of any account.
    const accounts = (o.accounts ?? []).length > 0 ? o.accounts! : ['*'];
    const roleIn = (account: string, name: string) => `arn:${stack.partition}:iam::${account}:role/${name}`;
    const example = (account: string) => (account === '*' ? '222222222222' : account);
    applyIam(scope, created, STACKSET_ADMINISTRATION_IAM, {
      executionRoleArns: accounts.map(account => roleIn(account, executionRoleName)),
      exampleExecutionRoleArns: accounts.map(account => roleIn(example(account), executionRoleName)),
      otherRoleArn: roleIn(example(accounts[0]), 'intruder'),
    }, context.artifactBucket);
    return created;
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CloudFormationStackSetTargets, base: ActionBase): codepipeline.IAction[] {
    return [new ArtifactAccessAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'CloudFormationStackSet',
      version: '1',
      artifactBounds: CLOUDFORMATION_STACKSET_PROVIDER.bounds,
      inputs: t.rendered.inputs,
      configuration: {
        ...t.rendered.configuration,
        AdministrationRoleArn: t.administrationRoleArn,
        ExecutionRoleName: this.options.executionRoleName,
      },
    })];
  }
}

/** What the stack instances deploy's IAM and action read, resolved from its options. */
type CloudFormationStackInstancesTargets = StackSetActionTargets;

/** The stack instances deploy's IAM (the page's "Service role permissions" for CloudFormationStackInstances), with the calls it makes. */
export const CLOUDFORMATION_STACKINSTANCES_IAM: ProviderIam<CloudFormationStackInstancesTargets> = {
  documentation: STACKINSTANCES_DOC,
  artifacts: t => (t.rendered.inputs.length > 0 ? ArtifactAccess.READ : ArtifactAccess.NONE),
  statements: [{
    actions: STACK_SET_CALLS,
    resources: t => [t.stackSetArn],
    calls: t => [{ resource: t.exampleStackSetArn, actions: ['cloudformation:CreateStackInstances', 'cloudformation:DescribeStackSetOperation'] }],
  }],
  denied: stackSetDenied,
};

export class CloudFormationStackInstancesDeploy extends ProviderAction<CloudFormationStackInstancesOptions, CloudFormationStackInstancesTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = CLOUDFORMATION_STACKINSTANCES_IAM;

  constructor(options: CloudFormationStackInstancesOptions) {
    super(options);
    checkTargets('Deploy.cloudFormationStackInstances', options);
    if ((options.regions ?? []).length === 0) {
      fail(undefined, 'StackSetRegions', "Deploy.cloudFormationStackInstances: 'regions' is empty: give the regions to deploy instances to, e.g. ['eu-west-1']");
    }
    if (options.parameterOverridesFile !== undefined && (options.parameterOverrides !== undefined || options.usePreviousValues !== undefined)) {
      fail(undefined, 'StackSetParameters', "Deploy.cloudFormationStackInstances: give 'parameterOverridesFile' or 'parameterOverrides'/'usePreviousValues', not both");
    }
    this.defaultActionName = `Instances-${options.stackSetName}`.slice(0, 100);
  }

  protected targets(scope: Construct, context: IStepContext): CloudFormationStackInstancesTargets {
    const o = this.options;
    const rendered = render(context, o, PipelineArtifact.BUILD_OUTPUT, add => ({
      StackSetName: o.stackSetName,
      ParameterOverrides: o.parameterOverridesFile !== undefined
        ? `${add(o.parameterOverridesInput ?? PipelineArtifact.BUILD_OUTPUT)}::${o.parameterOverridesFile}`
        : shorthand(o.parameterOverrides, o.usePreviousValues),
    }));
    checkArtifactBounds(scope, context, 'CloudFormationStackInstances', CLOUDFORMATION_STACKINSTANCES_PROVIDER.bounds, rendered.inputs.length, 0);
    return stackSetTargets(scope, o, o.stackSetName, rendered);
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CloudFormationStackInstancesTargets, base: ActionBase): codepipeline.IAction[] {
    return [new ArtifactAccessAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'CloudFormationStackInstances',
      version: '1',
      artifactBounds: CLOUDFORMATION_STACKINSTANCES_PROVIDER.bounds,
      inputs: t.rendered.inputs,
      configuration: t.rendered.configuration,
    })];
  }
}

// ---------------------------------------------------------------- pipeline files

const OU = /^(ou-|r-)/;
const PARAMETER = /^ParameterKey=([^,]+),(?:ParameterValue=(.*)|UsePreviousValue=true)$/;
const AUTO_DEPLOYMENT: Record<string, actions.StackSetOrganizationsAutoDeployment> = {
  Enabled: actions.StackSetOrganizationsAutoDeployment.ENABLED,
  EnabledWithStackRetention: actions.StackSetOrganizationsAutoDeployment.ENABLED_WITH_STACK_RETENTION,
  Disabled: actions.StackSetOrganizationsAutoDeployment.DISABLED,
};

/** An `Artifact::file` value as its artifact and file, when it is one (the artifact among the inputs). */
function artifactFile(a: ActionContext, key: string): { input: PipelineArtifact; file: string } | undefined {
  const value = a.config[key];
  if (value === undefined || !value.includes('::')) return undefined;
  const { input, path } = artifactPath(a, key, value);
  return input !== undefined && a.inputs.includes(input) ? { input: a.inputRef(input), file: path! } : undefined;
}

/** `DeploymentTargets` (accounts, organizational units or a file), `Regions` and the percentages. */
function targetsOf(a: ActionContext, regionsChecked: boolean): StackSetTargetOptions {
  const value = a.config.DeploymentTargets;
  const file = artifactFile(a, 'DeploymentTargets');
  let accounts: string[] | undefined;
  let organizationalUnits: string[] | undefined;
  if (value !== undefined && !value.includes('::')) {
    const targets = value.split(',').map(t => t.trim());
    if (targets.every(t => OU.test(t))) {organizationalUnits = targets;} else if (targets.some(t => OU.test(t))) {
      a.configProblem('InvalidConfiguration',
        `DeploymentTargets lists accounts and organizational units together, got '${value}': list accounts (SELF_MANAGED) or organizational unit IDs (SERVICE_MANAGED)`, 'DeploymentTargets');
    } else {accounts = targets;}
  }
  if (value !== undefined && a.config.Regions === undefined && !regionsChecked) a.required('Regions', "'eu-west-1,us-east-1' (DeploymentTargets is given)");
  if (value === undefined && a.config.Regions !== undefined) a.required('DeploymentTargets', "'111111111111' or 'ou-ab12-cdef3456' (Regions is given)");
  const percentage = (key: string) => (a.config[key] !== undefined ? Number(a.config[key]) : undefined);
  return {
    accounts,
    organizationalUnits,
    deploymentTargetsFile: file?.file,
    deploymentTargetsInput: file?.input,
    regions: a.config.Regions?.split(',').map(r => r.trim()),
    failureTolerancePercentage: percentage('FailureTolerancePercentage'),
    maxAccountConcurrencyPercentage: percentage('MaxConcurrentPercentage'),
    // Every declared input, in the declared order.
    extraInputs: a.inputs.map(i => a.inputRef(i)),
  };
}

/** Stack set parameters: a file in an input artifact, or CodePipeline's shorthand as values and kept keys. */
interface FileParameters {
  readonly values?: Record<string, string>;
  readonly previous?: string[];
  readonly file?: { input: PipelineArtifact; file: string };
}

function parametersOf(a: ActionContext, key: string): FileParameters {
  const value = a.config[key];
  if (value === undefined) return {};
  if (value.includes('::') && !value.startsWith('ParameterKey=')) return { file: artifactFile(a, key) };
  const entries = value.trim().split(/\s+/).map(entry => PARAMETER.exec(entry));
  if (entries.some(e => e === null)) {
    a.configProblem('InvalidConfiguration',
      `${key} must be written 'ParameterKey=Env,ParameterValue=prod ParameterKey=Size,UsePreviousValue=true' (or InputArtifact::file.json), got '${value}'`, key);
    return {};
  }
  const values = Object.fromEntries(entries.filter(e => e![2] !== undefined).map(e => [e![1], e![2]]));
  const previous = entries.filter(e => e![2] === undefined).map(e => e![1]);
  return { values: Object.keys(values).length > 0 ? values : undefined, previous: previous.length > 0 ? previous : undefined };
}

function capabilitiesOf(a: ActionContext): CfnCapabilities[] {
  return (a.config.Capabilities?.split(',').map(c => c.trim()) ?? []) as CfnCapabilities[];
}

function stackSetFromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const template = artifactFile(a, 'TemplatePath') ?? (c.TemplatePath !== undefined && !c.TemplatePath.includes('::')
    ? { input: a.inputs[0] !== undefined ? a.inputRef(a.inputs[0]) : undefined, file: c.TemplatePath } : undefined);
  const targets = targetsOf(a, false);
  const parameters = parametersOf(a, 'Parameters');
  const model = c.PermissionModel as StackSetPermissionModel | undefined;
  if (c.StackSetName === undefined || template === undefined) return undefined;
  if (c.Parameters !== undefined && !parameters.values && !parameters.previous && !parameters.file) return undefined;
  const adminRoleArn = c.AdministrationRoleArn;
  return scope => Deploy.cloudFormationStackSet({
    actionName: a.name,
    runOrder: a.data.runOrder,
    region: a.data.region,
    stackSetName: c.StackSetName,
    templatePath: template.file,
    input: template.input,
    description: c.Description,
    parameters: parameters.values,
    usePreviousValues: parameters.previous,
    parametersFile: parameters.file?.file,
    parametersInput: parameters.file?.input,
    capabilities: capabilitiesOf(a),
    permissionModel: model,
    executionRoleName: c.ExecutionRoleName,
    administrationRole: adminRoleArn ? iam.Role.fromRoleArn(scope, 'AdministrationRole', adminRoleArn, { mutable: false }) : undefined,
    autoDeployment: c.OrganizationsAutoDeployment !== undefined ? AUTO_DEPLOYMENT[c.OrganizationsAutoDeployment] : undefined,
    ...targets,
  });
}

function stackInstancesFromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  // Regions is a required key of stack instances: the key check reports it.
  const targets = targetsOf(a, true);
  const overrides = parametersOf(a, 'ParameterOverrides');
  if (c.StackSetName === undefined || c.Regions === undefined) return undefined;
  if (c.ParameterOverrides !== undefined && !overrides.values && !overrides.previous && !overrides.file) return undefined;
  return () => Deploy.cloudFormationStackInstances({
    actionName: a.name,
    runOrder: a.data.runOrder,
    region: a.data.region,
    stackSetName: c.StackSetName,
    parameterOverrides: overrides.values,
    usePreviousValues: overrides.previous,
    parameterOverridesFile: overrides.file?.file,
    parameterOverridesInput: overrides.file?.input,
    ...targets,
  });
}

const DOCUMENTATION = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html';

const TARGET_KEYS = [
  { name: 'DeploymentTargets', kind: KeyKind.STRING, option: 'accounts, organizationalUnits, deploymentTargetsFile', description: 'The accounts (SELF_MANAGED) or organizational unit IDs (SERVICE_MANAGED), comma-separated, or InputArtifact::file of a JSON list.', example: '111111111111,222222222222' },
  { name: 'FailureTolerancePercentage', kind: KeyKind.INTEGER, min: 0, max: 100, option: 'failureTolerancePercentage', description: 'The percentage of accounts per region that may fail before the operation stops in that region.', example: '20' },
  { name: 'MaxConcurrentPercentage', kind: KeyKind.INTEGER, min: 0, max: 100, option: 'maxAccountConcurrencyPercentage', description: 'The largest percentage of accounts deployed to at the same time.', example: '25' },
];

/** The CloudFormation StackSets provider: create or update a stack set (action reference: StackSets). */
export const CLOUDFORMATION_STACKSET_PROVIDER: ProviderDefinition = {
  title: 'AWS CloudFormation StackSets deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'CloudFormationStackSet',
  version: '1',
  documentation: DOCUMENTATION,
  factory: 'Deploy.cloudFormationStackSet',
  iam: [CLOUDFORMATION_STACKSET_IAM],
  otherIam: [STACKSET_ADMINISTRATION_IAM],
  bounds: { minInputs: 1, maxInputs: 3, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'StackSetName', required: true, kind: KeyKind.STRING, option: 'stackSetName', description: 'The stack set to create or update (unique in its region).', example: 'baseline' },
    { name: 'Description', kind: KeyKind.STRING, option: 'description', description: "The stack set's description.", example: 'Account baseline' },
    { name: 'TemplatePath', required: true, kind: KeyKind.STRING, option: 'templatePath, input', description: 'The template, as InputArtifact::path.', example: 'BuildOutput::baseline.template.json' },
    { name: 'Parameters', kind: KeyKind.STRING, option: 'parameters, usePreviousValues, parametersFile', description: 'Template parameters in the shorthand ParameterKey=K,ParameterValue=V (space-separated), or InputArtifact::file of a JSON list.', example: 'ParameterKey=Env,ParameterValue=prod' },
    { name: 'Capabilities', kind: KeyKind.LIST, values: CAPABILITIES, option: 'capabilities', description: 'The capabilities the template needs, comma-separated.', example: 'CAPABILITY_IAM,CAPABILITY_NAMED_IAM' },
    { name: 'PermissionModel', kind: KeyKind.ENUM, values: Object.values(StackSetPermissionModel), option: 'permissionModel', description: 'SELF_MANAGED (administration and execution roles) or SERVICE_MANAGED (AWS Organizations).', example: 'SELF_MANAGED' },
    { name: 'AdministrationRoleArn', kind: KeyKind.STRING, option: 'administrationRole', description: 'SELF_MANAGED: the role StackSets assumes in this account (the library creates one when it is left out).', example: 'arn:aws:iam::123456789012:role/AWSCloudFormationStackSetAdministrationRole' },
    { name: 'ExecutionRoleName', kind: KeyKind.STRING, option: 'executionRoleName', description: 'SELF_MANAGED: the role StackSets assumes in each target account.', example: 'AWSCloudFormationStackSetExecutionRole' },
    { name: 'OrganizationsAutoDeployment', kind: KeyKind.ENUM, values: Object.keys(AUTO_DEPLOYMENT), option: 'autoDeployment', description: 'SERVICE_MANAGED: deploy to accounts that join the target organizational units later.', example: 'Enabled' },
    TARGET_KEYS[0],
    { name: 'Regions', kind: KeyKind.LIST, option: 'regions', description: 'The regions to deploy instances to, in order (required with DeploymentTargets).', example: 'us-west-2,us-east-1' },
    TARGET_KEYS[1],
    TARGET_KEYS[2],
  ],
  samples: [{ values: { TemplatePath: '{input}::template.yaml' }, inputs: 1 }],
  fromFile: stackSetFromFile,
};

/** The CloudFormation StackSets provider: create or update stack instances (action reference: StackSets). */
export const CLOUDFORMATION_STACKINSTANCES_PROVIDER: ProviderDefinition = {
  title: 'AWS CloudFormation StackSets instances deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'CloudFormationStackInstances',
  version: '1',
  documentation: DOCUMENTATION,
  factory: 'Deploy.cloudFormationStackInstances',
  iam: [CLOUDFORMATION_STACKINSTANCES_IAM],
  // The page says 0 to 2; aws-cdk-lib's action (from the action type) takes 3.
  bounds: { minInputs: 0, maxInputs: 3, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'StackSetName', required: true, kind: KeyKind.STRING, option: 'stackSetName', description: 'The stack set whose instances to create or update.', example: 'baseline' },
    TARGET_KEYS[0],
    { name: 'Regions', required: true, kind: KeyKind.LIST, option: 'regions', description: 'The regions to create or update instances in, in order.', example: 'us-west-2,us-east-1' },
    { name: 'ParameterOverrides', kind: KeyKind.STRING, option: 'parameterOverrides, usePreviousValues, parameterOverridesFile', description: 'Parameter values for these instances in the shorthand ParameterKey=K,ParameterValue=V, or InputArtifact::file of a JSON list.', example: 'ParameterKey=Env,ParameterValue=beta' },
    TARGET_KEYS[1],
    TARGET_KEYS[2],
  ],
  samples: [{ keys: ['DeploymentTargets', 'Regions'] }],
  fromFile: stackInstancesFromFile,
};
