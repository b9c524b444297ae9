import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { Build } from './build';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { list } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { requireV2 } from '../providers/private/action-checks';
import { deniedPipelineLogCalls, PipelineLogTargets, pipelineLogStatements, pipelineLogTargets } from '../providers/private/pipeline-logs';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Build.ecrBuildAndPublish`. */
export interface EcrBuildAndPublishOptions extends StepOptions {
  /**
   * The folder of the Dockerfile in the input, e.g. `services/web`.
   *
   * @default - the input's root
   */
  readonly dockerfileDirectory?: string;

  /**
   * The tags to push (at most 10), e.g. `['latest', '#{codepipeline.PipelineExecutionId}']`.
   *
   * @default ['latest']
   */
  readonly imageTags?: string[];

  /**
   * The artifact holding the Dockerfile and build context.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * Whether `repository` is a private repository or an Amazon ECR Public one (configuration key
   * `RegistryType`). For a public repository, give it by name (`ecr.Repository.fromRepositoryName`):
   * the action may push to exactly the public repository of that name in the pipeline's account.
   *
   * @default actions.RegistryType.PRIVATE
   */
  readonly registryType?: actions.RegistryType;
}

/** The private-registry calls of the action's "Service role permissions" section, on the repository. */
const REPOSITORY_CALLS = ['ecr:BatchCheckLayerAvailability', 'ecr:CompleteLayerUpload', 'ecr:DescribeRepositories', 'ecr:GetDownloadUrlForLayer',
  'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];

const ECR_BUILD_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECRBuildAndPublish.html#edit-role-ECRBuildAndPublish';

/** The public-registry calls of the action's "Service role permissions" section, on the repository. */
const PUBLIC_REPOSITORY_CALLS = ['ecr-public:BatchCheckLayerAvailability', 'ecr-public:CompleteLayerUpload', 'ecr-public:DescribeRepositories',
  'ecr-public:InitiateLayerUpload', 'ecr-public:PutImage', 'ecr-public:UploadLayerPart'];

/** What the ECR build-and-publish action's IAM and action read, resolved from its options. */
interface EcrBuildAndPublishTargets {
  readonly input: codepipeline.Artifact;
  readonly registryType: actions.RegistryType;
  /** The repository's ARN as the grant writes it (the repository resource's, private registry). */
  readonly repositoryArn: string;
  /** The repository's ARN, built from its name (the ARN of the calls; for ECR Public, the grant's too). */
  readonly repositoryCallArn: string;
  /** A repository of the same registry the action does not push to. */
  readonly otherRepositoryArn: string;
  readonly logs: PipelineLogTargets;
}

/** The ECR build-and-publish action's IAM for a private repository (the page's "Service role permissions"). */
export const ECR_BUILD_AND_PUBLISH_IAM: ProviderIam<EcrBuildAndPublishTargets> = {
  documentation: ECR_BUILD_DOC,
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      // The action reference grants ecr:DescribeRepositories on '*'; it takes the repository resource type,
      // so it is granted on the one repository the action pushes to.
      actions: REPOSITORY_CALLS,
      resources: t => [t.repositoryArn],
      calls: t => [{ resource: t.repositoryCallArn }],
    },
    {
      actions: ['ecr:GetAuthorizationToken'],
      resources: () => ['*'],
      unscoped: 'GetAuthorizationToken supports no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
    ...pipelineLogStatements<EcrBuildAndPublishTargets>(),
  ],
  denied: t => [
    { action: 'ecr:PutImage', resource: t.otherRepositoryArn, reason: 'another repository' },
    { action: 'ecr:BatchDeleteImage', resource: t.repositoryCallArn, reason: 'the action pushes images, never deletes them' },
    { action: 'ecr:DeleteRepository', resource: t.repositoryCallArn, reason: 'the repository outlives the pipeline' },
    ...deniedPipelineLogCalls(t.logs),
  ],
};

/** ECR Public's "Pushing an image" permissions: its authorization token and an STS bearer token. */
const ECR_PUBLIC_PUSH_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/public/public-repository-policies.html';

/**
 * The ECR build-and-publish action's IAM for an Amazon ECR Public repository (`ecr-public`, global: its
 * ARN has no region). Pushing to ECR Public also needs its authorization token and an STS bearer token.
 */
export const ECR_PUBLIC_BUILD_AND_PUBLISH_IAM: ProviderIam<EcrBuildAndPublishTargets> = {
  documentation: ECR_BUILD_DOC,
  artifacts: ArtifactAccess.READ,
  statements: [
    { actions: PUBLIC_REPOSITORY_CALLS, resources: t => [t.repositoryCallArn] },
    {
      actions: ['ecr-public:GetAuthorizationToken', 'sts:GetServiceBearerToken'],
      resources: () => ['*'],
      unscoped: "Neither supports resource-level permissions (ECR Public's \"Pushing an image\" permissions).",
      calls: () => [
        { resource: '*', actions: ['ecr-public:GetAuthorizationToken'], documentation: ECR_PUBLIC_PUSH_DOC },
        { resource: '*', actions: ['sts:GetServiceBearerToken'], context: { 'sts:AWSServiceName': 'ecr-public.amazonaws.com' }, documentation: ECR_PUBLIC_PUSH_DOC },
      ],
    },
    ...pipelineLogStatements<EcrBuildAndPublishTargets>(),
  ],
  denied: t => [
    { action: 'ecr-public:PutImage', resource: t.otherRepositoryArn, reason: 'another repository' },
    { action: 'ecr-public:DeleteRepository', resource: t.repositoryCallArn, reason: 'the repository outlives the pipeline' },
    ...deniedPipelineLogCalls(t.logs),
  ],
};

export class EcrBuildAndPublish extends ProviderAction<EcrBuildAndPublishOptions, EcrBuildAndPublishTargets> {
  public readonly defaultActionName: string;

  constructor(private readonly repository: ecr.IRepository, options: EcrBuildAndPublishOptions) {
    super(options);
    const tags = options.imageTags ?? [];
    if (tags.length > 10 || tags.some(t => !Token.isUnresolved(t) && t.trim() === '')) {
      fail(undefined, 'InvalidImageTags', `Build.ecrBuildAndPublish: imageTags must be 1 to 10 non-empty tags, got ${show(tags)}`);
    }
    this.defaultActionName = actionName(`Image-${repository.node.id || 'Repository'}`);
  }

  /** A private repository's IAM, or an ECR Public one's. */
  protected get permissions(): ProviderIam<EcrBuildAndPublishTargets> {
    return this.options.registryType === actions.RegistryType.PUBLIC ? ECR_PUBLIC_BUILD_AND_PUBLISH_IAM : ECR_BUILD_AND_PUBLISH_IAM;
  }

  protected targets(scope: Construct, context: IStepContext): EcrBuildAndPublishTargets {
    requireV2(scope, context, 'ECRBuildAndPublish');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    const logs = pipelineLogTargets(scope, context);
    if (o.registryType === actions.RegistryType.PUBLIC) {
      const publicArn = (name: string) => Stack.of(scope).formatArn({ service: 'ecr-public', region: '', resource: 'repository', resourceName: name });
      const repository = publicArn(this.repository.repositoryName);
      return {
        input,
        registryType: actions.RegistryType.PUBLIC,
        repositoryArn: repository,
        repositoryCallArn: repository,
        otherRepositoryArn: publicArn('intruder'),
        logs,
      };
    }
    const repositoryArn = (name: string) => Stack.of(this.repository).formatArn({
      service: 'ecr', resource: 'repository', resourceName: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    return {
      input,
      registryType: actions.RegistryType.PRIVATE,
      repositoryArn: this.repository.repositoryArn,
      // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
      // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
      repositoryCallArn: repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!),
      otherRepositoryArn: repositoryArn('intruder'),
      logs,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: EcrBuildAndPublishTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.EcrBuildAndPublishAction({
      ...base,
      input: t.input,
      repositoryName: this.repository.repositoryName,
      registryType: t.registryType,
      dockerfileDirectoryPath: o.dockerfileDirectory,
      imageTags: o.imageTags ?? ['latest'],
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const repositoryName = a.config.ECRRepositoryName;
  const tags = list(a, 'ImageTags');
  if (tags && tags.length > 10) a.configProblem('InvalidConfiguration', `ImageTags lists at most 10 tags, got ${tags.length}`, 'ImageTags');
  const input = a.inputs[0];
  if (repositoryName === undefined || (tags && tags.length > 10)) return undefined;
  // Build.ecrBuildAndPublish at call time (build.ts imports this module).
  return scope => Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), {
    actionName: a.name,
    runOrder: a.data.runOrder,
    dockerfileDirectory: a.config.DockerFilePath,
    imageTags: tags,
    input: input !== undefined ? a.inputRef(input) : undefined,
    registryType: a.config.RegistryType === 'public' ? actions.RegistryType.PUBLIC : a.config.RegistryType === 'private' ? actions.RegistryType.PRIVATE : undefined,
  });
}

/** The ECRBuildAndPublish build provider (action reference: ECRBuildAndPublish). */
export const ECR_BUILD_AND_PUBLISH_PROVIDER: ProviderDefinition = {
  title: 'Amazon ECR build and publish',
  category: 'Build',
  owner: 'AWS',
  provider: 'ECRBuildAndPublish',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECRBuildAndPublish.html',
  factory: 'Build.ecrBuildAndPublish',
  iam: [ECR_BUILD_AND_PUBLISH_IAM, ECR_PUBLIC_BUILD_AND_PUBLISH_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ECRRepositoryName', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The repository the image is pushed to.', example: 'shop-web' },
    { name: 'DockerFilePath', kind: KeyKind.STRING, option: 'dockerfileDirectory', description: 'The folder of the Dockerfile in the input (default: its root).', example: './services/web' },
    { name: 'ImageTags', kind: KeyKind.LIST, option: 'imageTags', description: 'The tags of the image, comma-separated, at most 10 (default: latest).', example: 'latest,#{codepipeline.PipelineExecutionId}' },
    { name: 'RegistryType', kind: KeyKind.ENUM, values: ['private', 'public'], option: 'registryType', description: 'Whether the repository is private or an ECR Public one (default: private).', example: 'private' },
  ],
  fromFile,
};
