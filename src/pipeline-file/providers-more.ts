import { CfnCapabilities } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ActionContext } from './action-context';
import { artifactPath, NON_CONFIGURATION_KEYS } from './provider-common';
import type { StepFactory } from './providers';
import { Deploy } from '../deploys/deploy';
import { didYouMean } from '../private/suggest';

/** The spec keys every provider below rejects unless it says otherwise. */
function rejectSpecKeys(a: ActionContext, provider: string, allowed: string[] = []): void {
  a.rejectKeys(provider, NON_CONFIGURATION_KEYS.filter(k => !allowed.includes(k)));
}

const common = (a: ActionContext) => ({ actionName: a.name, runOrder: a.data.runOrder });

// ---------------------------------------------------------------- Test

// ---------------------------------------------------------------- Deploy

/** `DELETE_ONLY`: `Deploy.cloudFormationDelete`. */
export function cloudFormationDelete(a: ActionContext, stackName: string | undefined, roleArn: string | undefined): StepFactory | undefined {
  for (const key of ['TemplatePath', 'ParameterOverrides', 'Capabilities', 'ChangeSetName']) {
    if (a.config[key] !== undefined) a.configProblem('ConflictingKeys', `'${key}' does not apply to ActionMode DELETE_ONLY: remove it`, key);
  }
  if (a.inputs.length > 0) a.problem('InputArtifactCount', 'ActionMode DELETE_ONLY reads no artifact: remove inputArtifacts', 'inputArtifacts');
  if (!stackName || !roleArn) return undefined;
  return scope => Deploy.cloudFormationDelete({
    ...common(a),
    stackName,
    deploymentRole: iam.Role.fromRoleArn(scope, 'DeploymentRole', roleArn, { mutable: false }),
  });
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATIONAL_UNIT = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

/** `DeploymentTargets` and `Regions` of the stack set actions. */
function stackSetTargets(a: ActionContext) {
  const targets = a.required('DeploymentTargets', "'111111111111,222222222222' or 'ou-ab12-cdef3456'") !== undefined ? a.list('DeploymentTargets') : undefined;
  const regions = a.required('Regions', "'eu-west-1,us-east-1'") !== undefined ? a.list('Regions') : undefined;
  let accounts: string[] | undefined;
  let organizationalUnits: string[] | undefined;
  if (targets) {
    if (targets.every(t => ACCOUNT.test(t))) {
      accounts = targets;
    } else if (targets.every(t => ORGANIZATIONAL_UNIT.test(t))) {
      organizationalUnits = targets;
    } else {
      a.configProblem('InvalidConfiguration',
        `DeploymentTargets must list either 12-digit account IDs or organizational unit IDs (ou-..., r-...), not both and no file paths, got '${a.config.DeploymentTargets}'`, 'DeploymentTargets');
    }
  }
  return {
    targets: accounts || organizationalUnits ? { accounts, organizationalUnits, regions: regions ?? [] } : undefined,
    regions,
    failureTolerancePercentage: a.integer('FailureTolerancePercentage', 0, 100),
    maxAccountConcurrencyPercentage: a.integer('MaxConcurrentPercentage', 0, 100),
  };
}

/** Stack set parameters in CodePipeline's shorthand: `ParameterKey=Env,ParameterValue=prod ParameterKey=...`. */
function stackSetParameters(a: ActionContext, key: string): Record<string, string> | undefined {
  const value = a.config[key];
  if (value === undefined) return undefined;
  const entries = value.trim().split(/\s+/).map(entry => /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(entry));
  if (entries.some(e => e === null)) {
    a.configProblem('InvalidConfiguration',
      `${key} must be written 'ParameterKey=Env,ParameterValue=prod ParameterKey=Size,ParameterValue=2' (values without spaces; file paths are not supported), got '${value}'`, key);
    return undefined;
  }
  return Object.fromEntries(entries.map(e => [e![1], e![2]]));
}

/** `CloudFormationStackSet`: `Deploy.cloudFormationStackSet`. */
export function cloudFormationStackSet(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CloudFormationStackSet', ['StackSetName', 'TemplatePath', 'Description', 'Parameters', 'Capabilities', 'PermissionModel',
    'AdministrationRoleArn', 'ExecutionRoleName', 'OrganizationsAutoDeployment', 'DeploymentTargets', 'Regions', 'FailureTolerancePercentage', 'MaxConcurrentPercentage']);
  rejectSpecKeys(a, 'CloudFormationStackSet deploy');
  // CloudFormation accepts up to 3 (the validator checks that); the library reads the template's artifact only.
  if (a.inputs.length > 1) a.expectInputs('CloudFormationStackSet deploy', 1, 1);
  a.expectOutputs('CloudFormationStackSet deploy', 0);
  const stackSetName = a.required('StackSetName', "'baseline'");
  const template = artifactPath(a, 'TemplatePath', a.required('TemplatePath', "'BuildOutput::baseline.template.json'"));
  const targets = stackSetTargets(a);
  const model = a.oneOf('PermissionModel', ['SELF_MANAGED', 'SERVICE_MANAGED']);
  const serviceManaged = targets.targets?.organizationalUnits !== undefined;
  if (model !== undefined && targets.targets && (model === 'SERVICE_MANAGED') !== serviceManaged) {
    a.configProblem('InvalidConfiguration', serviceManaged
      ? 'organizational units are deployed to with service-managed permissions: set PermissionModel to SERVICE_MANAGED (or remove it)'
      : 'accounts are deployed to with self-managed permissions: set PermissionModel to SELF_MANAGED (or remove it)', 'PermissionModel');
  }
  if (serviceManaged) {
    for (const key of ['AdministrationRoleArn', 'ExecutionRoleName']) {
      if (a.config[key] !== undefined) a.configProblem('ConflictingKeys', `'${key}' applies to accounts (SELF_MANAGED) only: remove it`, key);
    }
  }
  const autoDeployment = a.oneOf('OrganizationsAutoDeployment', ['Enabled', 'EnabledWithStackRetention', 'Disabled']);
  if (autoDeployment !== undefined && !serviceManaged && targets.targets) {
    a.configProblem('ConflictingKeys', "'OrganizationsAutoDeployment' applies to organizational units only: remove it", 'OrganizationsAutoDeployment');
  }
  const capabilities = capabilityList(a);
  const parameters = stackSetParameters(a, 'Parameters');
  const adminRoleArn = a.config.AdministrationRoleArn;
  if (!stackSetName || !template.path || !targets.targets || !targets.regions) return undefined;
  const where = targets.targets;
  return scope => Deploy.cloudFormationStackSet({
    ...common(a),
    stackSetName,
    templatePath: template.path!,
    input: template.input !== undefined ? a.inputRef(template.input) : undefined,
    description: a.config.Description,
    parameters,
    capabilities,
    executionRoleName: a.config.ExecutionRoleName,
    administrationRole: adminRoleArn ? iam.Role.fromRoleArn(scope, 'AdministrationRole', adminRoleArn, { mutable: false }) : undefined,
    autoDeployment: autoDeployment as actions.StackSetOrganizationsAutoDeployment | undefined,
    ...where,
    failureTolerancePercentage: targets.failureTolerancePercentage,
    maxAccountConcurrencyPercentage: targets.maxAccountConcurrencyPercentage,
  });
}

