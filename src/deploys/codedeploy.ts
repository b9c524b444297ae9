import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { deniedTaskDefinitionCalls, taskDefinitionStatements, taskDefinitionTargets, TaskDefinitionTargets } from './ecs';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepOptions } from '../core/step';
import { DeniedCall } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam, ProviderStatement } from '../providers/permissions';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { checkDeclaredRead } from '../providers/private/declared-files';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Deploy.codeDeployServer`. */
export interface CodeDeployServerDeployOptions extends StepOptions {
  /** The EC2/on-premises deployment group to deploy to. */
  readonly deploymentGroup: codedeploy.IServerDeploymentGroup;

  /**
   * The revision to deploy (a bundle with an `appspec.yml` at its root).
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** A container image for `Deploy.codeDeployEcs`. */
export interface CodeDeployEcsImage {
  /** The artifact holding `imageDetail.json` (e.g. an ECR source's output). */
  readonly input: PipelineArtifact;

  /**
   * The placeholder in the task definition template that the image URI replaces.
   *
   * @default 'IMAGE'
   */
  readonly placeholder?: string;
}

/** Options for `Deploy.codeDeployEcs`. */
export interface CodeDeployEcsDeployOptions extends StepOptions {
  /** The ECS blue/green deployment group to deploy to. */
  readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;

  /**
   * The service's task definition, whose task and execution roles the deployment passes to ECS (and
   * nothing else), and whose family it registers new revisions of.
   *
   * @default - `passRoles` and `taskDefinitionFamily` (see there)
   */
  readonly taskDefinition?: ecs.ITaskDefinition;

  /**
   * The roles the deployment may pass to ECS (the task definition template's task and execution
   * roles), when `taskDefinition` is not given.
   *
   * @default - the task definition's roles; without `taskDefinition`: any role of the pipeline's
   * account, but only to be passed to ECS tasks (`iam:PassRole` on `arn:aws:iam::<account>:role/*` with
   * the condition `iam:PassedToService` = `ecs-tasks.amazonaws.com`)
   */
  readonly passRoles?: iam.IRole[];

  /**
   * The family the task definition template names, whose new revisions the deployment registers, when
   * `taskDefinition` is not given.
   *
   * @default - the task definition's family; without `taskDefinition`: any family of the account and
   * region (`task-definition/*`)
   */
  readonly taskDefinitionFamily?: string;

  /**
   * The artifact holding the task definition template (`TaskDefinitionTemplateArtifact`), and the AppSpec
   * file unless `appSpecInput` says otherwise.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * The artifact holding the AppSpec file (`AppSpecTemplateArtifact`).
   *
   * @default - `input`
   */
  readonly appSpecInput?: PipelineArtifact;

  /**
   * The task definition template's path in `input`.
   *
   * @default 'taskdef.json'
   */
  readonly taskDefinitionFile?: string;

  /**
   * The AppSpec file's path in `input`.
   *
   * @default 'appspec.yaml'
   */
  readonly appSpecFile?: string;

  /**
   * Up to 4 images that replace placeholders in the task definition template.
   *
   * @default - the template names its images itself
   */
  readonly images?: CodeDeployEcsImage[];
}

/** What every CodeDeploy deployment's IAM reads: its group's application, group and deployment config. */
interface CodeDeployGroupTargets {
  /** The ARNs aws-cdk-lib gives the group's application, the group and its deployment config (granted on). */
  readonly applicationArn: string;
  readonly groupArn: string;
  readonly configArn: string;
  /** The same ARNs, built from their names (the calls are made on these), and the neighbours the denied calls name. */
  readonly arns: ReturnType<typeof codeDeployArns>;
}

/** What the CodeDeploy (EC2/on-premises) deploy's IAM and action read, resolved from its options. */
interface CodeDeployServerTargets extends CodeDeployGroupTargets {
  readonly input: codepipeline.Artifact;
}

