import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { Source } from './source';
import { actionName } from '../core/private/names';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the ECR source's IAM and action read, resolved from its options. */
interface EcrSourceTargets {
  readonly output: codepipeline.Artifact;
  /** The repository's ARN, as its grant names it. */
  readonly repositoryArn: string;
  /** The ARN of the repository of this name in the repository's account and region (the calls' resource). */
  readonly repositoryNamed: (name: string) => string;
  /** The repository's name, from its ARN. */
  readonly repositoryName: string;
}

/** The ECR source's IAM (the page's "Service role permissions"), with the calls it makes. */
export const ECR_SOURCE_IAM: ProviderIam<EcrSourceTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html#edit-role-ecr',
  // aws-cdk-lib's grants for this action are exact (ecr:DescribeImages on the repository, writes to the
  // artifact store); the library writes them itself.
  artifacts: ArtifactAccess.WRITE,
  statements: [
    {
      actions: ['ecr:DescribeImages'],
      resources: t => [t.repositoryArn],
      calls: t => [{ resource: t.repositoryNamed(t.repositoryName) }],
    },
  ],
  denied: t => [
    { action: 'ecr:PutImage', resource: t.repositoryNamed(t.repositoryName), reason: 'a source reads the repository, never pushes to it' },
    { action: 'ecr:BatchDeleteImage', resource: t.repositoryNamed(t.repositoryName), reason: 'a source never deletes images' },
    { action: 'ecr:DescribeImages', resource: t.repositoryNamed('intruder'), reason: 'another repository' },
  ],
};

export class EcrSource extends ProviderAction<EcrSourceOptions, EcrSourceTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = ECR_SOURCE_IAM;

  constructor(private readonly repository: ecr.IRepository, options: EcrSourceOptions) {
    super(options);
    this.defaultActionName = actionName(repository.node.id || 'Image');
  }

  protected targets(_scope: Construct, context: IStepContext): EcrSourceTargets {
    const repository = this.repository;
    return {
      output: context.output(),
      repositoryArn: repository.repositoryArn,
      repositoryNamed: name => Stack.of(repository).formatArn({
        service: 'ecr', resource: 'repository', resourceName: name, account: repository.env.account, region: repository.env.region,
      }),
      // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
      // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
      repositoryName: Arn.split(repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: EcrSourceTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.EcrSourceAction({
      ...base,
      repository: this.repository,
      imageTag: this.options.imageTag ?? 'latest',
      variablesNamespace: this.options.variablesNamespace,
      output: t.output,
    })];
  }
}

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
  iam: [ECR_SOURCE_IAM],
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'RepositoryName', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The repository the image is pushed to.', example: 'shop' },
    { name: 'ImageTag', kind: KeyKind.STRING, option: 'imageTag', description: 'The image tag whose pushes start the pipeline (latest when left out).', example: 'release' },
  ],
  // The action's namespace is the typed variablesNamespace.
  fileKeys: ['namespace'],
  fromFile,
};