/** `CloudFormationStackInstances`: `Deploy.cloudFormationStackInstances`. */
export function cloudFormationStackInstances(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CloudFormationStackInstances', ['StackSetName', 'DeploymentTargets', 'Regions', 'ParameterOverrides', 'FailureTolerancePercentage', 'MaxConcurrentPercentage']);
  rejectSpecKeys(a, 'CloudFormationStackInstances deploy');
  a.expectOutputs('CloudFormationStackInstances deploy', 0);
  if (a.inputs.length > 0) a.problem('InputArtifactCount', "the library's stack instances action reads no artifact: remove inputArtifacts", 'inputArtifacts');
  const stackSetName = a.required('StackSetName', "'baseline'");
  const targets = stackSetTargets(a);
  const parameterOverrides = stackSetParameters(a, 'ParameterOverrides');
  if (!stackSetName || !targets.targets || !targets.regions) return undefined;
  return () => Deploy.cloudFormationStackInstances({
    ...common(a),
    stackSetName,
    ...targets.targets!,
    parameterOverrides,
    failureTolerancePercentage: targets.failureTolerancePercentage,
    maxAccountConcurrencyPercentage: targets.maxAccountConcurrencyPercentage,
  });
}

/** The `Capabilities` list, checked against CfnCapabilities. */
export function capabilityList(a: ActionContext): CfnCapabilities[] | undefined {
  if (a.config.Capabilities === undefined) return undefined;
  const capabilities = a.config.Capabilities.split(',').map(c => c.trim()).filter(c => c !== '');
  const known = (Object.values(CfnCapabilities) as string[]).filter(c => c !== '');
  for (const c of capabilities) {
    if (!known.includes(c)) a.configProblem('InvalidConfiguration', `capability '${c}' is unknown${didYouMean(c, known)}: use ${known.join(', ')}`, 'Capabilities');
  }
  return capabilities.filter(c => known.includes(c)) as CfnCapabilities[];
}

// ---------------------------------------------------------------- Invoke
