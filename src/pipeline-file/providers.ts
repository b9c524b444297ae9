import { Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ActionContext } from './action-context';
import { ExistingProjectStep } from './existing-project';
import { actionVariables, APPROVAL_KEYS, CODEBUILD_KEYS, importParameters, importSecrets, nonEmpty, stringMap } from './provider-common';
import * as more from './providers-more';
import { Approval } from '../approvals/approval';
import { Build } from '../builds/build';
import { StepCategory } from '../core/step';
import { Deploy } from '../deploys/deploy';
import { Invoke } from '../invokes/invoke';
import { withArticle } from '../private/names';
import { didYouMean } from '../private/suggest';
import { Source } from '../sources/source';
import { Test } from '../tests/test';

export type { StepFactory } from './step-factory';
import type { StepFactory } from './step-factory';

/** A provider mapping: the provider name it deploys as, and how it makes the step. */
interface ProviderMapping {
  /**
   * The provider CodePipeline sees, where it differs from the spec's (e.g. `CodeStarSourceConnection`
   * for `GitHub`); otherwise the spec's provider name.
   */
  readonly deployedAs?: string;
  readonly make: (a: ActionContext) => StepFactory | undefined;
  /** Takes the Commands keys: `outputVariables` and `files` in `outputArtifacts`. */
  readonly commandsKeys?: boolean;
}

/**
 * Providers CodeConnections serves. `GitHub` means a CodeConnections GitHub source: the GitHub
 * (version 1, OAuth token) action is deprecated.
 */
export const CONNECTION_PROVIDERS = ['CodeStarSourceConnection', 'GitHub', 'GitHubEnterpriseServer', 'Bitbucket', 'GitLab', 'GitLabSelfManaged', 'AzureDevOps'];

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):/;

