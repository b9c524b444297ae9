import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ActionContext } from './action-context';
import { APPROVAL_KEYS, importSecrets, NON_CONFIGURATION_KEYS, stringMap } from './provider-common';
import type { StepFactory } from './providers';
import { Build } from '../builds/build';
import { CommandsComputeType, CommandsEnvironmentType, windowsOnSmallCompute } from '../builds/commands';
import { ActionOwner } from '../builds/custom-action';
import { PipelineStep } from '../core/step';
import { Deploy } from '../deploys/deploy';
import { LambdaDeployStrategy } from '../deploys/lambda';
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

// ---------------------------------------------------------------- Build

/** `Commands` (V2): the action's `commands`, `outputVariables` and output files; `Build.commands`. */
export function commands(a: ActionContext): StepFactory | undefined {
  a.checkKeys('Commands', ['EnvironmentType', 'ComputeType']);
  a.rejectKeys('Commands', ['installCommands', 'buildspec', 'privileged', ...APPROVAL_KEYS, 'roleArn']);
  if (a.data.computeType !== undefined) {
    a.problem('KeyNotSupported', "a Commands action takes its size from configuration 'ComputeType' (BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE)", 'computeType');
  }
  const list: string[] | undefined = a.data.commands;
  if (list === undefined) {
    a.problem('MissingKey', "a Commands action runs the shell commands of its 'commands' list: add e.g. commands: [npm ci, npm run build]");
  } else if (list.length > 50) { // the schema requires at least one
    a.problem('InvalidCommand', `Commands takes 1 to 50 commands, got ${list.length}: merge some or move them into a script`, 'commands');
  } else {
    const bad = list.findIndex(c => c.trim() === '' || c.length > 1000 || /[\r\n]/.test(c));
    if (bad >= 0) {
      a.problem('InvalidCommand', `commands[${bad}] must be a single line of 1 to 1000 characters, got ${list[bad].length} characters${/[\r\n]/.test(list[bad]) ? ' on several lines' : ''}: split or shorten it`, 'commands');
    }
  }
  const outputVariables: string[] | undefined = a.data.outputVariables;
  if (outputVariables !== undefined && (outputVariables.length < 1 || outputVariables.length > 15)) {
    a.problem('InvalidValue', `outputVariables lists 1 to 15 environment variable names, got ${outputVariables.length}`, 'outputVariables');
  }
  const environmentType = a.oneOf('EnvironmentType', Object.values(CommandsEnvironmentType)) as CommandsEnvironmentType | undefined;
  const computeType = a.oneOf('ComputeType', Object.values(CommandsComputeType)) as CommandsComputeType | undefined;
  if (windowsOnSmallCompute(environmentType, computeType)) {
    a.configProblem('IncompatibleCompute', `EnvironmentType WINDOWS_SERVER_2022_CONTAINER does not run on ${computeType ? 'ComputeType' : 'the default ComputeType'} BUILD_GENERAL1_SMALL: set ComputeType to BUILD_GENERAL1_MEDIUM or BUILD_GENERAL1_LARGE`,
      computeType ? 'ComputeType' : 'EnvironmentType');
  }
  a.expectOutputs('Commands', 1);
  const files: string[] | undefined = a.data.outputArtifacts?.[0]?.files;
  if (a.outputs.length === 1 && (files === undefined || files.length < 1 || files.length > 10)) {
    a.problem('MissingKey', "a Commands action exports the files listed in its output artifact: give 1 to 10 paths, e.g. outputArtifacts: [{ name: App, files: ['dist/**/*'] }]", 'outputArtifacts');
  }
  if (!list || a.inputs.length === 0) return undefined;
  const [input, ...extraInputs] = a.inputs.map(i => a.inputRef(i));
  const variables = stringMap(a.data.variables);
  const secretNames: Record<string, string> | undefined = a.data.secrets;
  return scope => Build.commands({
    ...common(a),
    commands: list,
    input,
    extraInputs,
    outputFiles: a.outputs.length > 0 ? files : undefined,
    outputVariables,
    environment: variables,
    secrets: importSecrets(scope, secretNames),
    notSecrets: a.data.notSecrets,
    environmentType,
    computeType,
    variablesNamespace: a.data.namespace,
  });
}

