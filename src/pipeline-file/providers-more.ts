import { CfnCapabilities, Duration, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ActionContext } from './action-context';
import { artifactPath, NON_CONFIGURATION_KEYS } from './provider-common';
import type { StepFactory } from './providers';
import { Deploy } from '../deploys/deploy';
import { Invoke } from '../invokes/invoke';
import { didYouMean } from '../private/suggest';
import { DeviceFarmAppType, DeviceFarmTestType } from '../tests/device-farm';
import { Test } from '../tests/test';

/** The spec keys every provider below rejects unless it says otherwise. */
function rejectSpecKeys(a: ActionContext, provider: string, allowed: string[] = []): void {
  a.rejectKeys(provider, NON_CONFIGURATION_KEYS.filter(k => !allowed.includes(k)));
}

/** The action's single input, when it declares one. */
function firstInput(a: ActionContext) {
  const input = a.inputs[0];
  return input !== undefined ? a.inputRef(input) : undefined;
}

const common = (a: ActionContext) => ({ actionName: a.name, runOrder: a.data.runOrder });

// ---------------------------------------------------------------- Test

const DEVICE_FARM_KEYS = ['ProjectId', 'DevicePoolArn', 'AppType', 'App', 'TestType', 'Test', 'TestSpec', 'RecordVideo', 'RecordAppPerformanceData',
  'RadioWifiEnabled', 'RadioBluetoothEnabled', 'RadioNfcEnabled', 'RadioGpsEnabled', 'JobTimeoutMinutes'];
const RADIOS = ['RadioWifiEnabled', 'RadioBluetoothEnabled', 'RadioNfcEnabled', 'RadioGpsEnabled'];
const POOL_ARN = /^arn:(aws[a-z-]*):devicefarm:([a-z0-9-]+):(\d{12})?:devicepool:/;

/** `DeviceFarm`: `Test.deviceFarm`; the project ARN is made from `ProjectId` and the pool's ARN. */
export function deviceFarm(a: ActionContext): StepFactory | undefined {
  a.checkKeys('DeviceFarm', DEVICE_FARM_KEYS);
  rejectSpecKeys(a, 'DeviceFarm');
  a.expectOutputs('DeviceFarm', 0);
  const projectId = a.required('ProjectId', "'eec4905f-98f8-40aa-9afc-4c1cfexample'");
  const poolArn = a.required('DevicePoolArn', "'arn:aws:devicefarm:us-west-2:111111111111:devicepool:<project id>/<pool id>'");
  const appType = a.required('AppType', "'Android'") !== undefined ? a.oneOf('AppType', Object.values(DeviceFarmAppType)) : undefined;
  const testType = a.required('TestType', "'APPIUM_PYTHON'") !== undefined ? a.oneOf('TestType', Object.values(DeviceFarmTestType)) : undefined;
  if (appType !== undefined && appType !== DeviceFarmAppType.WEB && a.config.App === undefined) {
    a.configProblem('MissingConfiguration', `an ${appType} test needs configuration 'App', the app file's path in the input (e.g. 'app-release.apk')`);
  }
  if (testType !== undefined && testType !== DeviceFarmTestType.BUILTIN_FUZZ && a.config.Test === undefined) {
    a.configProblem('MissingConfiguration', `a ${testType} test needs configuration 'Test', the test package's path in the input (e.g. 'tests.zip')`);
  }
  const recordVideo = a.flag('RecordVideo');
  const recordPerformance = a.flag('RecordAppPerformanceData');
  const radios = RADIOS.map(key => a.flag(key)).filter((v): v is boolean => v !== undefined);
  if (new Set(radios).size > 1) {
    a.configProblem('InvalidConfiguration', `the library switches the four radios together: give ${RADIOS.join(', ')} the same value`, RADIOS.find(k => a.config[k] !== undefined));
  }
  const timeout = a.integer('JobTimeoutMinutes', 5, 150);
  let projectArn = projectId;
  if (projectId !== undefined && poolArn !== undefined && !projectId.startsWith('arn:')) {
    const pool = POOL_ARN.exec(poolArn);
    if (!pool || !pool[3]) {
      a.configProblem('InvalidConfiguration', `DevicePoolArn must be a Device Farm device pool ARN with its account ('arn:aws:devicefarm:us-west-2:<account>:devicepool:<project id>/<pool id>'), got '${poolArn}'; `
        + "for a pool AWS provides (no account in its ARN), give ProjectId as the project's ARN ('arn:aws:devicefarm:us-west-2:<account>:project:<id>')", 'DevicePoolArn');
      projectArn = undefined;
    } else {
      projectArn = `arn:${pool[1]}:devicefarm:${pool[2]}:${pool[3]}:project:${projectId}`;
    }
  }
  if (!projectArn || !poolArn || !appType || !testType) return undefined;
  return () => Test.deviceFarm({
    ...common(a),
    projectArn,
    devicePoolArn: poolArn,
    appType: appType as DeviceFarmAppType,
    app: a.config.App,
    testType: testType as DeviceFarmTestType,
    test: a.config.Test,
    testSpec: a.config.TestSpec,
    recordVideo,
    recordAppPerformanceData: recordPerformance,
    radiosEnabled: radios[0],
    jobTimeout: timeout !== undefined ? Duration.minutes(timeout) : undefined,
    input: firstInput(a),
  });
}

