import { Arn, ArnFormat, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepOptions } from '../core/step';
import { DeniedCall } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam, ProviderStatement } from '../providers/permissions';
import { checkDeclaredRead } from '../providers/private/declared-files';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Deploy.ecs`. */
export interface EcsDeployOptions extends StepOptions {
  /** The service to update. */
  readonly service: ecs.IBaseService;

  /**
   * The service's task definition, whose task and execution roles the deployment passes to ECS (and
   * whose family it registers new revisions of). Only useful when `service` is imported (not an
   * `ecs.BaseService` of this app): it narrows the grants below to exactly that task definition.
   *
   * @default - the service's own task definition; for an imported service, `passRoles` and
   * `taskDefinitionFamily` (see there)
   */
  readonly taskDefinition?: ecs.ITaskDefinition;

  /**
   * The roles the deployment may pass to ECS (the task definition's task and execution roles), when
   * `taskDefinition` is not known.
   *
   * @default - the task definition's roles; when the service is imported and neither `taskDefinition`
   * nor this is given: any role of the service's account, but only to be passed to ECS tasks
   * (`iam:PassRole` on `arn:aws:iam::<account>:role/*` with the condition `iam:PassedToService` =
   * `ecs-tasks.amazonaws.com`, which CodePipeline's new task definition revision carries). CodePipeline
   * needs no more: the deployment re-registers the service's task definition with the roles it already has.
   */
  readonly passRoles?: iam.IRole[];

  /**
   * The family of the service's task definition, whose new revisions the deployment registers, when
   * `taskDefinition` is not known.
   *
   * @default - the task definition's family; when the service is imported and neither `taskDefinition`
   * nor this is given: any family of the service's account and region (`task-definition/*`)
   */
  readonly taskDefinitionFamily?: string;

  /**
   * The image definitions file in the input, which names the container's new image.
   *
   * @default 'imagedefinitions.json'
   */
  readonly imageFile?: string;

  /**
   * The artifact holding the image definitions file.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * How long the deployment may take (1 to 60 minutes, `DeploymentTimeout`).
   *
   * @default Duration.minutes(60)
   */
  readonly deploymentTimeout?: Duration;
}

/** What the ECS deploy's IAM and action read, resolved from its options. */
interface EcsDeployTargets extends TaskDefinitionTargets {
  readonly input: codepipeline.Artifact;
  readonly imageFile: string;
  /** The service's ARN in the long format (`service/<cluster>/<name>`), see `ecsServiceArn`. */
  readonly serviceArn: string;
  readonly clusterName: string;
  readonly clusterArn: string;
}

/** What the new task definition revision carries: it is passed to ECS tasks. */
const TO_ECS_TASKS = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' };

/** What registering a new task definition revision for a service reads (the ECS deploy, CodeDeploy blue/green). */
export interface TaskDefinitionTargets {
  /** `arn:<partition>:ecs:<region>:<account>`: the prefix of the task definition ARNs. */
  readonly ecs: string;
  /** The family of the service's task definition, when known. */
  readonly family?: string;
  /** The family's task definitions (`task-definition/<family>:*`), or any (`task-definition/*`). */
  readonly taskDefinitions: string;
  /** The new revision the deployment registers (an example family when it is not known). */
  readonly revision: string;
  /** The roles the deployment may pass; undefined when they are not known (then any role of the account, to ECS tasks). */
  readonly passRoles?: string[];
  /** Any role of the account. */
  readonly anyRole: string;
  /** The roles the new revision names (an example role of the account when they are not known). */
  readonly passed: string[];
}

/**
 * The task definition targets of a deployment that registers a new revision (the ECS deploy, CodeDeploy
 * blue/green): the family (`taskDefinitionFamily`, else the task definition's), the roles passed (`passRoles`,
 * else the task definition's task and execution roles), in the scope's region and account; `account` is
 * the one whose roles may be passed, `exampleFamily` names the example revision when the family is not known.
 */
export function taskDefinitionTargets(scope: Construct,
  o: { readonly taskDefinition?: ecs.ITaskDefinition; readonly passRoles?: iam.IRole[]; readonly taskDefinitionFamily?: string },
  account: string, exampleFamily: string): TaskDefinitionTargets {
  const td = o.taskDefinition;
  const stack = Stack.of(scope);
  const family = o.taskDefinitionFamily ?? (td instanceof ecs.TaskDefinition ? td.family : td ? familyOf(td.taskDefinitionArn) : undefined);
  const givenRoles = o.passRoles ?? (td ? [td.taskRole, td.executionRole].filter((r): r is iam.IRole => r !== undefined) : undefined);
  const passRoles = givenRoles?.map(r => r.roleArn);
  const prefix = `arn:${stack.partition}:ecs:${stack.region}:${stack.account}`;
  return {
    ecs: prefix,
    family,
    taskDefinitions: `${prefix}:task-definition/${family !== undefined ? `${family}:*` : '*'}`,
    revision: `${prefix}:task-definition/${family ?? exampleFamily}:2`,
    passRoles,
    anyRole: `arn:${stack.partition}:iam::${account}:role/*`,
    passed: passRoles ?? [`arn:${stack.partition}:iam::${account}:role/shop-task`],
  };
}