/** `ECRBuildAndPublish` (V2): builds the input's Dockerfile and pushes it to a private repository. */
export function ecrBuildAndPublish(a: ActionContext): StepFactory | undefined {
  a.checkKeys('ECRBuildAndPublish', ['ECRRepositoryName', 'DockerFilePath', 'ImageTags', 'RegistryType']);
  rejectSpecKeys(a, 'ECRBuildAndPublish');
  a.expectOutputs('ECRBuildAndPublish', 0);
  const repositoryName = a.required('ECRRepositoryName', "'shop-web'");
  const registry = a.config.RegistryType;
  if (registry !== undefined && registry.toLowerCase() !== 'private') {
    a.configProblem('InvalidConfiguration', `RegistryType '${registry}' is not supported: the library pushes to private ECR repositories only, use 'private' or remove the key`, 'RegistryType');
  }
  const tags = a.list('ImageTags');
  if (tags && tags.length > 10) a.configProblem('InvalidConfiguration', `ImageTags lists at most 10 tags, got ${tags.length}`, 'ImageTags');
  if (!repositoryName) return undefined;
  return scope => Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), {
    ...common(a),
    dockerfileDirectory: a.config.DockerFilePath,
    imageTags: tags,
    input: firstInput(a),
  });
}

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

/** `CodeDeploy` (EC2/on-premises): `Deploy.codeDeployServer` with the group imported by name. */
export function codeDeployServer(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CodeDeploy', ['ApplicationName', 'DeploymentGroupName']);
  rejectSpecKeys(a, 'CodeDeploy deploy');
  a.expectOutputs('CodeDeploy deploy', 0);
  const applicationName = a.required('ApplicationName', "'shop'");
  const groupName = a.required('DeploymentGroupName', "'shop-prod'");
  if (!applicationName || !groupName) return undefined;
  return scope => Deploy.codeDeployServer({
    ...common(a),
    deploymentGroup: codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(scope, 'DeploymentGroup', {
      application: codedeploy.ServerApplication.fromServerApplicationName(scope, 'Application', applicationName),
      deploymentGroupName: groupName,
    }),
    input: firstInput(a),
  });
}

const IMAGE_KEYS = [1, 2, 3, 4].flatMap(n => [`Image${n}ArtifactName`, `Image${n}ContainerName`]);