/** What the CodeDeploy blue/green ECS deploy's IAM and action read, resolved from its options. */
interface CodeDeployEcsTargets extends CodeDeployGroupTargets, TaskDefinitionTargets {
  readonly input: codepipeline.Artifact;
  readonly appSpecInput: codepipeline.Artifact;
  readonly images: actions.CodeDeployEcsContainerImageInput[];
}

/** The group's ARNs, for the targets of either CodeDeploy deploy. */
function groupTargets(group: codedeploy.IServerDeploymentGroup | codedeploy.IEcsDeploymentGroup): CodeDeployGroupTargets {
  return {
    applicationArn: group.application.applicationArn,
    groupArn: group.deploymentGroupArn,
    configArn: group.deploymentConfig.deploymentConfigArn,
    arns: codeDeployArns(group),
  };
}

/**
 * What any CodeDeploy deployment from a pipeline needs: its application, group and deployment config
 * only; `applicationCalls` are the application's calls the deploy's page lists.
 */
function deploymentStatements<T extends CodeDeployGroupTargets>(applicationCalls: string[]): ProviderStatement<T>[] {
  return [
    {
      actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
      resources: t => [t.applicationArn],
      calls: t => [{ resource: t.arns.application, actions: applicationCalls }],
    },
    {
      actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
      resources: t => [t.groupArn],
      calls: t => [{ resource: t.arns.group }],
    },
    {
      actions: ['codedeploy:GetDeploymentConfig'],
      resources: t => [t.configArn],
      calls: t => [{ resource: t.arns.config }],
    },
  ];
}

/** Calls neither CodeDeploy deploy may make: another group or application, and changing the group. */
function deniedCodeDeployCalls(t: CodeDeployGroupTargets): DeniedCall[] {
  return [
    { action: 'codedeploy:CreateDeployment', resource: t.arns.otherGroup, reason: 'another deployment group of the application' },
    { action: 'codedeploy:RegisterApplicationRevision', resource: t.arns.otherApplication, reason: 'another application' },
    { action: 'codedeploy:DeleteDeploymentGroup', resource: t.arns.group, reason: 'the pipeline never changes the deployment group' },
  ];
}

