import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Build } from './build';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

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

export class EcrBuildAndPublish extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly repository: ecr.IRepository, public readonly options: EcrBuildAndPublishOptions) {
    super(options);
    const tags = options.imageTags ?? [];
    if (tags.length > 10 || tags.some(t => !Token.isUnresolved(t) && t.trim() === '')) {
      fail(undefined, 'InvalidImageTags', `Build.ecrBuildAndPublish: imageTags must be 1 to 10 non-empty tags, got ${show(tags)}`);
    }
    this.defaultActionName = actionName(`Image-${repository.node.id || 'Repository'}`);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'ECRBuildAndPublish');
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    checkArtifactBounds(scope, context, 'ECRBuildAndPublish', ECR_BUILD_AND_PUBLISH_PROVIDER.bounds, 1, 0);
    if (o.registryType === actions.RegistryType.PUBLIC) return this.bindPublic(scope, context, input);
    // The action reference grants ecr:DescribeRepositories on '*'; it takes the repository resource type,
    // so it is granted on the one repository the action pushes to.
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({
        actions: REPOSITORY_CALLS,
        resources: [this.repository.repositoryArn],
      }),
      // GetAuthorizationToken supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      ...pipelineLogStatements(scope, context),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const repositoryArn = (name: string) => Stack.of(this.repository).formatArn({
      service: 'ecr', resource: 'repository', resourceName: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const repository = repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!);
    DocumentedCalls.add(role,
      ...REPOSITORY_CALLS.map(action => ({ action, resource: repository, documentation: ECR_BUILD_DOC })),
      { action: 'ecr:GetAuthorizationToken', resource: '*', documentation: ECR_BUILD_DOC },
      ...pipelineLogCalls(scope, context, ECR_BUILD_DOC),
    );
    DocumentedCalls.addDenied(role,
      { action: 'ecr:PutImage', resource: repositoryArn('intruder'), reason: 'another repository' },
      { action: 'ecr:BatchDeleteImage', resource: repository, reason: 'the action pushes images, never deletes them' },
      { action: 'ecr:DeleteRepository', resource: repository, reason: 'the repository outlives the pipeline' },
      ...deniedPipelineLogCalls(scope, context),
    );
    return this.binding(context, input, forAction, actions.RegistryType.PRIVATE);
  }

  /** An Amazon ECR Public repository (`ecr-public`, global: its ARN has no region). */
  private bindPublic(scope: Construct, context: IStepContext, input: codepipeline.Artifact): StepBinding {
    const stack = Stack.of(scope);
    const publicArn = (name: string) => stack.formatArn({ service: 'ecr-public', region: '', resource: 'repository', resourceName: name });
    const repository = publicArn(this.repository.repositoryName);
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: PUBLIC_REPOSITORY_CALLS, resources: [repository] }),
      // Neither supports resource-level permissions (ECR Public's "Pushing an image" permissions).
      new iam.PolicyStatement({ actions: ['ecr-public:GetAuthorizationToken', 'sts:GetServiceBearerToken'], resources: ['*'] }),
      ...pipelineLogStatements(scope, context),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    DocumentedCalls.add(role,
      ...PUBLIC_REPOSITORY_CALLS.map(action => ({ action, resource: repository, documentation: ECR_BUILD_DOC })),
      { action: 'ecr-public:GetAuthorizationToken', resource: '*', documentation: ECR_PUBLIC_PUSH_DOC },
      { action: 'sts:GetServiceBearerToken', resource: '*', documentation: ECR_PUBLIC_PUSH_DOC, context: { 'sts:AWSServiceName': 'ecr-public.amazonaws.com' } },
      ...pipelineLogCalls(scope, context, ECR_BUILD_DOC),
    );
    DocumentedCalls.addDenied(role,
      { action: 'ecr-public:PutImage', resource: publicArn('intruder'), reason: 'another repository' },
      { action: 'ecr-public:DeleteRepository', resource: repository, reason: 'the repository outlives the pipeline' },
      ...deniedPipelineLogCalls(scope, context),
    );
    return this.binding(context, input, forAction, actions.RegistryType.PUBLIC);
  }

  private binding(context: IStepContext, input: codepipeline.Artifact, role: iam.IRole, registryType: actions.RegistryType): StepBinding {
    const o = this.options;
    return {
      actions: [new actions.EcrBuildAndPublishAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        input,
        role,
        repositoryName: this.repository.repositoryName,
        registryType,
        dockerfileDirectoryPath: o.dockerfileDirectory,
        imageTags: o.imageTags ?? ['latest'],
      })],
    };
  }
}

/** The private-registry calls of the action's "Service role permissions" section, on the repository. */
const REPOSITORY_CALLS = ['ecr:BatchCheckLayerAvailability', 'ecr:CompleteLayerUpload', 'ecr:DescribeRepositories', 'ecr:GetDownloadUrlForLayer',
  'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];

const ECR_BUILD_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECRBuildAndPublish.html#edit-role-ECRBuildAndPublish';

/** The public-registry calls of the action's "Service role permissions" section, on the repository. */
const PUBLIC_REPOSITORY_CALLS = ['ecr-public:BatchCheckLayerAvailability', 'ecr-public:CompleteLayerUpload', 'ecr-public:DescribeRepositories',
  'ecr-public:InitiateLayerUpload', 'ecr-public:PutImage', 'ecr-public:UploadLayerPart'];

/** Pushing to ECR Public needs its authorization token and an STS bearer token. */
const ECR_PUBLIC_PUSH_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/public/public-repository-policies.html';

function fromFile(a: ActionContext): StepFactory | undefined {
  const repositoryName = a.config.ECRRepositoryName;
  const tags = a.config.ImageTags?.split(',').map(t => t.trim());
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
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ECRRepositoryName', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The repository the image is pushed to.', example: 'shop-web' },
    { name: 'DockerFilePath', kind: KeyKind.STRING, option: 'dockerfileDirectory', description: 'The folder of the Dockerfile in the input (default: its root).', example: './services/web' },
    { name: 'ImageTags', kind: KeyKind.LIST, option: 'imageTags', description: 'The tags of the image, comma-separated, at most 10 (default: latest).', example: 'latest,#{codepipeline.PipelineExecutionId}' },
    { name: 'RegistryType', kind: KeyKind.ENUM, values: ['private', 'public'], option: 'registryType', description: 'Whether the repository is private or an ECR Public one (default: private).', example: 'private' },
  ],
  fromFile,
};