/** `CodeDeployToECS` (blue/green): `Deploy.codeDeployEcs`; the task definition comes from SpecOptions.taskDefinitions. */
export function codeDeployEcs(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CodeDeployToECS', ['ApplicationName', 'DeploymentGroupName', 'TaskDefinitionTemplateArtifact', 'TaskDefinitionTemplatePath',
    'AppSpecTemplateArtifact', 'AppSpecTemplatePath', ...IMAGE_KEYS]);
  rejectSpecKeys(a, 'CodeDeployToECS deploy');
  a.expectOutputs('CodeDeployToECS deploy', 0);
  const applicationName = a.required('ApplicationName', "'shop'");
  const groupName = a.required('DeploymentGroupName', "'shop-web'");
  const taskDefinitionArtifact = a.required('TaskDefinitionTemplateArtifact', `'${a.inputs[0] ?? 'BuildOutput'}'`);
  const appSpecArtifact = a.required('AppSpecTemplateArtifact', `'${a.inputs[0] ?? 'BuildOutput'}'`);
  for (const [key, value] of [['TaskDefinitionTemplateArtifact', taskDefinitionArtifact], ['AppSpecTemplateArtifact', appSpecArtifact]] as const) {
    if (value !== undefined && !a.inputs.includes(value)) {
      a.configProblem('InvalidConfiguration', `${key} '${value}' is not among the action's inputArtifacts (${a.inputs.join(', ') || 'none'})${didYouMean(value, a.inputs)}: add it to inputArtifacts`, key);
    }
  }
  if (taskDefinitionArtifact && appSpecArtifact && taskDefinitionArtifact !== appSpecArtifact) {
    a.configProblem('InvalidConfiguration', `the library reads the task definition template and the AppSpec file from one artifact: give TaskDefinitionTemplateArtifact and AppSpecTemplateArtifact the same value (got '${taskDefinitionArtifact}' and '${appSpecArtifact}')`, 'AppSpecTemplateArtifact');
  }
  const images: Array<{ artifact: string; placeholder?: string }> = [];
  for (const n of [1, 2, 3, 4]) {
    const artifact = a.config[`Image${n}ArtifactName`];
    const placeholder = a.config[`Image${n}ContainerName`];
    if (artifact === undefined) {
      if (placeholder !== undefined) a.configProblem('MissingConfiguration', `Image${n}ContainerName needs Image${n}ArtifactName, the artifact holding imageDetail.json`, `Image${n}ContainerName`);
      continue;
    }
    if (!a.inputs.includes(artifact)) {
      a.configProblem('InvalidConfiguration', `Image${n}ArtifactName '${artifact}' is not among the action's inputArtifacts (${a.inputs.join(', ') || 'none'})${didYouMean(artifact, a.inputs)}: add it to inputArtifacts`, `Image${n}ArtifactName`);
    }
    images.push({ artifact, placeholder });
  }
  const used = [taskDefinitionArtifact, appSpecArtifact, ...images.map(i => i.artifact)];
  const unused = a.inputs.filter(i => !used.includes(i));
  if (unused.length > 0) {
    a.problem('InputArtifactCount', `input artifact${unused.length > 1 ? 's' : ''} ${unused.join(', ')} ${unused.length > 1 ? 'are' : 'is'} read by no key (TaskDefinitionTemplateArtifact, AppSpecTemplateArtifact, Image<n>ArtifactName): use or remove ${unused.length > 1 ? 'them' : 'it'}`, 'inputArtifacts');
  }
  const taskDefinitions = a.options.taskDefinitions ?? {};
  const key = [groupName, a.name, 'default'].find(k => k !== undefined && taskDefinitions[k] !== undefined);
  if (groupName !== undefined && key === undefined) {
    a.configProblem('MissingTaskDefinition',
      `a blue/green deployment passes the service's task and execution roles to ECS, which a spec cannot name: pass SpecOptions.taskDefinitions['${groupName}'] (or named like the action, or 'default')`);
  }
  if (!applicationName || !groupName || !taskDefinitionArtifact || key === undefined) return undefined;
  return scope => Deploy.codeDeployEcs({
    ...common(a),
    deploymentGroup: codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(scope, 'DeploymentGroup', {
      application: codedeploy.EcsApplication.fromEcsApplicationName(scope, 'Application', applicationName),
      deploymentGroupName: groupName,
    }),
    taskDefinition: taskDefinitions[key],
    input: a.inputRef(taskDefinitionArtifact),
    taskDefinitionFile: a.config.TaskDefinitionTemplatePath,
    appSpecFile: a.config.AppSpecTemplatePath,
    images: images.length > 0 ? images.map(i => ({ input: a.inputRef(i.artifact), placeholder: i.placeholder })) : undefined,
  });
}

/** `ElasticBeanstalk`: `Deploy.elasticBeanstalk`. */
export function elasticBeanstalk(a: ActionContext): StepFactory | undefined {
  a.checkKeys('ElasticBeanstalk', ['ApplicationName', 'EnvironmentName']);
  rejectSpecKeys(a, 'ElasticBeanstalk deploy');
  a.expectOutputs('ElasticBeanstalk deploy', 0);
  const applicationName = a.required('ApplicationName', "'shop'");
  const environmentName = a.required('EnvironmentName', "'shop-prod'");
  if (!applicationName || !environmentName) return undefined;
  return () => Deploy.elasticBeanstalk({ ...common(a), applicationName, environmentName, input: firstInput(a) });
}

const STRATEGY = /^(?:(AllAtOnce)|Canary(\d+)Percent(\d+)Minutes|Linear(\d+)PercentEvery(\d+)Minutes?)$/;