/** The CodeDeploy (EC2/on-premises) deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const CODEDEPLOY_SERVER_IAM: ProviderIam<CodeDeployServerTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html#edit-role-codedeploy',
  artifacts: ArtifactAccess.READ,
  statements: [
    ...deploymentStatements<CodeDeployServerTargets>(['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision']),
    // The page lists these reads too.
    {
      actions: ['codedeploy:ListDeploymentGroups'],
      resources: t => [t.applicationArn],
      calls: t => [{ resource: t.arns.application }],
    },
    {
      actions: ['codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'],
      resources: t => [t.groupArn],
      calls: t => [{ resource: t.arns.group }],
    },
    {
      actions: ['codedeploy:ListDeploymentConfigs'],
      resources: () => ['*'],
      unscoped: 'ListDeploymentConfigs supports no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
  ],
  denied: deniedCodeDeployCalls,
};

/** The CodeDeploy blue/green ECS deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const CODEDEPLOY_ECS_IAM: ProviderIam<CodeDeployEcsTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html#edit-role-codedeploy-ecs',
  artifacts: ArtifactAccess.READ,
  statements: [
    ...deploymentStatements<CodeDeployEcsTargets>(['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision']),
    // New revisions of the family taskdef.json names, and its roles.
    ...taskDefinitionStatements<CodeDeployEcsTargets>(),
  ],
  denied: t => [
    ...deniedCodeDeployCalls(t),
    ...deniedTaskDefinitionCalls(t),
  ],
};

export class CodeDeployServerDeploy extends ProviderAction<CodeDeployServerDeployOptions, CodeDeployServerTargets> {
  public readonly defaultActionName = 'DeployCodeDeploy';
  protected readonly permissions = CODEDEPLOY_SERVER_IAM;

  protected targets(_scope: Construct, context: IStepContext): CodeDeployServerTargets {
    const input = context.artifact(this.options.input ?? PipelineArtifact.BUILD_OUTPUT);
    return { ...groupTargets(this.options.deploymentGroup), input };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CodeDeployServerTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.CodeDeployServerDeployAction({
      ...base,
      deploymentGroup: this.options.deploymentGroup,
      input: t.input,
    })];
  }
}

export class CodeDeployEcsDeploy extends ProviderAction<CodeDeployEcsDeployOptions, CodeDeployEcsTargets> {
  public readonly defaultActionName = 'DeployBlueGreen';
  protected readonly permissions = CODEDEPLOY_ECS_IAM;

  constructor(options: CodeDeployEcsDeployOptions) {
    super(options);
    if ((options.images ?? []).length > 4) {
      fail(undefined, 'TooManyImages', `Deploy.codeDeployEcs: at most 4 images are allowed, got ${options.images!.length}`);
    }
  }

  protected targets(scope: Construct, context: IStepContext): CodeDeployEcsTargets {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkDeclaredRead(scope, input, o.taskDefinitionFile ?? 'taskdef.json', 'the task definition template', 'TaskDefinitionFileNotDeclared');
    const appSpecInput = o.appSpecInput !== undefined ? context.artifact(o.appSpecInput) : input;
    checkDeclaredRead(scope, appSpecInput, o.appSpecFile ?? 'appspec.yaml', 'the AppSpec file', 'AppSpecFileNotDeclared');
    const images = (o.images ?? []).map(i => ({ input: context.artifact(i.input), taskDefinitionPlaceholder: i.placeholder }));
    // CodeDeploy reads each image's URI from the imageDetail.json of its artifact.
    images.forEach(i => checkDeclaredRead(scope, i.input, 'imageDetail.json', 'the image detail file', 'ImageFileNotDeclared'));
    const distinctInputs = new Set([input, appSpecInput, ...images.map(i => i.input)]).size;
    checkArtifactBounds(scope, context, 'CodeDeployToECS', CODEDEPLOY_ECS_PROVIDER.bounds, distinctInputs, 0);
    return {
      ...groupTargets(o.deploymentGroup),
      input,
      appSpecInput,
      images,
      ...taskDefinitionTargets(scope, o, Stack.of(scope).account, 'shop-web'),
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CodeDeployEcsTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.CodeDeployEcsDeployAction({
      ...base,
      deploymentGroup: o.deploymentGroup,
      taskDefinitionTemplateFile: new codepipeline.ArtifactPath(t.input, o.taskDefinitionFile ?? 'taskdef.json'),
      appSpecTemplateFile: new codepipeline.ArtifactPath(t.appSpecInput, o.appSpecFile ?? 'appspec.yaml'),
      containerImageInputs: t.images.length > 0 ? t.images : undefined,
    })];
  }
}

/** The ARNs of the group's application, the group and its deployment config, built from their names. */
function codeDeployArns(group: codedeploy.IServerDeploymentGroup | codedeploy.IEcsDeploymentGroup) {
  const arn = (resource: string, resourceName: string) => Stack.of(group).formatArn({
    service: 'codedeploy', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME, account: group.env.account, region: group.env.region,
  });
  const app = group.application.applicationName;
  return {
    application: arn('application', app),
    group: arn('deploymentgroup', `${app}/${group.deploymentGroupName}`),
    config: arn('deploymentconfig', group.deploymentConfig.deploymentConfigName),
    otherGroup: arn('deploymentgroup', `${app}/intruder`),
    otherApplication: arn('application', 'intruder'),
  };
}

