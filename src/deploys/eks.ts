import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCall, DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { GenericAction } from '../private/generic-action';
import { StepImplementation } from '../private/step-implementation';

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
   * The artifact holding the manifests or chart.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

const BOUNDS = { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 };

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
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'EKS');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    checkArtifactBounds(scope, context, 'EKS', BOUNDS, 1, 0);
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
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.DEPLOY,
        owner: 'AWS',
        provider: 'EKS',
        version: '1',
        artifactBounds: BOUNDS,
        inputs: [input],
        role,
        configuration: {
          ClusterName: o.clusterName,
          ManifestFiles: o.manifestFiles?.join(','),
          HelmReleaseName: o.helmChart?.releaseName,
          HelmChartLocation: o.helmChart?.chartLocation,
          HelmValuesFiles: o.helmChart?.valuesFiles?.join(','),
          Namespace: namespace,
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
