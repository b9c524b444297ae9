import { Arn, ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { checkDeclaredRead } from '../providers/private/declared-files';
import { StepImplementation } from '../providers/private/step-implementation';

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

export class CodeDeployServerDeploy extends StepImplementation {
  public readonly defaultActionName = 'DeployCodeDeploy';

  constructor(public readonly options: CodeDeployServerDeployOptions) {
    super(options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const group = this.options.deploymentGroup;
    const input = context.artifact(this.options.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'CodeDeploy', CODEDEPLOY_PROVIDER.bounds, 1, 0);
    const arns = codeDeployArns(group);
    const { role, forAction } = newActionRole(scope, context, [
      ...deploymentStatements(group),
      // The page lists these reads too.
      new iam.PolicyStatement({ actions: ['codedeploy:ListDeploymentGroups'], resources: [group.application.applicationArn] }),
      new iam.PolicyStatement({ actions: ['codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'], resources: [group.deploymentGroupArn] }),
      // ListDeploymentConfigs supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['codedeploy:ListDeploymentConfigs'], resources: ['*'] }),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const call = (action: string, resource: string): DocumentedCall => ({ action, resource, documentation: CODEDEPLOY_DOC });
    DocumentedCalls.add(role,
      ...['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision', 'codedeploy:ListDeploymentGroups'].map(a => call(a, arns.application)),
      ...['codedeploy:CreateDeployment', 'codedeploy:GetDeployment', 'codedeploy:ListDeployments', 'codedeploy:GetDeploymentGroup'].map(a => call(a, arns.group)),
      call('codedeploy:GetDeploymentConfig', arns.config),
      call('codedeploy:ListDeploymentConfigs', '*'),
    );
    recordDeniedCodeDeployCalls(role, group);
    return {
      actions: [new actions.CodeDeployServerDeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        deploymentGroup: group,
        input,
        role: forAction,
      })],
    };
  }
}

export class CodeDeployEcsDeploy extends StepImplementation {
  public readonly defaultActionName = 'DeployBlueGreen';

  constructor(public readonly options: CodeDeployEcsDeployOptions) {
    super(options);
    if ((options.images ?? []).length > 4) {
      fail(undefined, 'TooManyImages', `Deploy.codeDeployEcs: at most 4 images are allowed, got ${options.images!.length}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
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
    const td = o.taskDefinition;
    const givenRoles = o.passRoles ?? (td ? [td.taskRole, td.executionRole].filter((r): r is iam.IRole => r !== undefined) : undefined);
    const stack = Stack.of(scope);
    const family = o.taskDefinitionFamily ?? (td instanceof ecs.TaskDefinition ? td.family : td ? familyOf(td.taskDefinitionArn) : undefined);
    const taskDefinitionArn = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: family !== undefined ? `${family}:*` : '*' });
    // Unknown roles: any role of the account, passed to ECS tasks only.
    const passRoleStatement = givenRoles === undefined
      ? new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [`arn:${stack.partition}:iam::${stack.account}:role/*`],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      })
      : givenRoles.length > 0 ? new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: givenRoles.map(r => r.roleArn),
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
      }) : undefined;
    const passed = givenRoles?.map(r => r.roleArn) ?? [`arn:${stack.partition}:iam::${stack.account}:role/shop-task`];
    const statements = [
      ...deploymentStatements(o.deploymentGroup),
      // New revisions of the service's task definition family only (taskdef.json names the family).
      new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: [taskDefinitionArn] }),
      new iam.PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: [taskDefinitionArn],
        conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
      }),
      ...(passRoleStatement ? [passRoleStatement] : []),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const arns = codeDeployArns(o.deploymentGroup);
    const call = (action: string, resource: string, ctx?: { [key: string]: string }): DocumentedCall =>
      ({ action, resource, documentation: CODEDEPLOY_ECS_DOC, context: ctx });
    const revision = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family ?? 'shop-web'}:2` });
    DocumentedCalls.add(role,
      ...['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'].map(a => call(a, arns.application)),
      ...['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'].map(a => call(a, arns.group)),
      call('codedeploy:GetDeploymentConfig', arns.config),
      call('ecs:RegisterTaskDefinition', revision),
      call('ecs:TagResource', revision, { 'ecs:CreateAction': 'RegisterTaskDefinition' }),
      ...passed.map(r => call('iam:PassRole', r, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })),
    );
    recordDeniedCodeDeployCalls(role, o.deploymentGroup);
    DocumentedCalls.addDenied(role,
      ...(family !== undefined ? [{ action: 'ecs:RegisterTaskDefinition', resource: stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: 'intruder:1' }), reason: "another service's task definition family" }] : []),
      ...(givenRoles === undefined ? [{ action: 'iam:PassRole', resource: passed[0], reason: 'a role passed to another service than ECS tasks', context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }] : []),
    );
    return {
      actions: [new actions.CodeDeployEcsDeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        deploymentGroup: o.deploymentGroup,
        taskDefinitionTemplateFile: new codepipeline.ArtifactPath(input, o.taskDefinitionFile ?? 'taskdef.json'),
        appSpecTemplateFile: new codepipeline.ArtifactPath(appSpecInput, o.appSpecFile ?? 'appspec.yaml'),
        containerImageInputs: images.length > 0 ? images : undefined,
        role: forAction,
      })],
    };
  }
}

/** What any CodeDeploy deployment from a pipeline needs: its application, group and deployment config only. */
function deploymentStatements(group: codedeploy.IServerDeploymentGroup | codedeploy.IEcsDeploymentGroup): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
      resources: [group.application.applicationArn],
    }),
    new iam.PolicyStatement({
      actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
      resources: [group.deploymentGroupArn],
    }),
    new iam.PolicyStatement({
      actions: ['codedeploy:GetDeploymentConfig'],
      resources: [group.deploymentConfig.deploymentConfigArn],
    }),
  ];
}

/** The CodeDeploy actions' reference pages: their "Service role permissions" sections list these calls. */
const CODEDEPLOY_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html#edit-role-codedeploy';
const CODEDEPLOY_ECS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html#edit-role-codedeploy-ecs';

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

function recordDeniedCodeDeployCalls(role: iam.IRole, group: codedeploy.IServerDeploymentGroup | codedeploy.IEcsDeploymentGroup): void {
  const arns = codeDeployArns(group);
  DocumentedCalls.addDenied(role,
    { action: 'codedeploy:CreateDeployment', resource: arns.otherGroup, reason: 'another deployment group of the application' },
    { action: 'codedeploy:RegisterApplicationRevision', resource: arns.otherApplication, reason: 'another application' },
    { action: 'codedeploy:DeleteDeploymentGroup', resource: arns.group, reason: 'the pipeline never changes the deployment group' },
  );
}

/** The family of a task definition ARN (`arn:...:task-definition/<family>:<revision>`), also for tokens. */
function familyOf(taskDefinitionArn: string): string {
  const resourceName = Arn.split(taskDefinitionArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName ?? '*';
  return Fn.select(0, Fn.split(':', resourceName));
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
