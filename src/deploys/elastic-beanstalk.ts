import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Deploy.elasticBeanstalk`. */
export interface ElasticBeanstalkDeployOptions extends StepOptions {
  /** The Elastic Beanstalk application's name. */
  readonly applicationName: string;

  /** The environment to deploy to. */
  readonly environmentName: string;

  /**
   * The source bundle to deploy.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** What the Elastic Beanstalk deploy's IAM and action read, resolved from its options. */
interface ElasticBeanstalkDeployTargets {
  readonly input: codepipeline.Artifact;
  readonly application: string;
  readonly environment: string;
  /** The application's versions (`applicationversion/<application>/*`). */
  readonly versions: string;
  /** The version the deployment creates, for the calls. */
  readonly version: string;
  /** The account's `elasticbeanstalk-<region>-<account>` bucket, which CreateStorageLocation returns. */
  readonly storageBucket: string;
  /** The source bundle the deployment stores there, for the calls. */
  readonly bundle: string;
  /** Elastic Beanstalk's stacks (`stack/awseb-*`) and one of them, for the calls. */
  readonly awsebStacks: string;
  readonly awsebStack: string;
  /** Elastic Beanstalk's Auto Scaling groups (`autoScalingGroup:*:autoScalingGroupName/awseb-*`), the environment's, and one it does not manage. */
  readonly awsebGroups: string;
  readonly awsebGroup: string;
  readonly otherGroup: string;
  /** Another environment of the application. */
  readonly otherEnvironment: string;
}

const EB_STACK_ACTIONS = ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResources', 'cloudformation:GetTemplate', 'cloudformation:UpdateStack', 'cloudformation:CancelUpdateStack'];
const EB_GROUP_ACTIONS = ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'autoscaling:UpdateAutoScalingGroup'];
const EB_DESCRIBE_ACTIONS = ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities',
  'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
  'elasticloadbalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth'];

/**
 * The Elastic Beanstalk deploy's IAM (the page's "Service role permissions"), with the calls it makes.
 * Each statement pairs actions with the resource types they take (application, application version, environment).
 */
