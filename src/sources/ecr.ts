import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { Source } from './source';
import { actionName } from '../core/private/names';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

/** Options for `Source.ecr`. */
export interface EcrSourceOptions extends StepOptions {
  /**
   * The image tag whose pushes start the pipeline.
   *
   * @default 'latest'
   */
  readonly imageTag?: string;

  /**
   * The namespace of the variables the source emits (ImageDigest, ImageTag, ImageURI, RegistryId, RepositoryName), read as `#{namespace.<name>}`
   * references. `ActionVariable.of(source, ...)` names it after the action instead; give one or the other.
   *
   * @default - none, unless an `ActionVariable` of the source is read
   */
  readonly variablesNamespace?: string;
}

export class EcrSource extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly repository: ecr.IRepository, public readonly options: EcrSourceOptions) {
    super(options);
    this.defaultActionName = actionName(repository.node.id || 'Image');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    // aws-cdk-lib's grants for this action are exact (ecr:DescribeImages on the repository, writes to the
    // artifact store); they land in a managed policy.
    const { role } = newActionRole(scope, context, []);
    recordArtifactCalls(role, context.artifactBucket, { write: true });
    const repositoryArn = (name: string) => Stack.of(this.repository).formatArn({
      service: 'ecr', resource: 'repository', resourceName: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const repository = repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!);
    DocumentedCalls.add(role, { action: 'ecr:DescribeImages', resource: repository, documentation: ECR_SOURCE_DOC });
    DocumentedCalls.addDenied(role,
      { action: 'ecr:PutImage', resource: repository, reason: 'a source reads the repository, never pushes to it' },
      { action: 'ecr:BatchDeleteImage', resource: repository, reason: 'a source never deletes images' },
      { action: 'ecr:DescribeImages', resource: repositoryArn('intruder'), reason: 'another repository' },
    );
    return {
      actions: [new actions.EcrSourceAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        repository: this.repository,
        imageTag: this.options.imageTag ?? 'latest',
        variablesNamespace: this.options.variablesNamespace,
        output: context.output(),
        role,
      })],
    };
  }
}

const ECR_SOURCE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html#edit-role-ecr';

function fromFile(a: ActionContext): StepFactory | undefined {
  const repositoryName = a.config.RepositoryName;
  const imageTag = a.config.ImageTag;
  if (repositoryName === undefined) return undefined;
  // Source.ecr at call time (source.ts imports this module).
  return scope => Source.ecr(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), {
    actionName: a.name,
    variablesNamespace: a.data.namespace,
    runOrder: a.data.runOrder,
    imageTag,
  });
}

/** The Amazon ECR source provider (action reference: ECR). */
export const ECR_SOURCE_PROVIDER: ProviderDefinition = {
  title: 'Amazon ECR source',
  category: 'Source',
  owner: 'AWS',
  provider: 'ECR',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html',
  factory: 'Source.ecr',
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'RepositoryName', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The repository the image is pushed to.', example: 'shop' },
    { name: 'ImageTag', kind: KeyKind.STRING, option: 'imageTag', description: 'The image tag whose pushes start the pipeline (latest when left out).', example: 'release' },
  ],
  // The action's namespace is the typed variablesNamespace.
  fileKeys: ['namespace'],
  fromFile,
};