/** `CodeDeploy` (EC2/on-premises) from a file: the deployment group imported by name. */
function serverFromFile(a: ActionContext): StepFactory | undefined {
  const applicationName = a.config.ApplicationName;
  const groupName = a.config.DeploymentGroupName;
  const input = a.inputs[0];
  if (applicationName === undefined || groupName === undefined) return undefined;
  // Deploy.codeDeployServer at call time (deploy.ts imports this module).
  return scope => Deploy.codeDeployServer({
    actionName: a.name,
    runOrder: a.data.runOrder,
    deploymentGroup: codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(scope, 'DeploymentGroup', {
      application: codedeploy.ServerApplication.fromServerApplicationName(scope, 'Application', applicationName),
      deploymentGroupName: groupName,
    }),
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The CodeDeploy (EC2/on-premises) deploy provider (action reference: CodeDeploy). */
export const CODEDEPLOY_PROVIDER: ProviderDefinition = {
  title: 'AWS CodeDeploy deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'CodeDeploy',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html',
  factory: 'Deploy.codeDeployServer',
  iam: [CODEDEPLOY_SERVER_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ApplicationName', required: true, kind: KeyKind.STRING, option: 'deploymentGroup', description: "The CodeDeploy application (the deployment group's application in the typed API).", example: 'shop' },
    { name: 'DeploymentGroupName', required: true, kind: KeyKind.STRING, option: 'deploymentGroup', description: 'The EC2/on-premises deployment group to deploy to (imported by name).', example: 'shop-prod' },
  ],
  fromFile: serverFromFile,
};

/** The image keys, `Image<n>ArtifactName` and `Image<n>ContainerName` for n from 1 to 4. */
const IMAGE_NUMBERS = [1, 2, 3, 4];

/**
 * `CodeDeployToECS` (blue/green) from a file: the deployment group imported by name; the task definition
 * from PipelineFileOptions.taskDefinitions (under the DeploymentGroupName, the action's name, or `default`)
 * when given, which narrows the grants.
 */
function ecsFromFile(a: ActionContext): StepFactory | undefined {
  const applicationName = a.config.ApplicationName;
  const groupName = a.config.DeploymentGroupName;
  const taskDefinitionArtifact = a.config.TaskDefinitionTemplateArtifact;
  const appSpecArtifact = a.config.AppSpecTemplateArtifact;
  const inInputs = (key: string, value: string | undefined) => {
    if (value !== undefined && !a.inputs.includes(value)) {
      a.configProblem('InvalidConfiguration', `${key} '${value}' is not among the action's inputArtifacts (${a.inputs.join(', ') || 'none'})${didYouMean(value, a.inputs)}: add it to inputArtifacts`, key);
      return false;
    }
    return true;
  };
  let ok = inInputs('TaskDefinitionTemplateArtifact', taskDefinitionArtifact) && inInputs('AppSpecTemplateArtifact', appSpecArtifact);
  const images: Array<{ artifact: string; placeholder?: string }> = [];
  for (const n of IMAGE_NUMBERS) {
    const artifact = a.config[`Image${n}ArtifactName`];
    const placeholder = a.config[`Image${n}ContainerName`];
    if (artifact === undefined) {
      if (placeholder !== undefined) {
        a.configProblem('MissingConfiguration', `Image${n}ContainerName needs Image${n}ArtifactName, the artifact holding imageDetail.json`, `Image${n}ContainerName`);
        ok = false;
      }
      continue;
    }
    if (images.length !== n - 1) {
      a.configProblem('InvalidConfiguration', `Image${n}ArtifactName follows no Image${images.length + 1}ArtifactName: number the images from 1 without gaps`, `Image${n}ArtifactName`);
      ok = false;
    }
    ok = inInputs(`Image${n}ArtifactName`, artifact) && ok;
    images.push({ artifact, placeholder });
  }
  const used = [taskDefinitionArtifact, appSpecArtifact, ...images.map(i => i.artifact)];
  const unused = a.inputs.filter(i => !used.includes(i));
  if (unused.length > 0) {
    a.problem('InputArtifactCount', `input artifact${unused.length > 1 ? 's' : ''} ${unused.join(', ')} ${unused.length > 1 ? 'are' : 'is'} read by no key (TaskDefinitionTemplateArtifact, AppSpecTemplateArtifact, Image<n>ArtifactName): use or remove ${unused.length > 1 ? 'them' : 'it'}`, 'inputArtifacts');
    ok = false;
  }
  if (!ok || applicationName === undefined || groupName === undefined) return undefined;
  if (taskDefinitionArtifact === undefined || appSpecArtifact === undefined) return undefined;
  const taskDefinitions = a.options.taskDefinitions ?? {};
  const key = [groupName, a.name, 'default'].find(k => taskDefinitions[k] !== undefined);
  // Deploy.codeDeployEcs at call time (deploy.ts imports this module).
  return scope => Deploy.codeDeployEcs({
    actionName: a.name,
    runOrder: a.data.runOrder,
    deploymentGroup: codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(scope, 'DeploymentGroup', {
      application: codedeploy.EcsApplication.fromEcsApplicationName(scope, 'Application', applicationName),
      deploymentGroupName: groupName,
    }),
    taskDefinition: key !== undefined ? taskDefinitions[key] : undefined,
    input: a.inputRef(taskDefinitionArtifact),
    appSpecInput: appSpecArtifact !== taskDefinitionArtifact ? a.inputRef(appSpecArtifact) : undefined,
    taskDefinitionFile: a.config.TaskDefinitionTemplatePath,
    appSpecFile: a.config.AppSpecTemplatePath,
    images: images.length > 0 ? images.map(i => ({ input: a.inputRef(i.artifact), placeholder: i.placeholder })) : undefined,
  });
}

/** The CodeDeploy blue/green ECS deploy provider (action reference: ECSbluegreen). */
export const CODEDEPLOY_ECS_PROVIDER: ProviderDefinition = {
  title: 'Amazon ECS blue/green deploy (CodeDeployToECS)',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'CodeDeployToECS',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html',
  factory: 'Deploy.codeDeployEcs',
  iam: [CODEDEPLOY_ECS_IAM],
  bounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ApplicationName', required: true, kind: KeyKind.STRING, option: 'deploymentGroup', description: "The CodeDeploy application (the deployment group's application in the typed API).", example: 'shop' },
    { name: 'DeploymentGroupName', required: true, kind: KeyKind.STRING, option: 'deploymentGroup', description: 'The ECS deployment group to deploy to (imported by name).', example: 'shop-web' },
    { name: 'TaskDefinitionTemplateArtifact', required: true, kind: KeyKind.STRING, option: 'input', description: 'The input artifact holding the task definition template.', example: 'SourceArtifact' },
    { name: 'TaskDefinitionTemplatePath', kind: KeyKind.STRING, option: 'taskDefinitionFile', description: 'The task definition template in that artifact (taskdef.json when left out).', example: 'taskdef.json' },
    { name: 'AppSpecTemplateArtifact', required: true, kind: KeyKind.STRING, option: 'appSpecInput', description: 'The input artifact holding the AppSpec file.', example: 'SourceArtifact' },
    { name: 'AppSpecTemplatePath', kind: KeyKind.STRING, option: 'appSpecFile', description: 'The AppSpec file in that artifact (appspec.yaml when left out).', example: 'appspec.yaml' },
    ...IMAGE_NUMBERS.flatMap(n => [
      { name: `Image${n}ArtifactName`, kind: KeyKind.STRING, option: `images[${n - 1}].input`, description: `The input artifact holding image ${n}'s imageDetail.json (e.g. an ECR source's output).`, example: 'MyImage' },
      { name: `Image${n}ContainerName`, kind: KeyKind.STRING, option: `images[${n - 1}].placeholder`, description: `The placeholder in the task definition template that image ${n}'s URI replaces (IMAGE when left out).`, example: `IMAGE${n}_NAME` },
    ]),
  ],
  samples: [{ values: { TaskDefinitionTemplateArtifact: '{input}', AppSpecTemplateArtifact: '{input}' }, inputs: 1 }],
  fromFile: ecsFromFile,
};
