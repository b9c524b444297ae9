import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { checkDeclaredRead } from '../private/declared-files';
import { fail } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

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

  /** The service's task definition, whose task and execution roles the deployment passes to ECS (and nothing else). */
  readonly taskDefinition: ecs.ITaskDefinition;

  /**
   * The artifact holding the task definition template and the AppSpec file.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

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
    checkArtifactBounds(scope, context, 'CodeDeploy', { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 }, 1, 0);
    const { role, forAction } = newActionRole(scope, context, deploymentStatements(group));
    context.artifactBucket.grantRead(role);
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
    checkDeclaredRead(scope, input, o.appSpecFile ?? 'appspec.yaml', 'the AppSpec file', 'AppSpecFileNotDeclared');
    const images = (o.images ?? []).map(i => ({ input: context.artifact(i.input), taskDefinitionPlaceholder: i.placeholder }));
    // CodeDeploy reads each image's URI from the imageDetail.json of its artifact.
    images.forEach(i => checkDeclaredRead(scope, i.input, 'imageDetail.json', 'the image detail file', 'ImageFileNotDeclared'));
    const distinctInputs = new Set([input, ...images.map(i => i.input)]).size;
    checkArtifactBounds(scope, context, 'CodeDeployToECS', { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 0 }, distinctInputs, 0);
    const passRoles = [o.taskDefinition.taskRole, o.taskDefinition.executionRole].filter((r): r is iam.IRole => r !== undefined);
    const statements = [
      ...deploymentStatements(o.deploymentGroup),
      // RegisterTaskDefinition supports no resource-level permissions in IAM.
      new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: passRoles.map(r => r.roleArn),
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
      }),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    return {
      actions: [new actions.CodeDeployEcsDeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        deploymentGroup: o.deploymentGroup,
        taskDefinitionTemplateFile: new codepipeline.ArtifactPath(input, o.taskDefinitionFile ?? 'taskdef.json'),
        appSpecTemplateFile: new codepipeline.ArtifactPath(input, o.appSpecFile ?? 'appspec.yaml'),
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
