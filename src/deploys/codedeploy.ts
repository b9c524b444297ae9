import { Arn, ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
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
    checkDeclaredRead(scope, input, o.appSpecFile ?? 'appspec.yaml', 'the AppSpec file', 'AppSpecFileNotDeclared');
    const images = (o.images ?? []).map(i => ({ input: context.artifact(i.input), taskDefinitionPlaceholder: i.placeholder }));
    // CodeDeploy reads each image's URI from the imageDetail.json of its artifact.
    images.forEach(i => checkDeclaredRead(scope, i.input, 'imageDetail.json', 'the image detail file', 'ImageFileNotDeclared'));
    const distinctInputs = new Set([input, ...images.map(i => i.input)]).size;
    checkArtifactBounds(scope, context, 'CodeDeployToECS', { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 0 }, distinctInputs, 0);
    const passRoles = [o.taskDefinition.taskRole, o.taskDefinition.executionRole].filter((r): r is iam.IRole => r !== undefined);
    const stack = Stack.of(scope);
    const family = o.taskDefinition instanceof ecs.TaskDefinition ? o.taskDefinition.family : familyOf(o.taskDefinition.taskDefinitionArn);
    const taskDefinitionArn = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:*` });
    const statements = [
      ...deploymentStatements(o.deploymentGroup),
      // New revisions of the service's task definition family only (taskdef.json names the family).
      new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: [taskDefinitionArn] }),
      new iam.PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: [taskDefinitionArn],
        conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
      }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: passRoles.map(r => r.roleArn),
        conditions: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
      }),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const arns = codeDeployArns(o.deploymentGroup);
    const call = (action: string, resource: string, ctx?: { [key: string]: string }): DocumentedCall =>
      ({ action, resource, documentation: CODEDEPLOY_ECS_DOC, context: ctx });
    const revision = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:2` });
    DocumentedCalls.add(role,
      ...['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'].map(a => call(a, arns.application)),
      ...['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'].map(a => call(a, arns.group)),
      call('codedeploy:GetDeploymentConfig', arns.config),
      call('ecs:RegisterTaskDefinition', revision),
      call('ecs:TagResource', revision, { 'ecs:CreateAction': 'RegisterTaskDefinition' }),
      ...passRoles.map(r => call('iam:PassRole', r.roleArn, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })),
    );
    recordDeniedCodeDeployCalls(role, o.deploymentGroup);
    DocumentedCalls.addDenied(role,
      { action: 'ecs:RegisterTaskDefinition', resource: stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: 'intruder:1' }), reason: "another service's task definition family" });
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
