import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { PlaintextWording, rejectPlaintextSecrets } from '../core/private/secrets';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { requireV2 } from '../providers/private/action-checks';
import { declareActionEnvironment } from '../providers/private/action-environment';
import { GenericAction } from '../providers/private/generic-action';
import { deniedPipelineLogCalls, PipelineLogTargets, pipelineLogStatements, pipelineLogTargets } from '../providers/private/pipeline-logs';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** A Helm chart for `Deploy.eks`. */
export interface EksHelmChart {
  /** The Helm release name. */
  readonly releaseName: string;

  /** The chart's location: a folder in the input artifact, or a `.tgz` in it. */
  readonly chartLocation: string;

  /**
   * Values files in the chart location that override the chart's values.
   *
   * @default - the chart's own values
   */
  readonly valuesFiles?: string[];
}

/** Options for `Deploy.eks`. */
export interface EksDeployOptions extends StepOptions {
  /** The name of the Amazon EKS cluster to deploy to. */
  readonly clusterName: string;

  /**
   * Kubernetes manifest files in the input artifact, applied with `kubectl`. Give these or `helmChart`.
   *
   * @default - none; `helmChart` must be given
   */
  readonly manifestFiles?: string[];

  /**
   * A Helm chart in the input artifact, installed with `helm`. Give this or `manifestFiles`.
   *
   * @default - none; `manifestFiles` must be given
   */
  readonly helmChart?: EksHelmChart;

  /**
   * The Kubernetes namespace to deploy into; the action's cluster access is limited to it.
   *
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Subnets of the cluster's VPC to run the deployment in (needed for private clusters).
   *
   * @default - the deployment runs outside any VPC (public cluster endpoint)
   */
  readonly subnets?: ec2.ISubnet[];

  /**
   * Security groups for the deployment in `subnets`.
   *
   * @default - none
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Create an EKS access entry that lets the action's role edit the namespace
   * (`AmazonEKSEditPolicy`, namespace scope). The cluster's authentication mode must include `API`.
   * Turn off to grant access yourself (e.g. through `aws-auth`).
   *
   * @default true
   */
  readonly grantClusterAccess?: boolean;

  /**
   * A namespace for the action's output variables, read as `#{namespace.NAME}`.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;

  /**
   * The action's environment variables (CodePipeline's action `EnvironmentVariables`), which replace
   * variables such as `$IMAGE_TAG` in the manifest files or Helm values files, e.g. `{ IMAGE_TAG: '#{Build.IMAGE_TAG}' }`.
   * Plaintext: a value or name that looks like a secret is rejected.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * The artifact holding the manifests or chart.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** The EC2 Describe actions the page lists (they support no resource-level permissions). */
const EC2_DESCRIBE_ACTIONS = ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets', 'ec2:DescribeVpcs'];

/** What the EKS deploy's IAM and action read, resolved from its options. */
interface EksDeployTargets {
  readonly input: codepipeline.Artifact;
  /** The pipeline stack's partition, region and account: the cluster and the VPC are there. */
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  /** The pipeline's log group, where the deployment writes its logs. */
  readonly logs: PipelineLogTargets;
  /** The subnets the deployment runs in (none: outside any VPC). */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** A cluster's ARN, by name. */
const clusterArn = (t: EksDeployTargets, name: string) => `arn:${t.partition}:eks:${t.region}:${t.account}:cluster/${name}`;
/** An EC2 resource's ARN, e.g. `subnet/subnet-0123`. */
const ec2Arn = (t: EksDeployTargets, resource: string) => `arn:${t.partition}:ec2:${t.region}:${t.account}:${resource}`;
/** The network interfaces the deployment creates in the VPC. */
const eniArn = (t: EksDeployTargets) => ec2Arn(t, 'network-interface/*');
/** The one network interface the calls are made on. */
const eni = (t: EksDeployTargets) => ec2Arn(t, 'network-interface/eni-0123456789abcdef0');
const subnetArns = (t: EksDeployTargets) => t.subnetIds.map(id => ec2Arn(t, `subnet/${id}`));
const groupArns = (t: EksDeployTargets) => t.securityGroupIds.map(id => ec2Arn(t, `security-group/${id}`));
const inVpc = (t: EksDeployTargets) => t.subnetIds.length > 0;

/** The EKS deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const EKS_IAM: ProviderIam<EksDeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html#action-reference-EKS-service-role',
  artifacts: ArtifactAccess.READ,
  statements: [
    { actions: ['eks:DescribeCluster'], resources: t => [clusterArn(t, t.clusterName)] },
    ...pipelineLogStatements<EksDeployTargets>(),
    // In the VPC: the network interface the deployment runs with, in the given subnets and security groups.
    {
      actions: EC2_DESCRIBE_ACTIONS,
      resources: () => ['*'],
      unscoped: 'The EC2 Describe* actions support no resource-level permissions.',
      when: inVpc,
      calls: () => [{ resource: '*' }],
    },
    {
      actions: ['ec2:CreateNetworkInterface'],
      resources: t => [...subnetArns(t), ...groupArns(t), eniArn(t)],
      when: inVpc,
      calls: t => [eni(t), ...subnetArns(t), ...groupArns(t)].map(resource => ({ resource })),
    },
    { actions: ['ec2:DeleteNetworkInterface'], resources: t => [eniArn(t)], when: inVpc, calls: t => [{ resource: eni(t) }] },
    {
      actions: ['ec2:CreateNetworkInterfacePermission'],
      resources: t => [eniArn(t)],
      conditions: t => ({ ArnEquals: { 'ec2:Subnet': subnetArns(t) } }),
      when: inVpc,
      calls: t => [{ resource: eni(t), context: { 'ec2:Subnet': subnetArns(t)[0] } }],
    },
  ],
  denied: t => [
    { action: 'eks:DescribeCluster', resource: clusterArn(t, 'intruder'), reason: 'another cluster' },
    ...(inVpc(t) ? [{ action: 'ec2:CreateNetworkInterface', resource: ec2Arn(t, 'subnet/subnet-intruder'), reason: 'a subnet the deployment does not run in' }] : []),
    ...deniedPipelineLogCalls(t.logs),
  ],
};

/** An EKS deploy's plaintext variables are the action's, stored in the pipeline; secrets belong in the cluster. */
const EKS_SECRETS_WORDING: PlaintextWording = {
  prefix: 'Deploy.eks: ',
  storedIn: 'the pipeline',
  fix: 'keep secrets in the cluster (a Kubernetes Secret), and pass only non-secret values such as image tags',
};

export class EksDeploy extends ProviderAction<EksDeployOptions, EksDeployTargets> {
  public readonly defaultActionName = 'DeployEKS';
  protected readonly permissions = EKS_IAM;

