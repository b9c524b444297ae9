import { Arn, ArnFormat, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { newActionRole } from '../private/action-role';
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
    const service = this.options.service;
    const taskDefinition = this.options.taskDefinition ?? (service instanceof ecs.BaseService ? service.taskDefinition : undefined);
    if (!taskDefinition) {
      fail(scope, 'EcsTaskDefinitionUnknown',
        "the service is imported, so its task definition is unknown: pass 'taskDefinition' so the deployment may pass exactly its roles to ECS");
    }
    const stack = Stack.of(scope);
    const family = taskDefinition instanceof ecs.TaskDefinition ? taskDefinition.family : familyOf(taskDefinition.taskDefinitionArn);
    const passRoles = [taskDefinition.taskRole, taskDefinition.executionRole].filter((r): r is iam.IRole => r !== undefined);

    const statements = [
      new iam.PolicyStatement({
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: [service.serviceArn],
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
      // RegisterTaskDefinition and DescribeTaskDefinition support no resource-level permissions in IAM.
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:*` })],
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

    const action = new actions.EcsDeployAction({
      actionName: context.actionName,
      runOrder: context.runOrder,
      service,
      imageFile: new codepipeline.ArtifactPath(input, this.options.imageFile ?? 'imagedefinitions.json'),
      deploymentTimeout: this.options.deploymentTimeout,
      role: forAction,
    });
    return { actions: [action] };
  }
}

/** The family of a task definition ARN (`arn:...:task-definition/<family>:<revision>`), also for tokens. */
function familyOf(taskDefinitionArn: string): string {
  const resourceName = Arn.split(taskDefinitionArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName ?? '*';
  return Fn.select(0, Fn.split(':', resourceName));
}