/**
 * Registering the new revision and passing the roles it names, as data: new revisions of the service's
 * task definition family only, and its roles passed to ECS tasks only.
 */
export function taskDefinitionStatements<T extends TaskDefinitionTargets>(): ProviderStatement<T>[] {
  return [
    // New revisions of the service's task definition family only.
    {
      actions: ['ecs:RegisterTaskDefinition'],
      resources: t => [t.taskDefinitions],
      calls: t => [{ resource: t.revision }],
    },
    {
      actions: ['ecs:TagResource'],
      resources: t => [t.taskDefinitions],
      conditions: () => ({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }),
      calls: t => [{ resource: t.revision, context: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }],
    },
    // Unknown roles: any role of the service's account, passed to ECS tasks only.
    {
      actions: ['iam:PassRole'],
      when: t => t.passRoles === undefined,
      resources: t => [t.anyRole],
      conditions: () => ({ StringEquals: TO_ECS_TASKS }),
      calls: t => t.passed.map(resource => ({ resource, context: TO_ECS_TASKS })),
    },
    {
      actions: ['iam:PassRole'],
      resources: t => t.passRoles ?? [],
      conditions: () => ({ StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } }),
      calls: t => t.passed.map(resource => ({ resource, context: TO_ECS_TASKS })),
    },
  ];
}

/** The task definition calls a deployment must not make: another family's revision, a role passed elsewhere. */
export function deniedTaskDefinitionCalls(t: TaskDefinitionTargets): DeniedCall[] {
  return [
    ...(t.family !== undefined ? [{ action: 'ecs:RegisterTaskDefinition', resource: `${t.ecs}:task-definition/intruder:1`, reason: "another service's task definition family" }] : []),
    ...(t.passRoles === undefined ? [{ action: 'iam:PassRole', resource: t.passed[0], reason: 'a role passed to another service than ECS tasks', context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }] : []),
  ];
}

/** The ECS deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const ECS_DEPLOY_IAM: ProviderIam<EcsDeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html#edit-role-ECS',
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
      resources: t => [t.serviceArn],
    },
    {
      actions: ['ecs:DescribeTasks'],
      resources: t => [`${t.ecs}:task/${t.clusterName}/*`],
      calls: t => [{ resource: `${t.ecs}:task/${t.clusterName}/0123456789abcdef` }],
    },
    {
      actions: ['ecs:ListTasks'],
      resources: () => ['*'],
      unscoped: "ecs:ListTasks has no task resource type; it is limited to the service's cluster by condition.",
      conditions: t => ({ ArnEquals: { 'ecs:cluster': t.clusterArn } }),
      calls: t => [{ resource: `${t.ecs}:container-instance/${t.clusterName}/0123456789abcdef`, context: { 'ecs:cluster': t.clusterArn } }],
    },
    {
      actions: ['ecs:DescribeTaskDefinition'],
      resources: () => ['*'],
      unscoped: 'DescribeTaskDefinition supports no resource-level permissions in IAM.',
      calls: () => [{ resource: '*' }],
    },
    ...taskDefinitionStatements<EcsDeployTargets>(),
  ],
  denied: t => [
    { action: 'ecs:UpdateService', resource: `${t.ecs}:service/${t.clusterName}/intruder`, reason: 'another service of the cluster' },
    ...deniedTaskDefinitionCalls(t),
    { action: 'ecs:DescribeTasks', resource: `${t.ecs}:task/intruder/0123456789abcdef`, reason: 'tasks of another cluster' },
  ],
};

export class EcsDeploy extends ProviderAction<EcsDeployOptions, EcsDeployTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = ECS_DEPLOY_IAM;

  constructor(options: EcsDeployOptions) {
    super(options);
    this.defaultActionName = 'DeployECS';
  }

  protected targets(scope: Construct, context: IStepContext): EcsDeployTargets {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    const imageFile = o.imageFile ?? 'imagedefinitions.json';
    checkDeclaredRead(scope, input, imageFile, 'the image definitions file', 'ImageFileNotDeclared');
    const service = o.service;
    const taskDefinition = o.taskDefinition ?? (service instanceof ecs.BaseService ? service.taskDefinition : undefined);
    return {
      ...taskDefinitionTargets(scope, { ...o, taskDefinition }, service.env.account, service.serviceName),
      input,
      imageFile,
      // The service's ARN in the format IAM matches (`service/<cluster>/<name>`), built here: the ARN
      // aws-cdk-lib gives an imported service depends on a feature flag
      // (@aws-cdk/aws-ecs:arnFormatIncludesClusterName) and is `service/<name>` without it.
      serviceArn: ecsServiceArn(service),
      clusterName: service.cluster.clusterName,
      clusterArn: service.cluster.clusterArn,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: EcsDeployTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.EcsDeployAction({
      ...base,
      service: this.options.service,
      imageFile: new codepipeline.ArtifactPath(t.input, t.imageFile),
      deploymentTimeout: this.options.deploymentTimeout,
    })];
  }
}

/**
 * The ARN of a service in the long format (`service/<cluster>/<name>`), the only one IAM matches,
 * whatever the app's feature flags: from the service's own cluster, region and account.
 */
