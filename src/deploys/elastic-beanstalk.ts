import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

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

export class ElasticBeanstalkDeploy extends StepImplementation {
  public readonly defaultActionName = 'DeployBeanstalk';

  constructor(public readonly options: ElasticBeanstalkDeployOptions) {
    super(options);
    for (const key of ['applicationName', 'environmentName'] as const) {
      if (!Token.isUnresolved(options[key]) && (!options[key] || options[key].trim() === '')) {
        fail(undefined, 'BeanstalkMissing', `Deploy.elasticBeanstalk: '${key}' is ${show(options[key])}: give the Elastic Beanstalk ${key.replace('Name', '')} to deploy to`);
      }
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'ElasticBeanstalk', ELASTIC_BEANSTALK_PROVIDER.bounds, 1, 0);
    const stack = Stack.of(scope);
    const eb = (resource: string, resourceName: string) => stack.formatArn({ service: 'elasticbeanstalk', resource, resourceName });
    const application = eb('application', o.applicationName);
    const environment = eb('environment', `${o.applicationName}/${o.environmentName}`);
    const versions = eb('applicationversion', `${o.applicationName}/*`);
    const storageBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
    const awsebStacks = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: 'awseb-*' });
    // Auto Scaling group ARNs are `autoScalingGroup:<id>:autoScalingGroupName/<name>`; Elastic Beanstalk names its groups awseb-*.
    const awsebGroups = stack.formatArn({
      service: 'autoscaling', resource: 'autoScalingGroup', resourceName: '*:autoScalingGroupName/awseb-*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // Each statement pairs actions with the resource types they take (application, application version, environment).
    const statements = [
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:CreateApplicationVersion'], resources: [application, versions] }),
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:DescribeApplicationVersions'], resources: [versions] }),
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:UpdateEnvironment', 'elasticbeanstalk:DescribeEnvironments'], resources: [environment] }),
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:DescribeEvents'], resources: [application, environment, versions] }),
      // CreateStorageLocation supports no resource-level permissions; it returns the account's
      // elasticbeanstalk-<region>-<account> bucket, which the statements below scope to.
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:CreateStorageLocation'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:GetObjectAcl', 's3:PutObjectAcl'], resources: [`${storageBucket}/*`] }),
      new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [storageBucket] }),
      // Elastic Beanstalk updates the environment's own CloudFormation stack and Auto Scaling group
      // (named awseb-*) with the caller's permissions.
      new iam.PolicyStatement({
        actions: EB_STACK_ACTIONS,
        resources: [awsebStacks],
      }),
      new iam.PolicyStatement({ actions: EB_GROUP_ACTIONS, resources: [awsebGroups] }),
      // Describe actions of Auto Scaling, EC2 and Elastic Load Balancing support no resource-level permissions.
      new iam.PolicyStatement({ actions: EB_DESCRIBE_ACTIONS, resources: ['*'] }),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });

    const call = (action: string, resource: string, documentation = BEANSTALK_DOC): DocumentedCall => ({ action, resource, documentation });
    const version = eb('applicationversion', `${o.applicationName}/release-1`);
    const bundle = `${storageBucket}/${o.applicationName}/release-1.zip`;
    const envStack = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: 'awseb-e-abc123def4-stack/0a1b2c3d-4e5f-6789-abcd-ef0123456789' });
    const group = (name: string) => stack.formatArn({
      service: 'autoscaling',
      resource: 'autoScalingGroup',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/${name}`,
    });
    DocumentedCalls.add(role,
      call('elasticbeanstalk:CreateStorageLocation', '*'),
      ...['s3:PutObject', 's3:GetObject', 's3:GetObjectAcl', 's3:PutObjectAcl'].map(a => call(a, bundle)),
      ...['s3:ListBucket', 's3:GetBucketLocation'].map(a => call(a, storageBucket)),
      call('elasticbeanstalk:CreateApplicationVersion', version),
      call('elasticbeanstalk:DescribeApplicationVersions', version),
      call('elasticbeanstalk:UpdateEnvironment', environment),
      call('elasticbeanstalk:DescribeEnvironments', environment),
      call('elasticbeanstalk:DescribeEvents', environment, BEANSTALK_EVENTS_DOC),
      ...EB_STACK_ACTIONS.map(a => call(a, envStack)),
      ...EB_GROUP_ACTIONS.map(a => call(a, group('awseb-e-abc123def4-stack-AWSEBAutoScalingGroup-0A1B2C3D4E5F'))),
      ...EB_DESCRIBE_ACTIONS.map(a => call(a, '*')),
    );
    DocumentedCalls.addDenied(role,
      { action: 'elasticbeanstalk:UpdateEnvironment', resource: eb('environment', `${o.applicationName}/intruder`), reason: 'another environment of the application' },
      { action: 'elasticbeanstalk:TerminateEnvironment', resource: environment, reason: 'the pipeline never terminates the environment' },
      { action: 'autoscaling:UpdateAutoScalingGroup', resource: group('intruder'), reason: 'an Auto Scaling group Elastic Beanstalk does not manage' },
    );
    return {
      actions: [new actions.ElasticBeanstalkDeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        applicationName: o.applicationName,
        environmentName: o.environmentName,
        input,
        role: forAction,
      })],
    };
  }
}

/** The Elastic Beanstalk action's reference page; its "Service role permissions" section lists these services' calls. */
const BEANSTALK_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html#edit-role-beanstalk';
/** "Without this permission, AWS Elastic Beanstalk deploy actions hang without failing". */
const BEANSTALK_EVENTS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#troubleshooting-aeb2';

const EB_STACK_ACTIONS = ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResources', 'cloudformation:GetTemplate', 'cloudformation:UpdateStack', 'cloudformation:CancelUpdateStack'];
const EB_GROUP_ACTIONS = ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'autoscaling:UpdateAutoScalingGroup'];
const EB_DESCRIBE_ACTIONS = ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities',
  'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
  'elasticloadbalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth'];

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
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ApplicationName', required: true, kind: KeyKind.STRING, option: 'applicationName', description: 'The Elastic Beanstalk application.', example: 'shop' },
    { name: 'EnvironmentName', required: true, kind: KeyKind.STRING, option: 'environmentName', description: 'The environment of the application to deploy to.', example: 'shop-prod' },
  ],
  fromFile,
};
