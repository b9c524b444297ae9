import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
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
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { GenericAction } from '../providers/private/generic-action';
import { StepImplementation } from '../providers/private/step-implementation';

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

  /**
   * The absolute folder on the instances to copy the artifact to and run the scripts in, e.g. `/home/ec2-user/app`.
   * Required with the scripts (`postScript`); a `deploySpec` says it itself.
   *
   * @default - none: `deploySpec` must be given
   */
  readonly targetDirectory?: string;

  /**
   * A deploy spec file in the artifact (`DeploySpec`) that configures the deployment, installation and
   * lifecycle events, instead of `targetDirectory`, `preScript` and `postScript`.
   *
   * @default - none: `targetDirectory` and `postScript` must be given
   */
  readonly deploySpec?: string;

  /**
   * A script in the artifact to run before the files are copied.
   *
   * @default - none
   */
  readonly preScript?: string;

  /**
   * A script in the artifact that starts the new version, e.g. `scripts/start.sh`.
   *
   * @default - none: `deploySpec` must be given
   */
  readonly postScript?: string;

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
   * Target groups by name (`TargetGroupNameList`), of this stack's account and region; the role may
   * deregister from and register with target groups of exactly these names.
   *
   * @default - none
   */
  readonly targetGroupNames?: string[];

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
    if (options.targetDirectory !== undefined && !Token.isUnresolved(options.targetDirectory) && !options.targetDirectory.startsWith('/')) {
      fail(undefined, 'Ec2TargetDirectory', `Deploy.ec2: targetDirectory must be an absolute path, got ${show(options.targetDirectory)}`);
    }
    // The page: TargetDirectory and PostScript are required with scripts, DeploySpec with a deploy spec.
    if (options.deploySpec === undefined && (options.targetDirectory === undefined || options.postScript === undefined)) {
      fail(undefined, 'Ec2DeploySpecOrScripts',
        "Deploy.ec2: give 'deploySpec' (a deploy spec file in the artifact), or 'targetDirectory' and 'postScript' (scripts in the artifact)");
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'EC2');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'EC2', EC2_DEPLOY_PROVIDER.bounds, 1, 0);
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
    // A target group named only has an ARN `targetgroup/<name>/<id>` of this account and region.
    const named = (o.targetGroupNames ?? []).map(name => stack.formatArn({ service: 'elasticloadbalancing', resource: 'targetgroup', resourceName: `${name}/*` }));
    const targetGroupArns = [...(o.targetGroups ?? []).map(tg => tg.targetGroupArn), ...named];
    if (targetGroupArns.length > 0) {
      statements.push(new iam.PolicyStatement({
        actions: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        resources: targetGroupArns,
      }));
    }
    const { role } = newActionRole(scope, context, statements);
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
      ...[...(o.targetGroups ?? []).map(tg => tg.targetGroupArn), ...(o.targetGroupNames ?? []).map(name =>
        `arn:${stack.partition}:elasticloadbalancing:${stack.region}:${stack.account}:targetgroup/${name}/0123456789abcdef`)]
        .flatMap(arn => ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'].map(a => call(a, arn))),
    );
    DocumentedCalls.addDenied(role,
      o.instanceTagValue
        ? { action: 'ssm:SendCommand', resource: instance, reason: 'an instance tagged for another application', context: { [tag]: 'intruder' } }
        : { action: 'ssm:SendCommand', resource: instance, reason: 'an instance without the tag' },
      ...deniedPipelineLogCalls(scope, context),
      ...(targetGroupArns.length > 0 ? [{
        action: 'elasticloadbalancing:DeregisterTargets',
        resource: `arn:${stack.partition}:elasticloadbalancing:${stack.region}:${stack.account}:targetgroup/intruder/0123456789abcdef`,
        reason: 'a target group the deployment does not use',
      }] : []),
    );
    const targetGroupNames = [...(o.targetGroups ?? []).map(tg => tg.targetGroupName), ...(o.targetGroupNames ?? [])];
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.DEPLOY,
        owner: 'AWS',
        provider: 'EC2',
        version: '1',
        artifactBounds: EC2_DEPLOY_PROVIDER.bounds,
        inputs: [input],
        role,
        configuration: {
          InstanceTagKey: o.instanceTagKey,
          InstanceTagValue: o.instanceTagValue,
          InstanceType: instanceType,
          TargetDirectory: o.targetDirectory,
          DeploySpec: o.deploySpec,
          MaxBatch: o.maxBatch?.value,
          MaxError: o.maxError?.value,
          TargetGroupNameList: targetGroupNames.length > 0 ? targetGroupNames.join(',') : undefined,
          PreScript: o.preScript,
          PostScript: o.postScript,
        },
      })],
    };
  }
}

/** The EC2 deploy action's reference page: its "Service role permissions" section lists these calls. */
const EC2_DEPLOY_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EC2Deploy.html#action-reference-EC2Deploy-permissions-action';