function connection(a: ActionContext): StepFactory | undefined {
  a.checkKeys(a.data.provider, ['ConnectionArn', 'FullRepositoryId', 'BranchName', 'DetectChanges', 'OutputArtifactFormat', 'Owner', 'Repo', 'Branch', 'OAuthToken']);
  if (a.config.OAuthToken !== undefined) {
    a.configProblem('DeprecatedGitHubV1', "OAuthToken belongs to the deprecated GitHub (version 1) action: the spec builds a CodeConnections source, give 'ConnectionArn' instead", 'OAuthToken');
  }
  // GitHub (version 1) keys, accepted to ease migration.
  const repository = a.config.FullRepositoryId ?? (a.config.Owner && a.config.Repo ? `${a.config.Owner}/${a.config.Repo}` : undefined);
  const branch = a.config.BranchName ?? a.config.Branch;
  if (repository === undefined) a.required('FullRepositoryId', "'acme/shop'");
  if (branch === undefined) a.required('BranchName', "'main'");
  const connectionArn = resolveConnection(a);
  const detectChanges = a.flag('DetectChanges');
  const format = a.config.OutputArtifactFormat;
  if (format !== undefined && format !== 'CODE_ZIP' && format !== 'CODEBUILD_CLONE_REF') {
    a.configProblem('InvalidConfiguration', `OutputArtifactFormat must be CODE_ZIP or CODEBUILD_CLONE_REF, got '${format}'`, 'OutputArtifactFormat');
  }
  a.rejectKeys('source', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  if (!repository || !branch || !connectionArn) return undefined;
  return () => Source.connection(repository, branch, {
    connectionArn,
    actionName: a.name,
    triggerOnPush: detectChanges ?? true,
    codeBuildCloneOutput: format === 'CODEBUILD_CLONE_REF',
  });
}

function resolveConnection(a: ActionContext): string | undefined {
  const given = a.config.ConnectionArn;
  const connections = a.options.connections ?? {};
  if (given !== undefined && CONNECTION_ARN.test(given)) return given;
  const arn = (given !== undefined ? connections[given] : undefined) ?? connections[a.name] ?? connections.default;
  if (arn === undefined) {
    const names = Object.keys(connections);
    a.configProblem('MissingConnection', given !== undefined
      ? `ConnectionArn '${given}' is neither a connection ARN nor a name in SpecOptions.connections${didYouMean(given, names)} (known: ${names.join(', ') || 'none'})`
      : "no connection: set configuration 'ConnectionArn' to a CodeConnections ARN, or pass SpecOptions.connections (e.g. { default: 'arn:aws:codeconnections:...' })",
    given !== undefined ? 'ConnectionArn' : undefined);
  }
  return arn;
}

function codeCommit(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CodeCommit', ['RepositoryName', 'BranchName', 'PollForSourceChanges', 'OutputArtifactFormat']);
  const repositoryName = a.required('RepositoryName', "'shop'");
  const branch = a.required('BranchName', "'main'");
  const poll = a.flag('PollForSourceChanges');
  a.rejectKeys('source', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  if (!repositoryName || !branch) return undefined;
  return scope => Source.codeCommit(codecommit.Repository.fromRepositoryName(scope, 'Repository', repositoryName), branch, {
    actionName: a.name,
    triggerOnPush: poll === undefined ? true : !poll,
    codeBuildCloneOutput: a.config.OutputArtifactFormat === 'CODEBUILD_CLONE_REF',
  });
}

function s3Source(a: ActionContext): StepFactory | undefined {
  a.checkKeys('S3', ['S3Bucket', 'S3ObjectKey', 'PollForSourceChanges']);
  const bucketName = a.required('S3Bucket', "'shop-releases'");
  const key = a.required('S3ObjectKey', "'releases/app.zip'");
  a.flag('PollForSourceChanges');
  a.rejectKeys('source', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  if (!bucketName || !key) return undefined;
  return scope => Source.s3(s3.Bucket.fromBucketName(scope, 'Bucket', bucketName), key, { actionName: a.name });
}

function ecrSource(a: ActionContext): StepFactory | undefined {
  a.checkKeys('ECR', ['RepositoryName', 'ImageTag']);
  const repositoryName = a.required('RepositoryName', "'shop'");
  a.rejectKeys('source', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  if (!repositoryName) return undefined;
  return scope => Source.ecr(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), {
    actionName: a.name,
    imageTag: a.config.ImageTag,
  });
}

function codeBuildStep(category: StepCategory) {
  return (a: ActionContext): StepFactory | undefined => {
    a.checkKeys('CodeBuild', ['ProjectName', 'PrimarySource', 'EnvironmentVariables']);
    a.rejectKeys('CodeBuild', APPROVAL_KEYS);
    const inputs = orderedInputs(a);
    const variables = actionVariables(a);
    const actionEnvironment = nonEmpty(variables?.plaintext);
    const projectName = a.config.ProjectName;
    if (projectName !== undefined) {
      for (const key of CODEBUILD_KEYS) {
        if (a.data[key] !== undefined) {
          a.problem('ConflictingKeys', `'${key}' configures a project the library creates, but 'ProjectName' names an existing one: remove one of them`, key);
        }
      }
      const refs = inputs.map(i => a.inputRef(i));
      const outputCount = a.outputs.length;
      return () => new ExistingProjectStep({
        category,
        actionName: a.name,
        runOrder: a.data.runOrder,
        projectName,
        inputs: refs,
        outputCount,
        roleArn: a.data.roleArn,
        namespace: a.data.namespace,
        actionEnvironment,
        actionSecrets: nonEmpty(variables?.secrets) ? scope => importSecrets(scope, variables!.secrets, 'ActionSecret') : undefined,
        actionParameters: nonEmpty(variables?.parameters) ? scope => importParameters(scope, variables!.parameters) : undefined,
      });
    }
    if (a.data.roleArn !== undefined) {
      a.problem('KeyNotSupported', "'roleArn' applies only to an existing project ('ProjectName'): the library gives the projects it creates a least-privilege role, remove it", 'roleArn');
    }
    if (a.data.commands !== undefined && a.data.buildspec !== undefined) {
      a.problem('ConflictingKeys', "give 'commands' or 'buildspec', not both", 'buildspec');
    }
    a.expectOutputs(`CodeBuild ${category.toLowerCase()}`, category === StepCategory.BUILD ? 1 : 0);
    const [input, ...extra] = inputs.map(i => a.inputRef(i));
    const environment = stringMap(a.data.variables);
    const secretNames: Record<string, string> | undefined = a.data.secrets;
    const common = {
      actionName: a.name,
      runOrder: a.data.runOrder,
      commands: a.data.commands,
      installCommands: a.data.installCommands,
      buildSpec: a.data.commands ? undefined : codebuild.BuildSpec.fromSourceFilename(a.data.buildspec ?? 'buildspec.yml'),
      environment,
      notSecrets: a.data.notSecrets,
      computeType: a.data.computeType ? codebuild.ComputeType[a.data.computeType as keyof typeof codebuild.ComputeType] : undefined,
      privileged: a.data.privileged,
      input,
      extraInputs: extra,
      variablesNamespace: a.data.namespace,
      actionEnvironment,
    };
    return scope => {
      const secrets = importSecrets(scope, secretNames);
      const actionSecrets = nonEmpty(importSecrets(scope, variables?.secrets, 'ActionSecret'));
      const actionParameters = nonEmpty(importParameters(scope, variables?.parameters));
      return category === StepCategory.BUILD
        ? Build.codeBuild({ ...common, secrets, actionSecrets, actionParameters })
        : Test.codeBuild({ ...common, secrets, actionSecrets, actionParameters });
    };
  };
}

/** The inputs, primary first (`PrimarySource` names the primary one). */
export function orderedInputs(a: ActionContext): string[] {
  const inputs = a.inputs;
  const primary = a.config.PrimarySource;
  if (primary === undefined) return inputs;
  if (!inputs.includes(primary)) {
    a.configProblem('InvalidConfiguration', `PrimarySource '${primary}' is not one of the action's inputArtifacts (${inputs.join(', ') || 'none'})${didYouMean(primary, inputs)}`, 'PrimarySource');
    return inputs;
  }
  return [primary, ...inputs.filter(i => i !== primary)];
}

function manual(a: ActionContext): StepFactory | undefined {
  a.checkKeys('Manual', ['NotificationArn', 'CustomData', 'ExternalEntityLink']);
  a.rejectKeys('Manual approval', [...CODEBUILD_KEYS, 'roleArn', 'namespace']);
  const topicArn = a.config.NotificationArn;
  const timeout = a.data.timeoutInMinutes;
  return scope => Approval.manual({
    actionName: a.name,
    runOrder: a.data.runOrder,
    comment: a.config.CustomData,
    reviewUrl: a.config.ExternalEntityLink,
    notify: a.data.notify,
    topic: topicArn ? sns.Topic.fromTopicArn(scope, 'Topic', topicArn) : undefined,
    timeout: timeout !== undefined ? Duration.minutes(timeout) : undefined,
  });
}

function ecsDeploy(a: ActionContext): StepFactory | undefined {
  a.checkKeys('ECS', ['ClusterName', 'ServiceName', 'FileName', 'DeploymentTimeout']);
  a.rejectKeys('ECS deploy', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  a.expectOutputs('ECS deploy', 0);
  const timeout = a.config.DeploymentTimeout;
  if (timeout !== undefined && !/^\d+$/.test(timeout)) {
    a.configProblem('InvalidConfiguration', `DeploymentTimeout is a number of minutes (1 to 60), got '${timeout}'`, 'DeploymentTimeout');
  }
  const services = a.options.services ?? {};
  const serviceName = a.config.ServiceName;
  const key = [serviceName, a.name, 'default'].find(k => k !== undefined && services[k] !== undefined);
  const taskDefinitionKey = key ?? serviceName ?? a.name;
  const taskDefinition = (a.options.taskDefinitions ?? {})[taskDefinitionKey];
  const clusterName = a.config.ClusterName;
  if (key === undefined && (clusterName === undefined || serviceName === undefined)) {
    a.configProblem('MissingService',
      "no ECS service: pass it in SpecOptions.services (named like the action, its ServiceName, or 'default'), or set configuration 'ClusterName' and 'ServiceName' to import it");
    return undefined;
  }
  if (key === undefined && taskDefinition === undefined) {
    a.configProblem('MissingTaskDefinition',
      `service '${serviceName}' is imported by name, so its task definition is unknown: pass SpecOptions.taskDefinitions['${serviceName}'] so the deployment may pass exactly its roles to ECS`);
    return undefined;
  }
  const input = a.inputs[0];
  return scope => {
    const service = key !== undefined ? services[key] : ecs.FargateService.fromFargateServiceAttributes(scope, 'Service', {
      cluster: ecs.Cluster.fromClusterArn(scope, 'Cluster', Stack.of(scope).formatArn({ service: 'ecs', resource: 'cluster', resourceName: clusterName! })),
      serviceName: serviceName!,
    });
    return Deploy.ecs({
      actionName: a.name,
      runOrder: a.data.runOrder,
      service,
      taskDefinition,
      imageFile: a.config.FileName,
      input: input !== undefined ? a.inputRef(input) : undefined,
      deploymentTimeout: timeout !== undefined ? Duration.minutes(Number(timeout)) : undefined,
    });
  };
}

function lambdaInvoke(a: ActionContext): StepFactory | undefined {
  a.checkKeys('Lambda', ['FunctionName', 'UserParameters']);
  a.rejectKeys('Lambda invoke', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn']);
  a.expectOutputs('Lambda invoke', 0);
  const functionName = a.required('FunctionName', "'smoke-test'");
  const parameters = a.json('UserParameters');
  if (!functionName) return undefined;
  return scope => Invoke.lambdaFunction(
    functionName.startsWith('arn:')
      ? lambda.Function.fromFunctionArn(scope, 'Function', functionName)
      : lambda.Function.fromFunctionName(scope, 'Function', functionName),
    {
      actionName: a.name,
      runOrder: a.data.runOrder,
      userParameters: parameters,
      inputs: a.inputs.map(i => a.inputRef(i)),
      variablesNamespace: a.data.namespace,
    });
}

function stepFunctions(a: ActionContext): StepFactory | undefined {
  a.checkKeys('StepFunctions', ['StateMachineArn', 'Input', 'InputType', 'ExecutionNamePrefix']);
  a.rejectKeys('Step Functions invoke', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  a.expectOutputs('Step Functions invoke', 0);
  if (a.inputs.length > 0) {
    a.problem('InputArtifactCount', "the library's Step Functions action passes a literal input and reads no artifact: remove inputArtifacts", 'inputArtifacts');
  }
  if (a.config.InputType !== undefined && a.config.InputType !== 'Literal') {
    a.configProblem('InvalidConfiguration', `InputType must be Literal (the spec passes 'Input' as literal JSON), got '${a.config.InputType}'`, 'InputType');
  }
  const arn = a.required('StateMachineArn', "'arn:aws:states:eu-west-1:111111111111:stateMachine:release-checks'");
  const input = a.json('Input');
  if (!arn) return undefined;
  return scope => Invoke.stepFunctions(sfn.StateMachine.fromStateMachineArn(scope, 'StateMachine', arn), {
    actionName: a.name,
    runOrder: a.data.runOrder,
    input,
    executionNamePrefix: a.config.ExecutionNamePrefix,
  });
}

const PROVIDERS: Record<string, Record<string, ProviderMapping>> = {
  Source: {
    ...Object.fromEntries(CONNECTION_PROVIDERS.map(p => [p, { deployedAs: 'CodeStarSourceConnection', make: connection }])),
    CodeCommit: { make: codeCommit },
    S3: { make: s3Source },
    ECR: { make: ecrSource },
  },
  Build: {
    CodeBuild: { make: codeBuildStep(StepCategory.BUILD) },
    Commands: { make: more.commands, commandsKeys: true },
    ECRBuildAndPublish: { make: more.ecrBuildAndPublish },
  },
  // CloudFormation's own category of the Commands action.
  Compute: { Commands: { make: more.commands, commandsKeys: true } },
  Test: {
    CodeBuild: { make: codeBuildStep(StepCategory.TEST) },
    DeviceFarm: { make: more.deviceFarm },
    InspectorScan: { make: more.inspectorScan },
  },
  Approval: { Manual: { make: manual } },
  Deploy: {
    ECS: { make: ecsDeploy },
    CodeDeploy: { make: more.codeDeployServer },
    CodeDeployToECS: { make: more.codeDeployEcs },
    ElasticBeanstalk: { make: more.elasticBeanstalk },
    Lambda: { make: more.lambdaDeploy },
    AppConfig: { make: more.appConfig },
    EKS: { make: more.eks },
    EC2: { make: more.ec2Deploy },
    ServiceCatalog: { make: more.serviceCatalog },
  },
  Invoke: {
    Lambda: { make: lambdaInvoke },
    StepFunctions: { make: stepFunctions },
    CodePipeline: { make: more.pipelineInvoke },
    // CloudFormation's own category of the Inspector scan actions.
    InspectorScan: { make: more.inspectorScan },
  },
};

const CUSTOM_MAPPING: ProviderMapping = { make: more.customAction };

/** The providers the spec builds, per action type. */
export function supportedProviders(actionType: string): string[] {
  return Object.keys(PROVIDERS[actionType] ?? {});
}

/** The mapping of a provider, or undefined (after reporting a problem) when the spec cannot build it. */
export function providerMapping(a: ActionContext): ProviderMapping | undefined {
  const actionType: string = a.data.actionType;
  const provider: string = a.data.provider;
  const owner: string = a.data.owner ?? 'AWS';
  if (owner !== 'AWS') {
    if (!more.CUSTOM_ACTION_TYPES.includes(actionType)) {
      a.problem('UnsupportedProvider', `the spec builds ${owner} actions of type ${more.CUSTOM_ACTION_TYPES.join(', ')} only, got ${withArticle(actionType)} action: use owner AWS`, 'owner');
      return undefined;
    }
    return CUSTOM_MAPPING;
  }
  if (a.data.version !== undefined && String(a.data.version) !== '1') {
    a.problem('InvalidValue', `AWS action types have version 1, got '${a.data.version}': remove version or set it to 1`, 'version');
  }
  const mapping = PROVIDERS[actionType]?.[provider];
  if (!mapping) {
    const known = supportedProviders(actionType);
    const hint = actionType === 'Build' || actionType === 'Test' || actionType === 'Deploy'
      ? ' (a Jenkins, custom or third-party action type: set owner to Custom or ThirdParty)' : '';
    a.problem('UnsupportedProvider',
      `the spec cannot build a ${actionType} action of provider '${provider}'${didYouMean(provider, known)}: use ${known.join(', ')}${hint}`, 'provider');
  }
  return mapping;
}
