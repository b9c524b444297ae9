import { Arn, ArnFormat, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { checkDeclaredRead } from '../private/declared-files';
import { fail } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.ecs`. */
export interface EcsDeployOptions extends StepOptions {
  /** The service to update. */
  readonly service: ecs.IBaseService;

  /**
   * The service's task definition, whose task and execution roles the deployment passes to ECS.
   * Needed only when `service` is imported (not an `ecs.BaseService` of this app).
   *
   * @default - the service's own task definition
   */
  readonly taskDefinition?: ecs.ITaskDefinition;

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
   * How long the deployment may take (1 to 60 minutes).
   *
   * @default Duration.minutes(60)
   */
  readonly deploymentTimeout?: Duration;
}

export class EcsDeploy extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(public readonly options: EcsDeployOptions) {
    super(options);
    this.defaultActionName = 'DeployECS';
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const input = context.artifact(this.options.input ?? PipelineArtifact.BUILD_OUTPUT);
    const imageFile = this.options.imageFile ?? 'imagedefinitions.json';
    checkDeclaredRead(scope, input, imageFile, 'the image definitions file', 'ImageFileNotDeclared');
    const service = this.options.service;
    const taskDefinition = this.options.taskDefinition ?? (service instanceof ecs.BaseService ? service.taskDefinition : undefined);
    if (!taskDefinition) {
      fail(scope, 'EcsTaskDefinitionUnknown',
        "the service is imported, so its task definition is unknown: pass 'taskDefinition' so the deployment may pass exactly its roles to ECS");
    }
    const stack = Stack.of(scope);
    const family = taskDefinition instanceof ecs.TaskDefinition ? taskDefinition.family : familyOf(taskDefinition.taskDefinitionArn);
    const passRoles = [taskDefinition.taskRole, taskDefinition.executionRole].filter((r): r is iam.IRole => r !== undefined);

    // The service's ARN in the format IAM matches (`service/<cluster>/<name>`), built here: the ARN
    // aws-cdk-lib gives an imported service depends on a feature flag
    // (@aws-cdk/aws-ecs:arnFormatIncludesClusterName) and is `service/<name>` without it.
    const serviceArn = ecsServiceArn(service);
    const taskDefinitionArn = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:*` });
    const statements = [
      new iam.PolicyStatement({
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: [serviceArn],
      }),
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${service.cluster.clusterName}/*` })],
      }),
      // ecs:ListTasks has no task resource type; it is limited to the service's cluster by condition.
      new iam.PolicyStatement({
        actions: ['ecs:ListTasks'],
        resources: ['*'],
        conditions: { ArnEquals: { 'ecs:cluster': service.cluster.clusterArn } },
      }),
      // DescribeTaskDefinition supports no resource-level permissions in IAM.
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTaskDefinition'],
        resources: ['*'],
      }),
      // New revisions of the service's task definition family only.
      new iam.PolicyStatement({
        actions: ['ecs:RegisterTaskDefinition'],
        resources: [taskDefinitionArn],
      }),
      new iam.PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: [taskDefinitionArn],
        conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
      }),
    ];
    if (passRoles.length > 0) {
      statements.push(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: passRoles.map(r => r.roleArn),
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
      }));
    }
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const cluster = service.cluster.clusterArn;
    const revision = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:2` });
    DocumentedCalls.add(role,
      { action: 'ecs:DescribeServices', resource: serviceArn, documentation: ECS_DOC },
      { action: 'ecs:UpdateService', resource: serviceArn, documentation: ECS_DOC },
      { action: 'ecs:DescribeTaskDefinition', resource: '*', documentation: ECS_DOC },
      { action: 'ecs:RegisterTaskDefinition', resource: revision, documentation: ECS_DOC },
      { action: 'ecs:TagResource', resource: revision, documentation: ECS_DOC, context: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
      { action: 'ecs:ListTasks', resource: stack.formatArn({ service: 'ecs', resource: 'container-instance', resourceName: `${service.cluster.clusterName}/0123456789abcdef` }), documentation: ECS_DOC, context: { 'ecs:cluster': cluster } },
      { action: 'ecs:DescribeTasks', resource: stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${service.cluster.clusterName}/0123456789abcdef` }), documentation: ECS_DOC },
      ...passRoles.map(r => ({ action: 'iam:PassRole', resource: r.roleArn, documentation: ECS_DOC, context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } })),
    );
    DocumentedCalls.addDenied(role,
      { action: 'ecs:UpdateService', resource: stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${service.cluster.clusterName}/intruder` }), reason: 'another service of the cluster' },
      { action: 'ecs:RegisterTaskDefinition', resource: stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: 'intruder:1' }), reason: "another service's task definition family" },
      { action: 'ecs:DescribeTasks', resource: stack.formatArn({ service: 'ecs', resource: 'task', resourceName: 'intruder/0123456789abcdef' }), reason: 'tasks of another cluster' },
    );

    const action = new actions.EcsDeployAction({
      actionName: context.actionName,
      runOrder: context.runOrder,
      service,
      imageFile: new codepipeline.ArtifactPath(input, imageFile),
      deploymentTimeout: this.options.deploymentTimeout,
      role: forAction,
    });
    return { actions: [action] };
  }
}

/** The ECS deploy action's reference page: its "Service role permissions" section lists these calls. */
const ECS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html#edit-role-ECS';

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