  constructor(options: EksDeployOptions) {
    super(options);
    const hasManifests = (options.manifestFiles ?? []).length > 0;
    if (hasManifests === (options.helmChart !== undefined)) {
      fail(undefined, 'EksManifestsOrHelm',
        `Deploy.eks: give exactly one of 'manifestFiles' (kubectl) or 'helmChart' (helm), got ${hasManifests ? 'both' : 'neither'}`);
    }
    if (!Token.isUnresolved(options.clusterName) && !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(options.clusterName)) {
      fail(undefined, 'InvalidClusterName', `Deploy.eks: clusterName must be an EKS cluster name, got ${show(options.clusterName)}: `
        + "1 to 100 letters, digits, '-' or '_', starting with a letter or digit");
    }
    if (options.securityGroups && options.securityGroups.length > 0 && !(options.subnets && options.subnets.length > 0)) {
      fail(undefined, 'EksSecurityGroupsWithoutSubnets', "Deploy.eks: 'securityGroups' apply only inside the VPC: give 'subnets' too");
    }
    for (const [name, value] of Object.entries(options.environment ?? {})) {
      // CodePipeline's EnvironmentVariable: a name of 1 to 128 letters, digits or '_', a value of 1 to 2000 characters.
      if (!/^[A-Za-z0-9_]{1,128}$/.test(name)) {
        fail(undefined, 'InvalidVariableName', `Deploy.eks: environment variable names are 1 to 128 letters, digits or '_', got ${show(name)}`);
      }
      if (Token.isUnresolved(value)) continue;
      if (value.length < 1 || value.length > 2000) {
        fail(undefined, 'InvalidVariableValue', `Deploy.eks: environment.${name} must be 1 to 2000 characters, got ${value.length}`);
      }
      rejectPlaintextSecrets(undefined, { prop: 'environment', variables: { [name]: value }, wording: EKS_SECRETS_WORDING });
    }
  }

  protected targets(scope: Construct, context: IStepContext): EksDeployTargets {
    requireV2(scope, context, 'EKS');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    const stack = Stack.of(scope);
    return {
      input,
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
      clusterName: o.clusterName,
      logs: pipelineLogTargets(scope, context),
      subnetIds: (o.subnets ?? []).map(s => s.subnetId),
      securityGroupIds: (o.securityGroups ?? []).map(g => g.securityGroupId),
    };
  }

