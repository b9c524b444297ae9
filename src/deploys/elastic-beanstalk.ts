import { Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

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
    checkArtifactBounds(scope, context, 'ElasticBeanstalk', { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 }, 1, 0);
    const stack = Stack.of(scope);
    const eb = (resource: string, resourceName: string) => stack.formatArn({ service: 'elasticbeanstalk', resource, resourceName });
    const storageBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
    const statements = [
      new iam.PolicyStatement({
        actions: ['elasticbeanstalk:CreateApplicationVersion', 'elasticbeanstalk:DescribeApplicationVersions'],
        resources: [eb('application', o.applicationName), eb('applicationversion', `${o.applicationName}/*`)],
      }),
      new iam.PolicyStatement({
        actions: ['elasticbeanstalk:UpdateEnvironment', 'elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:DescribeEvents'],
        resources: [eb('application', o.applicationName), eb('environment', `${o.applicationName}/${o.environmentName}`),
          eb('applicationversion', `${o.applicationName}/*`)],
      }),
      // CreateStorageLocation supports no resource-level permissions; it returns the account's
      // elasticbeanstalk-<region>-<account> bucket, which the statement below scopes to.
      new iam.PolicyStatement({ actions: ['elasticbeanstalk:CreateStorageLocation'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:GetObjectAcl', 's3:PutObjectAcl', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [storageBucket, `${storageBucket}/*`],
      }),
      // Elastic Beanstalk updates the environment's own CloudFormation stack and Auto Scaling group
      // (named awseb-*) with the caller's permissions.
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResource',
          'cloudformation:DescribeStackResources', 'cloudformation:GetTemplate', 'cloudformation:UpdateStack', 'cloudformation:CancelUpdateStack'],
        resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: 'awseb-*' })],
      }),
      new iam.PolicyStatement({
        actions: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'autoscaling:UpdateAutoScalingGroup'],
        resources: [stack.formatArn({ service: 'autoscaling', resource: 'autoScalingGroup', resourceName: '*:autoScalingGroupName/awseb-*' })],
      }),
      // Describe actions of Auto Scaling, EC2 and Elastic Load Balancing support no resource-level permissions.
      new iam.PolicyStatement({
        actions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities',
          'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
          'elasticloadbalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth'],
        resources: ['*'],
      }),
    ];
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
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
