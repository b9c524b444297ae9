import { Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../private/action-checks';
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
    const instanceType = o.instanceType ?? actions.Ec2InstanceType.EC2;
    // EC2 instances are `ec2:...:instance/<id>`; SSM managed nodes (hybrid) `ssm:...:managed-instance/<id>`.
    const targets = (id: string) => instanceType === actions.Ec2InstanceType.SSM_MANAGED_NODE
      ? stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: id })
      : stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: id });
    const documents = ['AWS-RunPowerShellScript', 'AWS-RunShellScript'];
    const document = (name: string) => stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: name });
    const statements = [
      // These Describe/List actions and CancelCommand support no resource-level permissions.
      new iam.PolicyStatement({ actions: EC2_DEPLOY_WILDCARD_ACTIONS, resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [targets('*')],
        conditions: o.instanceTagValue ? { StringEquals: { [tag]: o.instanceTagValue } } : { Null: { [tag]: 'false' } },
      }),
      new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: documents.map(document) }),
      ...pipelineLogStatements(scope, context),
    ];
    const targetGroups = o.targetGroups ?? [];
    if (targetGroups.length > 0) {
      statements.push(new iam.PolicyStatement({
        actions: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        resources: targetGroups.map(tg => tg.targetGroupArn),
      }));
    }
    const { role, forAction } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const call = (action: string, resource: string, ctx?: { [key: string]: string }): DocumentedCall =>
      ({ action, resource, documentation: EC2_DEPLOY_DOC, context: ctx });
    const instance = targets(instanceType === actions.Ec2InstanceType.SSM_MANAGED_NODE ? 'mi-0123456789abcdef0' : 'i-0123456789abcdef0');
    DocumentedCalls.add(role,
      ...EC2_DEPLOY_WILDCARD_ACTIONS.map(a => call(a, '*')),
      call('ssm:SendCommand', instance, { [tag]: o.instanceTagValue ?? 'any value' }),
      // SendCommand on the AWS-owned documents is granted but not recorded: their ARNs have no account
      // (`ssm:<region>::document/<name>`), which the simulator matches to no resource type.
      ...pipelineLogCalls(scope, context, EC2_DEPLOY_DOC),
      ...targetGroups.flatMap(tg => ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'].map(a => call(a, tg.targetGroupArn))),
    );
    DocumentedCalls.addDenied(role,
      o.instanceTagValue
        ? { action: 'ssm:SendCommand', resource: instance, reason: 'an instance tagged for another application', context: { [tag]: 'intruder' } }
        : { action: 'ssm:SendCommand', resource: instance, reason: 'an instance without the tag' },
      ...deniedPipelineLogCalls(scope, context),
    );
    return {
      actions: [new actions.Ec2DeployAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        input,
        role: forAction,
        instanceTagKey: o.instanceTagKey,
        instanceTagValue: o.instanceTagValue,
        instanceType,
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

/** The EC2 deploy action's reference page: its "Service role permissions" section lists these calls. */
const EC2_DEPLOY_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EC2Deploy.html#action-reference-EC2Deploy-permissions-action';

/** The page's calls on `*`: these Describe/List actions and CancelCommand support no resource-level permissions. */
const EC2_DEPLOY_WILDCARD_ACTIONS = ['ec2:DescribeInstances', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth', 'ssm:CancelCommand', 'ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations'];