/** `Lambda` deploy (V2): `Deploy.lambdaFunction`, the function by name or ARN, alarms by name. */
export function lambdaDeploy(a: ActionContext): StepFactory | undefined {
  a.checkKeys('Lambda deploy', ['FunctionName', 'FunctionAlias', 'PublishedTargetVersion', 'DeployStrategy', 'Alarms']);
  rejectSpecKeys(a, 'Lambda deploy');
  a.expectOutputs('Lambda deploy', 0);
  const functionName = a.required('FunctionName', "'shop-api'");
  const alias = a.config.FunctionAlias;
  let strategy: LambdaDeployStrategy | undefined;
  const given = a.config.DeployStrategy;
  if (given !== undefined) {
    const m = STRATEGY.exec(given);
    const inRange = (p?: string, min?: string) => m && Number(p) >= 1 && Number(p) <= 99 && Number(min) >= 1 && Number(min) <= 2880;
    if (m?.[1]) {
      strategy = LambdaDeployStrategy.ALL_AT_ONCE;
    } else if (m?.[2] && inRange(m[2], m[3])) {
      strategy = LambdaDeployStrategy.canary(Number(m[2]), Number(m[3]));
    } else if (m?.[4] && inRange(m[4], m[5])) {
      strategy = LambdaDeployStrategy.linear(Number(m[4]), Number(m[5]));
    } else {
      a.configProblem('InvalidConfiguration',
        `DeployStrategy must be AllAtOnce, Canary<percent>Percent<minutes>Minutes or Linear<percent>PercentEvery<minutes>Minutes (percent 1 to 99, minutes 1 to 2880), got '${given}'`, 'DeployStrategy');
    }
  }
  for (const key of ['PublishedTargetVersion', 'DeployStrategy']) {
    if (a.config[key] !== undefined && alias === undefined) {
      a.configProblem('MissingConfiguration', `'${key}' shifts an alias's traffic: add configuration 'FunctionAlias'`, key);
    }
  }
  const alarms = a.list('Alarms');
  if (alarms && alarms.length > 10) a.configProblem('InvalidConfiguration', `Alarms lists at most 10 alarms, got ${alarms.length}`, 'Alarms');
  if (a.config.PublishedTargetVersion !== undefined && a.inputs.length > 0) {
    a.problem('InputArtifactCount', "with 'PublishedTargetVersion' the action moves the alias to a published version and reads no code: remove inputArtifacts", 'inputArtifacts');
  } else if (a.config.PublishedTargetVersion === undefined) {
    a.expectInputs('Lambda deploy', 1, 1);
  }
  if (!functionName) return undefined;
  return scope => Deploy.lambdaFunction(
    functionName.startsWith('arn:')
      ? lambda.Function.fromFunctionArn(scope, 'Function', functionName)
      : lambda.Function.fromFunctionName(scope, 'Function', functionName),
    {
      ...common(a),
      alias,
      publishedTargetVersion: a.config.PublishedTargetVersion,
      deployStrategy: strategy,
      alarms: alarms?.map((name, i) => name.startsWith('arn:')
        ? cloudwatch.Alarm.fromAlarmArn(scope, `Alarm${i}`, name)
        : cloudwatch.Alarm.fromAlarmName(scope, `Alarm${i}`, name)),
      input: firstInput(a),
    });
}

/** `AppConfig`: `Deploy.appConfig`. */
export function appConfig(a: ActionContext): StepFactory | undefined {
  a.checkKeys('AppConfig', ['Application', 'Environment', 'ConfigurationProfile', 'InputArtifactConfigurationPath', 'DeploymentStrategy']);
  rejectSpecKeys(a, 'AppConfig deploy');
  a.expectInputs('AppConfig deploy', 1, 1);
  a.expectOutputs('AppConfig deploy', 0);
  const applicationId = a.required('Application', "'abc1234'");
  const environmentId = a.required('Environment', "'def5678'");
  const configurationProfileId = a.required('ConfigurationProfile', "'ghi9012'");
  const configurationPath = a.required('InputArtifactConfigurationPath', "'config/flags.json'");
  if (!applicationId || !environmentId || !configurationProfileId || !configurationPath) return undefined;
  return () => Deploy.appConfig({
    ...common(a),
    applicationId,
    environmentId,
    configurationProfileId,
    configurationPath,
    deploymentStrategyId: a.config.DeploymentStrategy,
    input: firstInput(a),
  });
}