/** The page's calls on `*`: these Describe/List actions and CancelCommand support no resource-level permissions. */
const EC2_DEPLOY_WILDCARD_ACTIONS = ['ec2:DescribeInstances', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth', 'ssm:CancelCommand', 'ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations'];

/** `MaxBatch` and `MaxError`: a number of instances (`2`) or a percentage (`50%`), kept as written. */
function maxInstances(value: string): actions.Ec2MaxInstances | undefined {
  const m = /^(\d+)(%?)$/.exec(value.trim());
  if (m && m[2] === '%' && Number(m[1]) >= 1 && Number(m[1]) <= 100) return { value };
  if (m && m[2] === '' && Number(m[1]) >= 1) return { value };
  return undefined;
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  if (c.TargetDirectory !== undefined && !c.TargetDirectory.startsWith('/')) {
    a.configProblem('InvalidConfiguration', `TargetDirectory must be an absolute path, got '${c.TargetDirectory}'`, 'TargetDirectory');
  }
  if (c.DeploySpec === undefined) {
    // The page: with scripts (no deploy spec), TargetDirectory and PostScript are required.
    a.required('TargetDirectory', "'/home/ec2-user/app' (no DeploySpec is given)");
    a.required('PostScript', "'scripts/start.sh' (no DeploySpec is given)");
  }
  const limits: Record<string, actions.Ec2MaxInstances | undefined> = {};
  for (const key of ['MaxBatch', 'MaxError']) {
    if (c[key] === undefined) continue;
    limits[key] = maxInstances(c[key]);
    if (!limits[key]) a.configProblem('InvalidConfiguration', `${key} is a number of instances (e.g. '2') or a percentage (e.g. '50%'), got '${c[key]}'`, key);
  }
  const targetGroupNames = c.TargetGroupNameList?.split(',').map(t => t.trim());
  const arn = targetGroupNames?.find(t => t.startsWith('arn:'));
  if (arn !== undefined) {
    a.configProblem('InvalidConfiguration', `TargetGroupNameList lists target group names, got the ARN '${arn}': give its name (e.g. 'web' for '...:targetgroup/web/0123456789abcdef')`, 'TargetGroupNameList');
  }
  const input = a.inputs[0];
  const tagKey = c.InstanceTagKey;
  if (tagKey === undefined || (c.DeploySpec === undefined && (c.TargetDirectory === undefined || c.PostScript === undefined))) return undefined;
  // Deploy.ec2 at call time (deploy.ts imports this module).
  return () => Deploy.ec2({
    actionName: a.name,
    runOrder: a.data.runOrder,
    instanceTagKey: tagKey,
    instanceTagValue: c.InstanceTagValue,
    instanceType: c.InstanceType as actions.Ec2InstanceType | undefined,
    targetDirectory: c.TargetDirectory,
    deploySpec: c.DeploySpec,
    preScript: c.PreScript,
    postScript: c.PostScript,
    maxBatch: limits.MaxBatch,
    maxError: limits.MaxError,
    targetGroupNames,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The Amazon EC2 deploy provider (action reference: EC2Deploy). */
export const EC2_DEPLOY_PROVIDER: ProviderDefinition = {
  title: 'Amazon EC2 deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'EC2',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EC2Deploy.html',
  factory: 'Deploy.ec2',
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'InstanceTagKey', required: true, kind: KeyKind.STRING, option: 'instanceTagKey', description: 'The tag key of the instances to deploy to.', example: 'Name' },
    { name: 'InstanceTagValue', kind: KeyKind.STRING, option: 'instanceTagValue', description: 'The tag value of the instances; without it, every instance with the tag key.', example: 'my-instances' },
    { name: 'InstanceType', kind: KeyKind.ENUM, values: Object.values(actions.Ec2InstanceType), option: 'instanceType', description: 'EC2 instances or SSM managed nodes. CodePipeline requires it; the library writes EC2 when it is left out.', example: 'EC2' },
    { name: 'TargetDirectory', kind: KeyKind.STRING, option: 'targetDirectory', description: 'The absolute directory on the instances the scripts run in (required with scripts).', example: '/home/ec2-user/deploy' },
    { name: 'DeploySpec', kind: KeyKind.STRING, option: 'deploySpec', description: 'A deploy spec file in the input artifact that configures the deployment, instead of the scripts.', example: 'deployspec.yaml' },
    { name: 'MaxBatch', kind: KeyKind.STRING, option: 'maxBatch', description: 'How many instances are deployed to at a time: a number or a percentage.', example: '50%' },
    { name: 'MaxError', kind: KeyKind.STRING, option: 'maxError', description: 'How many instances may fail during the deployment: a number or a percentage.', example: '1' },
    { name: 'TargetGroupNameList', kind: KeyKind.LIST, option: 'targetGroupNames', description: 'Target groups, by name, the instances leave during their deployment, comma-separated.', example: 'web' },
    { name: 'PreScript', kind: KeyKind.STRING, option: 'preScript', description: 'A script in the artifact run before the deploy phase.', example: 'scripts/stop.sh' },
    { name: 'PostScript', kind: KeyKind.STRING, option: 'postScript', description: 'A script in the artifact run after the deploy phase (required with scripts).', example: 'scripts/start.sh' },
  ],
  samples: [{ keys: ['TargetDirectory', 'PostScript'] }, { keys: ['DeploySpec'] }],
  fromFile,
};
