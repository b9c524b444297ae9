import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

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
    checkArtifactBounds(scope, context, 'ECRBuildAndPublish', { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 }, 1, 0);
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
    return {
      actions: [new actions.EcrBuildAndPublishAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        input,
        role: forAction,
        repositoryName: this.repository.repositoryName,
        registryType: actions.RegistryType.PRIVATE,
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