/** `EKS` (V2): `Deploy.eks`; subnets and security groups by ID. */
export function eks(a: ActionContext): StepFactory | undefined {
  a.checkKeys('EKS', ['ClusterName', 'ManifestFiles', 'HelmReleaseName', 'HelmChartLocation', 'HelmValuesFiles', 'Namespace', 'Subnets', 'SecurityGroupIds']);
  rejectSpecKeys(a, 'EKS deploy');
  a.expectInputs('EKS deploy', 1, 1);
  a.expectOutputs('EKS deploy', 0);
  const clusterName = a.required('ClusterName', "'shop'");
  const manifests = a.list('ManifestFiles');
  const release = a.config.HelmReleaseName;
  const chart = a.config.HelmChartLocation;
  const helm = release !== undefined || chart !== undefined || a.config.HelmValuesFiles !== undefined;
  if (manifests && helm) {
    a.configProblem('ConflictingKeys', "give 'ManifestFiles' (kubectl) or the Helm keys (HelmReleaseName, HelmChartLocation), not both", 'ManifestFiles');
  } else if (!manifests && !helm) {
    a.configProblem('MissingConfiguration', "give 'ManifestFiles' (e.g. 'k8s/deployment.yaml') or 'HelmReleaseName' and 'HelmChartLocation'");
  } else if (helm && (release === undefined || chart === undefined)) {
    a.configProblem('MissingConfiguration', `a Helm deployment needs both 'HelmReleaseName' and 'HelmChartLocation': add '${release === undefined ? 'HelmReleaseName' : 'HelmChartLocation'}'`);
  }
  const valuesFiles = a.list('HelmValuesFiles');
  const subnetIds = a.list('Subnets');
  const groupIds = a.list('SecurityGroupIds');
  if (groupIds && !subnetIds) a.configProblem('MissingConfiguration', "'SecurityGroupIds' apply only inside the VPC: add 'Subnets'", 'SecurityGroupIds');
  if (!clusterName || (manifests && helm) || (!manifests && (release === undefined || chart === undefined))) return undefined;
  return scope => Deploy.eks({
    ...common(a),
    clusterName,
    manifestFiles: manifests,
    helmChart: manifests ? undefined : { releaseName: release!, chartLocation: chart!, valuesFiles },
    namespace: a.config.Namespace,
    subnets: subnetIds?.map(id => ec2.Subnet.fromSubnetId(scope, `Subnet-${id}`, id)),
    securityGroups: groupIds?.map(id => ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id, { mutable: false })),
    input: firstInput(a),
  });
}

/** `EC2` (V2): `Deploy.ec2`; target groups by ARN. */
export function ec2Deploy(a: ActionContext): StepFactory | undefined {
  a.checkKeys('EC2', ['InstanceTagKey', 'InstanceTagValue', 'InstanceType', 'TargetDirectory', 'PreScript', 'PostScript', 'MaxBatch', 'MaxError', 'TargetGroupNameList']);
  rejectSpecKeys(a, 'EC2 deploy');
  a.expectInputs('EC2 deploy', 1, 1);
  a.expectOutputs('EC2 deploy', 0);
  const tagKey = a.required('InstanceTagKey', "'App'");
  const targetDirectory = a.required('TargetDirectory', "'/home/ec2-user/app'");
  const postScript = a.required('PostScript', "'scripts/start.sh'");
  if (targetDirectory !== undefined && !targetDirectory.startsWith('/')) {
    a.configProblem('InvalidConfiguration', `TargetDirectory must be an absolute path, got '${targetDirectory}'`, 'TargetDirectory');
  }
  const instanceType = a.oneOf('InstanceType', Object.values(actions.Ec2InstanceType)) as actions.Ec2InstanceType | undefined;
  const maxInstances = (key: string): actions.Ec2MaxInstances | undefined => {
    const value = a.config[key];
    if (value === undefined) return undefined;
    const m = /^(\d+)(%?)$/.exec(value.trim());
    if (m && m[2] === '%' && Number(m[1]) >= 1 && Number(m[1]) <= 100) return actions.Ec2MaxInstances.percentage(Number(m[1]));
    if (m && m[2] === '' && Number(m[1]) >= 1) return actions.Ec2MaxInstances.targets(Number(m[1]));
    a.configProblem('InvalidConfiguration', `${key} is a number of instances (e.g. '2') or a percentage (e.g. '50%'), got '${value}'`, key);
    return undefined;
  };
  const maxBatch = maxInstances('MaxBatch');
  const maxError = maxInstances('MaxError');
  const targetGroups = a.list('TargetGroupNameList');
  const notTargetGroup = targetGroups?.find(t => !/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/.test(t));
  if (notTargetGroup !== undefined) {
    a.configProblem('InvalidConfiguration',
      `give TargetGroupNameList as target group ARNs ('arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>'), got '${notTargetGroup}': `
      + 'the library limits the deregistration permissions to exactly those groups (CodePipeline still receives their names)', 'TargetGroupNameList');
    return undefined;
  }
  if (!tagKey || !targetDirectory || !postScript || !targetDirectory.startsWith('/')) return undefined;
  return scope => Deploy.ec2({
    ...common(a),
    instanceTagKey: tagKey,
    instanceTagValue: a.config.InstanceTagValue,
    instanceType,
    targetDirectory,
    preScript: a.config.PreScript,
    postScript,
    maxBatch,
    maxError,
    targetGroups: targetGroups?.map((arn, i) => elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(scope, `TargetGroup${i}`, { targetGroupArn: arn })),
    input: firstInput(a),
  });
}

