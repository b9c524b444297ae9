import { Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds, pipelineLogStatements, requireV2 } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.ec2`. */
export interface Ec2DeployOptions extends StepOptions {
  /** The tag key that selects the instances to deploy to. */
  readonly instanceTagKey: string;

  /**
   * The tag value that selects the instances.
   *
   * @default - every instance that has the tag key
   */
  readonly instanceTagValue?: string;

  /**
   * Whether the targets are EC2 instances or SSM managed nodes.
   *
   * @default actions.Ec2InstanceType.EC2
   */
  readonly instanceType?: actions.Ec2InstanceType;

  /** The absolute folder on the instances to copy the artifact to, e.g. `/home/ec2-user/app`. */
  readonly targetDirectory: string;

  /**
   * A script in the artifact to run before the files are copied.
   *
   * @default - none
   */
  readonly preScript?: string;

  /** A script in the artifact that starts the new version, e.g. `scripts/start.sh`. */
  readonly postScript: string;

  /**
   * How many instances are deployed to at a time.
   *
   * @default - CodePipeline's default (all at once)
   */
  readonly maxBatch?: actions.Ec2MaxInstances;

  /**
   * How many instances may fail before the deployment fails.
   *
   * @default - CodePipeline's default
   */
  readonly maxError?: actions.Ec2MaxInstances;

  /**
   * Target groups the instances are deregistered from during their deployment.
   *
   * @default - none
   */
  readonly targetGroups?: elbv2.ITargetGroup[];

  /**
   * The artifact to deploy.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

export class Ec2Deploy extends StepImplementation {
  public readonly defaultActionName = 'DeployEC2';

  constructor(public readonly options: Ec2DeployOptions) {
    super(options);
    if (!Token.isUnresolved(options.instanceTagKey) && (!options.instanceTagKey || options.instanceTagKey.trim() === '')) {
      fail(undefined, 'Ec2TagKey', `Deploy.ec2: instanceTagKey is ${show(options.instanceTagKey)}: give the tag key that selects the instances, e.g. 'App'`);
    }
    if (!Token.isUnresolved(options.targetDirectory) && !options.targetDirectory.startsWith('/')) {
      fail(undefined, 'Ec2TargetDirectory', `Deploy.ec2: targetDirectory must be an absolute path, got ${show(options.targetDirectory)}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'EC2');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'EC2', { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 }, 1, 0);
    const stack = Stack.of(scope);
    const tag = `aws:ResourceTag/${o.instanceTagKey}`;
    const statements = [
      // These Describe/List actions and CancelCommand support no resource-level permissions.
      new iam.PolicyStatement({
        actions: ['ec2:DescribeInstances', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth', 'ssm:CancelCommand', 'ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
        conditions: o.instanceTagValue ? { StringEquals: { [tag]: o.instanceTagValue } } : { Null: { [tag]: 'false' } },
      }),
      new iam.PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [
          stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: 'AWS-RunPowerShellScript' }),
          stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: 'AWS-RunShellScript' }),
        ],
      }),
      ...pipelineLogStatements(scope, context),
    ];
    if (o.targetGroups && o.targetGroups.length > 0) {
      statements.push(new iam.PolicyStatement({
        actions: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        resources: o.targetGroups.map(tg => tg.targetGroupArn),
      }));
    }
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    return {
      actions: [new actions.Ec2DeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        input,
        role: forAction,
        instanceTagKey: o.instanceTagKey,
        instanceTagValue: o.instanceTagValue,
        instanceType: o.instanceType ?? actions.Ec2InstanceType.EC2,
        deploySpecifications: actions.Ec2DeploySpecifications.inline({
          targetDirectory: o.targetDirectory,
          preScript: o.preScript,
          postScript: o.postScript,
        }),
        maxBatch: o.maxBatch,
        maxError: o.maxError,
        targetGroups: o.targetGroups,
      })],
    };
  }
}