/** `InspectorScan`: `Test.inspectorSourceScan` (`SourceCodeScan`) or `Test.inspectorImageScan` (`ECRImageScan`). */
export function inspectorScan(a: ActionContext): StepFactory | undefined {
  a.checkKeys('InspectorScan', ['InspectorRunMode', 'ECRRepositoryName', 'ImageTag', 'CriticalThreshold', 'HighThreshold', 'MediumThreshold', 'LowThreshold']);
  rejectSpecKeys(a, 'InspectorScan');
  a.expectOutputs('InspectorScan', 1);
  const mode = a.required('InspectorRunMode', "'SourceCodeScan' or 'ECRImageScan'") !== undefined
    ? a.oneOf('InspectorRunMode', ['SourceCodeScan', 'ECRImageScan']) : undefined;
  const thresholds = {
    criticalThreshold: a.integer('CriticalThreshold', 0, 1_000_000),
    highThreshold: a.integer('HighThreshold', 0, 1_000_000),
    mediumThreshold: a.integer('MediumThreshold', 0, 1_000_000),
    lowThreshold: a.integer('LowThreshold', 0, 1_000_000),
  };
  if (mode === 'SourceCodeScan') {
    for (const key of ['ECRRepositoryName', 'ImageTag']) {
      if (a.config[key] !== undefined) a.configProblem('ConflictingKeys', `'${key}' applies to InspectorRunMode ECRImageScan only: remove it`, key);
    }
    if (a.inputs.length !== 1) a.problem('InputArtifactCount', 'a SourceCodeScan reads the source code from one input artifact: give exactly one in inputArtifacts', 'inputArtifacts');
    return () => Test.inspectorSourceScan({ ...common(a), ...thresholds, input: firstInput(a) });
  }
  if (mode === 'ECRImageScan') {
    const repositoryName = a.required('ECRRepositoryName', "'shop-web'");
    if (a.inputs.length > 0) a.problem('InputArtifactCount', 'an ECRImageScan scans an image in ECR and reads no artifact: remove inputArtifacts', 'inputArtifacts');
    if (!repositoryName) return undefined;
    return scope => Test.inspectorImageScan(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), {
      ...common(a), ...thresholds, imageTag: a.config.ImageTag,
    });
  }
  return undefined;
}

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

/** `CodePipeline` (pipeline invoke): `Invoke.pipeline`, the target by name or ARN. */
export function pipelineInvoke(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CodePipeline invoke', ['PipelineName', 'Variables', 'SourceRevisions']);
  rejectSpecKeys(a, 'CodePipeline invoke');
  a.expectOutputs('CodePipeline invoke', 0);
  if (a.inputs.length > 0) a.problem('InputArtifactCount', 'a pipeline invoke reads no artifact: remove inputArtifacts', 'inputArtifacts');
  const pipelineName = a.required('PipelineName', "'shop-deploy'");
  const variables = jsonList(a, 'Variables', ['name', 'value'], '[{"name": "version", "value": "#{Build.VERSION}"}]');
  const revisions = jsonList(a, 'SourceRevisions', ['actionName', 'revisionType', 'revisionValue'], '[{"actionName": "Source", "revisionType": "COMMIT_ID", "revisionValue": "#{Source.CommitId}"}]');
  const duplicate = (revisions ?? []).map(r => r.actionName).find((name, i, names) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    a.configProblem('InvalidConfiguration', `SourceRevisions names source action '${duplicate}' twice: give one revision per source action`, 'SourceRevisions');
  }
  const revisionTypes = [...new Set((revisions ?? []).map(r => r.revisionType))];
  const known = Object.values(actions.RevisionType) as string[];
  let revisionType: actions.RevisionType | undefined;
  if (revisionTypes.length > 1) {
    a.configProblem('InvalidConfiguration', `the library starts every source at the same kind of revision: give one revisionType for all SourceRevisions (got ${revisionTypes.join(', ')})`, 'SourceRevisions');
  } else if (revisionTypes.length === 1) {
    if (!known.includes(revisionTypes[0])) {
      a.configProblem('InvalidConfiguration', `revisionType '${revisionTypes[0]}' is unknown${didYouMean(revisionTypes[0], known)}: use ${known.join(', ')}`, 'SourceRevisions');
    } else {
      revisionType = revisionTypes[0] as actions.RevisionType;
    }
  }
  if (!pipelineName || duplicate !== undefined || (revisions && revisionType === undefined && revisions.length > 0)) return undefined;
  return scope => Invoke.pipeline(codepipeline.Pipeline.fromPipelineArn(scope, 'TargetPipeline', pipelineName.startsWith('arn:')
    ? pipelineName
    : Stack.of(scope).formatArn({ service: 'codepipeline', resource: pipelineName })), {
    ...common(a),
    variables: variables ? Object.fromEntries(variables.map(v => [v.name, v.value])) : undefined,
    sourceRevisions: revisions ? Object.fromEntries(revisions.map(r => [r.actionName, r.revisionValue])) : undefined,
    revisionType,
  });
}

/** A JSON array of objects with exactly the given string fields. */
function jsonList(a: ActionContext, key: string, fields: string[], example: string): Array<Record<string, string>> | undefined {
  const value = a.config[key];
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.length > 0 && parsed.every(item => typeof item === 'object' && item !== null
    && fields.every(f => typeof (item as any)[f] === 'string') && Object.keys(item).every(k => fields.includes(k)));
  if (!ok) {
    a.configProblem('InvalidConfiguration', `'${key}' must be a JSON array of { ${fields.join(', ')} } objects, e.g. '${example}', got '${value}'`, key);
    return undefined;
  }
  return parsed as Array<Record<string, string>>;
}
