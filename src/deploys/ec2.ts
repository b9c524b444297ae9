import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { requireV2 } from '../providers/private/action-checks';
import { GenericAction } from '../providers/private/generic-action';
import { deniedPipelineLogCalls, PipelineLogTargets, pipelineLogStatements, pipelineLogTargets } from '../providers/private/pipeline-logs';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the EC2 deploy's IAM and action read, resolved from its options. */
interface Ec2DeployTargets {
  readonly input: codepipeline.Artifact;
  readonly instanceType: actions.Ec2InstanceType;
  /** The condition key of the instances' tag (`aws:ResourceTag/<key>`). */
  readonly tag: string;
  readonly tagValue?: string;
  /** The instances SendCommand may target: `ec2:...:instance/*`, or for SSM managed nodes (hybrid) `ssm:...:managed-instance/*`. */
  readonly instances: string;
  /** One such instance, for the calls. */
  readonly instance: string;
  /** The AWS-owned documents the deployment runs (`ssm:<region>::document/<name>`). */
  readonly documents: string[];
  /** The pipeline's log group, which the deployment's logs go to. */
  readonly logs: PipelineLogTargets;
  /** The target groups the instances leave during their deployment (a group named only: `targetgroup/<name>/*`). */
  readonly targetGroupArns: string[];
  /** One ARN of each of those groups, for the calls. */
  readonly targetGroupCalls: string[];
  /** `arn:<partition>:elasticloadbalancing:<region>:<account>` of the pipeline's stack. */
  readonly elasticLoadBalancing: string;
}

/** The page's calls on `*`: these Describe/List actions and CancelCommand support no resource-level permissions. */
const EC2_DEPLOY_WILDCARD_ACTIONS = ['ec2:DescribeInstances', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth', 'ssm:CancelCommand', 'ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations'];

/** The EC2 deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const EC2_DEPLOY_IAM: ProviderIam<Ec2DeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EC2Deploy.html#action-reference-EC2Deploy-permissions-action',
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: EC2_DEPLOY_WILDCARD_ACTIONS,
      resources: () => ['*'],
      unscoped: 'These Describe/List actions and CancelCommand support no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
    {
      actions: ['ssm:SendCommand'],
      resources: t => [t.instances],
      conditions: (t): Record<string, Record<string, string>> => (t.tagValue ? { StringEquals: { [t.tag]: t.tagValue } } : { Null: { [t.tag]: 'false' } }),
      calls: t => [{ resource: t.instance, context: { [t.tag]: t.tagValue ?? 'any value' } }],
    },
    {
      actions: ['ssm:SendCommand'],
      resources: t => t.documents,
      // SendCommand on the AWS-owned documents is granted but not recorded: their ARNs have no account
      // (`ssm:<region>::document/<name>`), which the simulator matches to no resource type.
      calls: () => [],
    },
    ...pipelineLogStatements<Ec2DeployTargets>(),
    {
      actions: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
      resources: t => t.targetGroupArns,
      calls: t => t.targetGroupCalls.map(resource => ({ resource })),
    },
  ],
  denied: t => [
    t.tagValue
      ? { action: 'ssm:SendCommand', resource: t.instance, reason: 'an instance tagged for another application', context: { [t.tag]: 'intruder' } }
      : { action: 'ssm:SendCommand', resource: t.instance, reason: 'an instance without the tag' },
    ...deniedPipelineLogCalls(t.logs),
    ...(t.targetGroupArns.length > 0 ? [{
      action: 'elasticloadbalancing:DeregisterTargets',
      resource: `${t.elasticLoadBalancing}:targetgroup/intruder/0123456789abcdef`,
      reason: 'a target group the deployment does not use',
    }] : []),
  ],
};

export class Ec2Deploy extends ProviderAction<Ec2DeployOptions, Ec2DeployTargets> {
  public readonly defaultActionName = 'DeployEC2';
  protected readonly permissions = EC2_DEPLOY_IAM;

  constructor(options: Ec2DeployOptions) {
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

  protected targets(scope: Construct, context: IStepContext): Ec2DeployTargets {
    requireV2(scope, context, 'EC2');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    const stack = Stack.of(scope);
    const instanceType = o.instanceType ?? actions.Ec2InstanceType.EC2;
    // EC2 instances are `ec2:...:instance/<id>`; SSM managed nodes (hybrid) `ssm:...:managed-instance/<id>`.
    const ssm = instanceType === actions.Ec2InstanceType.SSM_MANAGED_NODE;
    const instances = (id: string) => ssm
      ? stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: id })
      : stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: id });
    const document = (name: string) => stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: name });
    const elasticLoadBalancing = `arn:${stack.partition}:elasticloadbalancing:${stack.region}:${stack.account}`;
    // A target group named only has an ARN `targetgroup/<name>/<id>` of this account and region.
    const named = (o.targetGroupNames ?? []).map(name => stack.formatArn({ service: 'elasticloadbalancing', resource: 'targetgroup', resourceName: `${name}/*` }));
    return {
      input,
      instanceType,
      tag: `aws:ResourceTag/${o.instanceTagKey}`,
      tagValue: o.instanceTagValue,
      instances: instances('*'),
      instance: instances(ssm ? 'mi-0123456789abcdef0' : 'i-0123456789abcdef0'),
      documents: ['AWS-RunPowerShellScript', 'AWS-RunShellScript'].map(document),
      logs: pipelineLogTargets(scope, context),
      targetGroupArns: [...(o.targetGroups ?? []).map(tg => tg.targetGroupArn), ...named],
      targetGroupCalls: [...(o.targetGroups ?? []).map(tg => tg.targetGroupArn),
        ...(o.targetGroupNames ?? []).map(name => `${elasticLoadBalancing}:targetgroup/${name}/0123456789abcdef`)],
      elasticLoadBalancing,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: Ec2DeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    const targetGroupNames = [...(o.targetGroups ?? []).map(tg => tg.targetGroupName), ...(o.targetGroupNames ?? [])];
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'EC2',
      version: '1',
      artifactBounds: EC2_DEPLOY_PROVIDER.bounds,
      inputs: [t.input],
      configuration: {
        InstanceTagKey: o.instanceTagKey,
        InstanceTagValue: o.instanceTagValue,
        InstanceType: t.instanceType,
        TargetDirectory: o.targetDirectory,
        DeploySpec: o.deploySpec,
        MaxBatch: o.maxBatch?.value,
        MaxError: o.maxError?.value,
        TargetGroupNameList: targetGroupNames.length > 0 ? targetGroupNames.join(',') : undefined,
        PreScript: o.preScript,
        PostScript: o.postScript,
      },
    })];
  }
}

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
  iam: [EC2_DEPLOY_IAM],
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