  protected bound(scope: Construct, context: IStepContext, t: EksDeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    if (o.grantClusterAccess ?? true) {
      new eks.CfnAccessEntry(scope, 'ClusterAccess', {
        clusterName: o.clusterName,
        principalArn: base.role!.roleArn,
        type: 'STANDARD',
        accessPolicies: [{
          policyArn: `arn:${t.partition}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy`,
          accessScope: { type: 'namespace', namespaces: [o.namespace ?? 'default'] },
        }],
      });
    }
    declareActionEnvironment(scope, context.pipeline, context.stageName, base.actionName,
      Object.entries(o.environment ?? {}).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const })));
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'EKS',
      version: '1',
      artifactBounds: EKS_PROVIDER.bounds,
      inputs: [t.input],
      variablesNamespace: o.variablesNamespace,
      configuration: {
        ClusterName: o.clusterName,
        ManifestFiles: o.manifestFiles?.join(','),
        HelmReleaseName: o.helmChart?.releaseName,
        HelmChartLocation: o.helmChart?.chartLocation,
        HelmValuesFiles: o.helmChart?.valuesFiles?.join(','),
        Namespace: o.namespace,
        Subnets: t.subnetIds.length > 0 ? t.subnetIds.join(',') : undefined,
        SecurityGroupIds: t.securityGroupIds.length > 0 ? t.securityGroupIds.join(',') : undefined,
      },
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const manifests = c.ManifestFiles?.split(',').map(f => f.trim());
  const release = c.HelmReleaseName;
  const chart = c.HelmChartLocation;
  const helm = release !== undefined || chart !== undefined || c.HelmValuesFiles !== undefined;
  // The page: the Kubectl keys or the Helm keys, whichever deployment tool is chosen.
  if (manifests && helm) {
    a.configProblem('ConflictingKeys', "give 'ManifestFiles' (kubectl) or the Helm keys (HelmReleaseName, HelmChartLocation), not both", 'ManifestFiles');
  } else if (!manifests && !helm) {
    a.configProblem('MissingConfiguration', "give 'ManifestFiles' (e.g. 'k8s/deployment.yaml') or 'HelmReleaseName' and 'HelmChartLocation'");
  } else if (helm && (release === undefined || chart === undefined)) {
    a.required(release === undefined ? 'HelmReleaseName' : 'HelmChartLocation', release === undefined ? "'web' (a Helm deployment)" : "'charts/web' (a Helm deployment)");
  }
  const valuesFiles = c.HelmValuesFiles?.split(',').map(f => f.trim());
  const subnetIds = c.Subnets?.split(',').map(id => id.trim());
  const groupIds = c.SecurityGroupIds?.split(',').map(id => id.trim());
  if (groupIds && !subnetIds) a.configProblem('MissingConfiguration', "'SecurityGroupIds' apply only inside the VPC: add 'Subnets'", 'SecurityGroupIds');
  const variables: Array<{ name: string; value: string; type?: string }> = a.data.environmentVariables ?? [];
  variables.forEach((v, i) => {
    if (v.type !== undefined && v.type !== 'PLAINTEXT') {
      a.problem('KeyNotSupported', `environmentVariables[${i}] (${v.name}) has type ${v.type}: the library declares plaintext EKS variables only (keep secrets in the cluster)`, 'environmentVariables');
    }
  });
  const input = a.inputs[0];
  const clusterName = c.ClusterName;
  if (clusterName === undefined || (manifests && helm) || (!manifests && (release === undefined || chart === undefined))) return undefined;
  // Deploy.eks at call time (deploy.ts imports this module).
  return scope => Deploy.eks({
    actionName: a.name,
    runOrder: a.data.runOrder,
    clusterName,
    manifestFiles: manifests,
    helmChart: manifests ? undefined : { releaseName: release!, chartLocation: chart!, valuesFiles },
    namespace: c.Namespace,
    subnets: subnetIds?.map(id => ec2.Subnet.fromSubnetId(scope, `Subnet-${id}`, id)),
    securityGroups: groupIds?.map(id => ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id, { mutable: false })),
    environment: variables.length > 0 ? Object.fromEntries(variables.map(v => [v.name, String(v.value)])) : undefined,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The Amazon EKS deploy provider (action reference: EKS). */
export const EKS_PROVIDER: ProviderDefinition = {
  title: 'Amazon EKS deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'EKS',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html',
  factory: 'Deploy.eks',
  iam: [EKS_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ClusterName', required: true, kind: KeyKind.STRING, option: 'clusterName', description: 'The Amazon EKS cluster to deploy to.', example: 'my-eks-cluster' },
    { name: 'ManifestFiles', kind: KeyKind.LIST, option: 'manifestFiles', description: 'Kubectl: the manifest files in the input artifact, comma-separated (required for kubectl).', example: 'k8s/deployment.yaml,k8s/service.yaml' },
    { name: 'HelmReleaseName', kind: KeyKind.STRING, option: 'helmChart.releaseName', description: 'Helm: the release name (required for Helm).', example: 'web' },
    { name: 'HelmChartLocation', kind: KeyKind.STRING, option: 'helmChart.chartLocation', description: 'Helm: the chart location in the input artifact (required for Helm).', example: 'charts/web' },
    { name: 'HelmValuesFiles', kind: KeyKind.LIST, option: 'helmChart.valuesFiles', description: 'Helm: values files in the chart location that override the chart\'s values, comma-separated.', example: 'values.yaml,prod.yaml' },
    { name: 'Namespace', kind: KeyKind.STRING, option: 'namespace', description: 'The Kubernetes namespace of the kubectl or helm commands.', example: 'shop' },
    { name: 'Subnets', kind: KeyKind.LIST, option: 'subnets', description: 'Subnets of the cluster\'s VPC to run the deployment in, comma-separated.', example: 'subnet-0123456789abcdef0' },
    { name: 'SecurityGroupIds', kind: KeyKind.LIST, option: 'securityGroups', description: 'Security groups of the cluster\'s VPC for the deployment, comma-separated.', example: 'sg-0123456789abcdef0' },
  ],
  fileKeys: ['environmentVariables'],
  samples: [{ keys: ['ManifestFiles'] }, { keys: ['HelmReleaseName', 'HelmChartLocation'] }],
  fromFile,
};