export const ELASTIC_BEANSTALK_IAM: ProviderIam<ElasticBeanstalkDeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html#edit-role-beanstalk',
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: ['elasticbeanstalk:CreateApplicationVersion'],
      resources: t => [t.application, t.versions],
      calls: t => [{ resource: t.version }],
    },
    {
      actions: ['elasticbeanstalk:DescribeApplicationVersions'],
      resources: t => [t.versions],
      calls: t => [{ resource: t.version }],
    },
    {
      actions: ['elasticbeanstalk:UpdateEnvironment', 'elasticbeanstalk:DescribeEnvironments'],
      resources: t => [t.environment],
    },
    {
      actions: ['elasticbeanstalk:CreateStorageLocation'],
      resources: () => ['*'],
      unscoped: "CreateStorageLocation supports no resource-level permissions; it returns the account's " +
        'elasticbeanstalk-<region>-<account> bucket, which the statements below scope to.',
      calls: () => [{ resource: '*' }],
    },
    {
      actions: ['s3:GetObject', 's3:PutObject', 's3:GetObjectAcl', 's3:PutObjectAcl'],
      resources: t => [`${t.storageBucket}/*`],
      calls: t => [{ resource: t.bundle }],
    },
    {
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: t => [t.storageBucket],
    },
    // Elastic Beanstalk updates the environment's own CloudFormation stack and Auto Scaling group
    // (named awseb-*) with the caller's permissions.
    {
      actions: EB_STACK_ACTIONS,
      resources: t => [t.awsebStacks],
      calls: t => [{ resource: t.awsebStack }],
    },
    {
      actions: EB_GROUP_ACTIONS,
      resources: t => [t.awsebGroups],
      calls: t => [{ resource: t.awsebGroup }],
    },
    {
      actions: EB_DESCRIBE_ACTIONS,
      resources: () => ['*'],
      unscoped: 'Describe actions of Auto Scaling, EC2 and Elastic Load Balancing support no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
    // Documented on the troubleshooting page: "Without this permission, AWS Elastic Beanstalk deploy
    // actions hang without failing".
    {
      actions: ['elasticbeanstalk:DescribeEvents'],
      resources: t => [t.application, t.environment, t.versions],
      calls: t => [{ resource: t.environment, documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#troubleshooting-aeb2' }],
    },
  ],
  denied: t => [
    { action: 'elasticbeanstalk:UpdateEnvironment', resource: t.otherEnvironment, reason: 'another environment of the application' },
    { action: 'elasticbeanstalk:TerminateEnvironment', resource: t.environment, reason: 'the pipeline never terminates the environment' },
    { action: 'autoscaling:UpdateAutoScalingGroup', resource: t.otherGroup, reason: 'an Auto Scaling group Elastic Beanstalk does not manage' },
  ],
};

/** The Elastic Beanstalk deploy. */
export class ElasticBeanstalkDeploy extends ProviderAction<ElasticBeanstalkDeployOptions, ElasticBeanstalkDeployTargets> {
  public readonly defaultActionName = 'DeployBeanstalk';
  protected readonly permissions = ELASTIC_BEANSTALK_IAM;

  constructor(options: ElasticBeanstalkDeployOptions) {
    super(options);
    for (const key of ['applicationName', 'environmentName'] as const) {
      if (!Token.isUnresolved(options[key]) && (!options[key] || options[key].trim() === '')) {
        fail(undefined, 'BeanstalkMissing', `Deploy.elasticBeanstalk: '${key}' is ${show(options[key])}: give the Elastic Beanstalk ${key.replace('Name', '')} to deploy to`);
      }
    }
  }

  protected bound(_scope: Construct, _context: IStepContext, t: ElasticBeanstalkDeployTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.ElasticBeanstalkDeployAction({
      ...base,
      applicationName: this.options.applicationName,
      environmentName: this.options.environmentName,
      input: t.input,
    })];
  }

  protected targets(scope: Construct, context: IStepContext): ElasticBeanstalkDeployTargets {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    const stack = Stack.of(scope);
    const eb = (resource: string, resourceName: string) => stack.formatArn({ service: 'elasticbeanstalk', resource, resourceName });
    const stackArn = (name: string) => stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: name });
    // Auto Scaling group ARNs are `autoScalingGroup:<id>:autoScalingGroupName/<name>`; Elastic Beanstalk names its groups awseb-*.
    const group = (id: string, name: string) => stack.formatArn({
      service: 'autoscaling', resource: 'autoScalingGroup', resourceName: `${id}:autoScalingGroupName/${name}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const storageBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
    return {
      input,
      application: eb('application', o.applicationName),
      environment: eb('environment', `${o.applicationName}/${o.environmentName}`),
      versions: eb('applicationversion', `${o.applicationName}/*`),
      version: eb('applicationversion', `${o.applicationName}/release-1`),
      storageBucket,
      bundle: `${storageBucket}/${o.applicationName}/release-1.zip`,
      awsebStacks: stackArn('awseb-*'),
      awsebStack: stackArn('awseb-e-abc123def4-stack/0a1b2c3d-4e5f-6789-abcd-ef0123456789'),
      awsebGroups: group('*', 'awseb-*'),
      awsebGroup: group('0a1b2c3d-4e5f-6789-abcd-ef0123456789', 'awseb-e-abc123def4-stack-AWSEBAutoScalingGroup-0A1B2C3D4E5F'),
      otherGroup: group('0a1b2c3d-4e5f-6789-abcd-ef0123456789', 'intruder'),
      otherEnvironment: eb('environment', `${o.applicationName}/intruder`),
    };
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const applicationName = a.config.ApplicationName;
  const environmentName = a.config.EnvironmentName;
  const input = a.inputs[0];
  if (applicationName === undefined || environmentName === undefined) return undefined;
  // Deploy.elasticBeanstalk at call time (deploy.ts imports this module).
  return () => Deploy.elasticBeanstalk({
    actionName: a.name,
    runOrder: a.data.runOrder,
    applicationName,
    environmentName,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The AWS Elastic Beanstalk deploy provider (action reference: Beanstalk). */
export const ELASTIC_BEANSTALK_PROVIDER: ProviderDefinition = {
  title: 'AWS Elastic Beanstalk deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'ElasticBeanstalk',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html',
  factory: 'Deploy.elasticBeanstalk',
  iam: [ELASTIC_BEANSTALK_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ApplicationName', required: true, kind: KeyKind.STRING, option: 'applicationName', description: 'The Elastic Beanstalk application.', example: 'shop' },
    { name: 'EnvironmentName', required: true, kind: KeyKind.STRING, option: 'environmentName', description: 'The environment of the application to deploy to.', example: 'shop-prod' },
  ],
  fromFile,
};