/** `ServiceCatalog`: `Deploy.serviceCatalog` (template mode). */
export function serviceCatalog(a: ActionContext): StepFactory | undefined {
  a.checkKeys('ServiceCatalog', ['ProductId', 'TemplateFilePath', 'ProductVersionName', 'ProductVersionDescription', 'ProductType', 'ConfigurationFilePath']);
  rejectSpecKeys(a, 'ServiceCatalog deploy');
  a.expectOutputs('ServiceCatalog deploy', 0);
  if (a.config.ConfigurationFilePath !== undefined) {
    a.configProblem('KeyNotSupported', "the spec publishes a product from 'TemplateFilePath', 'ProductVersionName' and 'ProductType'; a configuration file is not supported: remove 'ConfigurationFilePath'", 'ConfigurationFilePath');
  }
  const productType = a.oneOf('ProductType', ['CLOUD_FORMATION_TEMPLATE']);
  const productId = a.required('ProductId', "'prod-abcdefgh12345'");
  if (productId !== undefined && !/^prod-[a-z0-9]+$/.test(productId)) {
    a.configProblem('InvalidConfiguration', `ProductId must look like 'prod-abcdefgh12345', got '${productId}'`, 'ProductId');
  }
  const templatePath = a.required('TemplateFilePath', "'product.template.json'");
  const versionName = a.required('ProductVersionName', "'v#{codepipeline.PipelineExecutionId}'");
  void productType;
  if (!productId || !templatePath || !versionName || !/^prod-[a-z0-9]+$/.test(productId)) return undefined;
  return () => Deploy.serviceCatalog({
    ...common(a),
    productId,
    templatePath,
    productVersionName: versionName,
    productVersionDescription: a.config.ProductVersionDescription,
    input: firstInput(a),
  });
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

// ---------------------------------------------------------------- Custom and third-party

/** Any `owner: Custom` or `ThirdParty` build, test or deploy (Jenkins included): `Build.custom`, `Test.custom`, `Deploy.custom`. */
export function customAction(a: ActionContext): StepFactory | undefined {
  const actionType: string = a.data.actionType;
  rejectSpecKeys(a, `${a.data.owner} ${actionType}`, ['namespace']);
  const version = a.data.version !== undefined ? String(a.data.version) : undefined;
  if (version !== undefined && !/^[0-9A-Za-z_-]{1,9}$/.test(version)) {
    a.problem('InvalidValue', `version must be 1 to 9 letters, digits, '-' or '_', got '${version}'`, 'version');
  }
  if (!/^[0-9A-Za-z_-]{1,35}$/.test(a.data.provider)) {
    a.problem('InvalidValue', `a custom provider name is 1 to 35 letters, digits, '-' or '_', got '${a.data.provider}'`, 'provider');
  }
  // Custom and third-party steps declare one output artifact (the library's CustomStep naming).
  a.expectOutputs(`${a.data.owner} ${actionType}`, 1);
  const options = {
    ...common(a),
    owner: a.data.owner === 'ThirdParty' ? ActionOwner.THIRD_PARTY : ActionOwner.CUSTOM,
    provider: a.data.provider,
    version,
    configuration: Object.keys(a.config).length > 0 ? a.config : undefined,
    inputs: a.inputs.map(i => a.inputRef(i)),
    outputCount: a.outputs.length,
    variablesNamespace: a.data.namespace,
  };
  const make: Record<string, () => PipelineStep> = {
    Build: () => Build.custom(options),
    Test: () => Test.custom(options),
    Deploy: () => Deploy.custom(options),
  };
  return make[actionType];
}

/** The action types that take a custom or third-party provider. */
export const CUSTOM_ACTION_TYPES = ['Build', 'Test', 'Deploy'];