export function ecsServiceArn(service: ecs.IBaseService): string {
  return Stack.of(service).formatArn({
    service: 'ecs',
    resource: 'service',
    resourceName: `${service.cluster.clusterName}/${service.serviceName}`,
    account: service.env.account,
    region: service.env.region,
  });
}

/** The family of a task definition ARN (`arn:...:task-definition/<family>:<revision>`), also for tokens. */
function familyOf(taskDefinitionArn: string): string {
  const resourceName = Arn.split(taskDefinitionArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName ?? '*';
  return Fn.select(0, Fn.split(':', resourceName));
}

/**
 * The service a file's ECS action deploys: PipelineFileOptions.services (by ServiceName, the action's name, or
 * `default`), else imported from ClusterName and ServiceName; its task definition from
 * PipelineFileOptions.taskDefinitions under the same name, when given (it narrows the grants).
 */
function fromFile(a: ActionContext): StepFactory | undefined {
  const services = a.options.services ?? {};
  const key = [a.config.ServiceName, a.name, 'default'].find(k => k !== undefined && services[k] !== undefined);
  // Without a service in PipelineFileOptions.services, the keys name the one to import (left out: deploy-time parameters).
  const clusterName = a.config.ClusterName ?? (key === undefined
    ? a.deployTimeValue('ClusterName', "'shop' (or pass the service in PipelineFileOptions.services)", 'the cluster of the service to deploy') : undefined);
  const serviceName = a.config.ServiceName ?? (key === undefined
    ? a.deployTimeValue('ServiceName', "'shop-web' (or pass the service in PipelineFileOptions.services)", 'the service to deploy') : undefined);
  const timeout = a.config.DeploymentTimeout;
  const taskDefinitions = a.options.taskDefinitions ?? {};
  const taskDefinition = [key, serviceName, a.name, 'default'].map(k => (k !== undefined ? taskDefinitions[k] : undefined)).find(t => t !== undefined);
  const input = a.inputs[0];
  if (key === undefined && (clusterName === undefined || serviceName === undefined)) return undefined;
  // Deploy.ecs at call time (deploy.ts imports this module).
  return scope => Deploy.ecs({
    actionName: a.name,
    runOrder: a.data.runOrder,
    service: key !== undefined ? services[key] : ecs.FargateService.fromFargateServiceAttributes(scope, 'Service', {
      cluster: ecs.Cluster.fromClusterArn(scope, 'Cluster', Stack.of(scope).formatArn({ service: 'ecs', resource: 'cluster', resourceName: clusterName! })),
      serviceName: serviceName!,
    }),
    taskDefinition,
    imageFile: a.config.FileName,
    input: input !== undefined ? a.inputRef(input) : undefined,
    deploymentTimeout: timeout !== undefined ? Duration.minutes(Number(timeout)) : undefined,
  });
}

/** The Amazon ECS (standard) deploy provider (action reference: ECS). */
export const ECS_DEPLOY_PROVIDER: ProviderDefinition = {
  title: 'Amazon ECS deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'ECS',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html',
  factory: 'Deploy.ecs',
  iam: [ECS_DEPLOY_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ClusterName', kind: KeyKind.STRING, option: 'service', description: "The service's ECS cluster. CodePipeline requires it; the library writes the cluster of the PipelineFileOptions.services service when it is left out.", example: 'shop' },
    { name: 'ServiceName', kind: KeyKind.STRING, option: 'service', description: 'The ECS service to deploy: the PipelineFileOptions.services entry of that name, else imported by name. CodePipeline requires it; the library writes the name of the PipelineFileOptions.services service when it is left out.', example: 'shop-web' },
    { name: 'FileName', kind: KeyKind.STRING, option: 'imageFile', description: 'The image definitions file in the input artifact (imagedefinitions.json when left out).', example: 'imagedefinitions.json' },
    { name: 'DeploymentTimeout', kind: KeyKind.INTEGER, min: 1, max: 60, option: 'deploymentTimeout', description: 'The deployment timeout in minutes (60 when left out).', example: '15' },
  ],
  fromFile,
};
