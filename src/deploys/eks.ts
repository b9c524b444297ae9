import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { SECRET_NAME, SECRET_VALUES } from '../builds/private/secrets';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../providers/private/action-checks';
import { declareActionEnvironment } from '../providers/private/action-environment';
import { newActionRole } from '../providers/private/action-role';
import { GenericAction } from '../providers/private/generic-action';
import { StepImplementation } from '../providers/private/step-implementation';

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

export class EksDeploy extends StepImplementation {
  public readonly defaultActionName = 'DeployEKS';

  constructor(public readonly options: EksDeployOptions) {
    super(options);
    const hasManifests = (options.manifestFiles ?? []).length > 0;
    if (hasManifests === (options.helmChart !== undefined)) {
      fail(undefined, 'EksManifestsOrHelm',
        `Deploy.eks: give exactly one of 'manifestFiles' (kubectl) or 'helmChart' (helm), got ${hasManifests ? 'both' : 'neither'}`);
    }
    if (!Token.isUnresolved(options.clusterName) && !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(options.clusterName)) {
      fail(undefined, 'InvalidClusterName', `Deploy.eks: clusterName must be an EKS cluster name, got ${show(options.clusterName)}`);
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
      const kind = SECRET_VALUES.find(([, re]) => re.test(value))?.[0];
      if (kind || SECRET_NAME.test(name)) {
        fail(undefined, 'PlaintextSecret', `Deploy.eks: environment.${name} would be stored in plaintext in the pipeline: its ${kind ? `value looks like ${kind}` : "name looks like a secret's"}; `
          + 'keep secrets in the cluster (a Kubernetes Secret), and pass only non-secret values such as image tags');
      }
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'EKS');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    checkArtifactBounds(scope, context, 'EKS', EKS_PROVIDER.bounds, 1, 0);
    const stack = Stack.of(scope);
    const namespace = o.namespace ?? 'default';
    const clusterArn = stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: o.clusterName });
    const statements = [
      new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [clusterArn] }),
      ...pipelineLogStatements(scope, context),
    ];
    const subnets = o.subnets ?? [];
    if (subnets.length > 0) {
      const subnetArns = subnets.map(s => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));
      const groupArns = (o.securityGroups ?? []).map(g => stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: g.securityGroupId }));
      const eniArn = stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
      statements.push(
        // The EC2 Describe* actions support no resource-level permissions.
        new iam.PolicyStatement({
          actions: EC2_DESCRIBE_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: [...subnetArns, ...groupArns, eniArn] }),
        new iam.PolicyStatement({ actions: ['ec2:DeleteNetworkInterface'], resources: [eniArn] }),
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterfacePermission'],
          resources: [eniArn],
          conditions: { ArnEquals: { 'ec2:Subnet': subnetArns } },
        }),
      );
    }
    const { role } = newActionRole(scope, context, statements);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const call = (action: string, resource: string, ctx?: { [key: string]: string }): DocumentedCall =>
      ({ action, resource, documentation: EKS_DOC, context: ctx });
    const cluster = (name: string) => `arn:${stack.partition}:eks:${stack.region}:${stack.account}:cluster/${name}`;
    const ec2Arn = (resource: string) => `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:${resource}`;
    const eni = ec2Arn('network-interface/eni-0123456789abcdef0');
    DocumentedCalls.add(role,
      call('eks:DescribeCluster', cluster(o.clusterName)),
      ...pipelineLogCalls(scope, context, EKS_DOC),
      // In the VPC: the network interface the deployment runs with, in the given subnets and security groups.
      ...(subnets.length > 0 ? [
        ...EC2_DESCRIBE_ACTIONS.map(a => call(a, '*')),
        ...[eni, ...subnets.map(sn => ec2Arn(`subnet/${sn.subnetId}`)), ...(o.securityGroups ?? []).map(g => ec2Arn(`security-group/${g.securityGroupId}`))]
          .map(resource => call('ec2:CreateNetworkInterface', resource)),
        call('ec2:CreateNetworkInterfacePermission', eni, { 'ec2:Subnet': ec2Arn(`subnet/${subnets[0].subnetId}`) }),
        call('ec2:DeleteNetworkInterface', eni),
      ] : []),
    );
    DocumentedCalls.addDenied(role,
      { action: 'eks:DescribeCluster', resource: cluster('intruder'), reason: 'another cluster' },
      ...(subnets.length > 0 ? [{ action: 'ec2:CreateNetworkInterface', resource: ec2Arn('subnet/subnet-intruder'), reason: 'a subnet the deployment does not run in' }] : []),
      ...deniedPipelineLogCalls(scope, context),
    );
    if (o.grantClusterAccess ?? true) {
      new eks.CfnAccessEntry(scope, 'ClusterAccess', {
        clusterName: o.clusterName,
        principalArn: role.roleArn,
        type: 'STANDARD',
        accessPolicies: [{
          policyArn: `arn:${stack.partition}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy`,
          accessScope: { type: 'namespace', namespaces: [namespace] },
        }],
      });
    }
    declareActionEnvironment(scope, context.pipeline, context.stageName, context.actionName,
      Object.entries(o.environment ?? {}).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const })));
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.DEPLOY,
        owner: 'AWS',
        provider: 'EKS',
        version: '1',
        artifactBounds: EKS_PROVIDER.bounds,
        inputs: [input],
        role,
        variablesNamespace: o.variablesNamespace,
        configuration: {
          ClusterName: o.clusterName,
          ManifestFiles: o.manifestFiles?.join(','),
          HelmReleaseName: o.helmChart?.releaseName,
          HelmChartLocation: o.helmChart?.chartLocation,
          HelmValuesFiles: o.helmChart?.valuesFiles?.join(','),
          Namespace: o.namespace,
          Subnets: subnets.length > 0 ? subnets.map(s => s.subnetId).join(',') : undefined,
          SecurityGroupIds: o.securityGroups && o.securityGroups.length > 0 ? o.securityGroups.map(g => g.securityGroupId).join(',') : undefined,
        },
      })],
    };
  }
}

/** The EKS action's reference page: its "Service role permissions" section lists these calls. */
const EKS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html#action-reference-EKS-service-role';

/** The EC2 Describe actions the page lists (they support no resource-level permissions). */
const EC2_DESCRIBE_ACTIONS = ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets', 'ec2:DescribeVpcs'];

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
