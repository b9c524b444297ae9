import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { Source } from './source';
import { fail } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { flag } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { withConfiguration } from './private/configured-action';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { registerCodeCommitClone } from '../providers/private/clone-outputs';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Source.codeCommit`. */
export interface CodeCommitSourceOptions extends StepOptions {
  /**
   * Start the pipeline on pushes to the branch (through an EventBridge rule).
   *
   * @default - true, unless `pollForSourceChanges` is set
   */
  readonly triggerOnPush?: boolean;

  /**
   * Let CodePipeline poll the repository for changes (`PollForSourceChanges: true`) instead of the
   * EventBridge rule; AWS recommends the rule. With it, no rule is created (`triggerOnPush` must not be true).
   *
   * @default false
   */
  readonly pollForSourceChanges?: boolean;

  /**
   * Hand CodeBuild a full git clone (with history and metadata) instead of a zip of the files
   * (`OutputArtifactFormat` `CODEBUILD_CLONE_REF`; `false` writes `CODE_ZIP`, CodePipeline's default, explicitly).
   *
   * @default - a zip of the files (no `OutputArtifactFormat` is written: CodePipeline's default, CODE_ZIP)
   */
  readonly codeBuildCloneOutput?: boolean;

  /**
   * The namespace of the variables the source emits (CommitId, CommitMessage, BranchName, RepositoryName, AuthorDate, CommitterDate), read as `#{namespace.<name>}`
   * references. `ActionVariable.of(source, ...)` names it after the action instead; give one or the other.
   *
   * @default - none, unless an `ActionVariable` of the source is read
   */
  readonly variablesNamespace?: string;
}

/** What the CodeCommit source's IAM and action read, resolved from its options. */
interface CodeCommitSourceTargets {
  readonly output: codepipeline.Artifact;
  /** The repository's ARN, as granted. */
  readonly repositoryArn: string;
  /** The ARN of the repository of this name in the repository's account and region (the calls' resource). */
  readonly repositoryNamed: (name: string) => string;
  /** The repository's name, from its ARN. */
  readonly repositoryName: string;
}

/** "The CodeCommit action in CodePipeline checks that the pipeline artifact bucket exists": s3:ListBucket. */
const BUCKET_CHECK_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#troubleshooting-S3-access-denied-list';

/**
 * The CodeCommit source's IAM (the page's "Service role permissions"), with the calls it makes. CodeCommit
 * uploads the archive into the artifact store, after checking that the bucket exists (s3:ListBucket, the
 * troubleshooting page).
 */
export const CODECOMMIT_SOURCE_IAM: ProviderIam<CodeCommitSourceTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html#edit-role-codecommit',
  artifacts: ArtifactAccess.WRITE,
  artifactGrant: {
    access: ArtifactAccess.READ_WRITE,
    reason: "aws-cdk-lib's CodeCommitSourceAction grants read and write; CodePipeline documents the writes and the bucket " +
      'check (s3:ListBucket, which only the read grant holds). Narrowing it to write and list waits for a deployed proof.',
  },
  artifactBucketCalls: bucket => [{ resource: bucket, actions: ['s3:ListBucket'], documentation: BUCKET_CHECK_DOC }],
  statements: [
    {
      // The calls the CodeCommit action reference lists, on the repository only. aws-cdk-lib grants
      // codecommit:GetRepository only for full clones, but the reference lists it for every source.
      actions: [
        'codecommit:CancelUploadArchive', 'codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:GetRepository',
        'codecommit:GetUploadArchiveStatus', 'codecommit:UploadArchive',
      ],
      resources: t => [t.repositoryArn],
      calls: t => [{ resource: t.repositoryNamed(t.repositoryName) }],
    },
  ],
  denied: t => [
    { action: 'codecommit:GitPush', resource: t.repositoryNamed(t.repositoryName), reason: 'a source reads the repository, never writes it' },
    { action: 'codecommit:DeleteBranch', resource: t.repositoryNamed(t.repositoryName), reason: 'a source reads the repository, never writes it' },
    { action: 'codecommit:GetBranch', resource: t.repositoryNamed('intruder'), reason: 'another repository' },
  ],
};

export class CodeCommitSource extends ProviderAction<CodeCommitSourceOptions, CodeCommitSourceTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = CODECOMMIT_SOURCE_IAM;

  constructor(
    private readonly repository: codecommit.IRepository,
    private readonly branch: string,
    options: CodeCommitSourceOptions,
  ) {
    super(options);
    if (options.pollForSourceChanges && options.triggerOnPush) {
      fail(undefined, 'DuplicateChangeDetection',
        'Source.codeCommit: pollForSourceChanges and triggerOnPush would both start the pipeline on every push (duplicate executions): keep one of them');
    }
    this.defaultActionName = actionName(repository.node.id || 'CodeCommit');
  }

  protected targets(_scope: Construct, context: IStepContext): CodeCommitSourceTargets {
    const output = context.output();
    if (this.options.codeBuildCloneOutput) {
      registerCodeCommitClone(output, this.repository);
    }
    const repository = this.repository;
    const stack = Stack.of(repository);
    return {
      output,
      repositoryArn: repository.repositoryArn,
      repositoryNamed: name => stack.formatArn({ service: 'codecommit', resource: name, account: repository.env.account, region: repository.env.region }),
      // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
      // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
      repositoryName: Arn.split(repository.repositoryArn, ArnFormat.NO_RESOURCE_NAME).resource,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CodeCommitSourceTargets, base: ActionBase): codepipeline.IAction[] {
    return [withConfiguration(new actions.CodeCommitSourceAction({
      ...base,
      repository: this.repository,
      branch: this.branch,
      output: t.output,
      trigger: this.options.pollForSourceChanges ? actions.CodeCommitTrigger.POLL
        : (this.options.triggerOnPush ?? true) ? actions.CodeCommitTrigger.EVENTS : actions.CodeCommitTrigger.NONE,
      codeBuildCloneOutput: this.options.codeBuildCloneOutput ?? false,
      variablesNamespace: this.options.variablesNamespace,
    // aws-cdk-lib writes no OutputArtifactFormat for a zip: CODE_ZIP when it was asked for explicitly.
    }), { OutputArtifactFormat: this.options.codeBuildCloneOutput === false ? 'CODE_ZIP' : undefined })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const repositoryName = a.config.RepositoryName;
  const branch = a.config.BranchName;
  const format = a.config.OutputArtifactFormat;
  if (repositoryName === undefined || branch === undefined) return undefined;
  const polls = flag(a, 'PollForSourceChanges') === true;
  // Source.codeCommit at call time (source.ts imports this module).
  return scope => Source.codeCommit(codecommit.Repository.fromRepositoryName(scope, 'Repository', repositoryName), branch, {
    actionName: a.name,
    variablesNamespace: a.data.namespace,
    runOrder: a.data.runOrder,
    pollForSourceChanges: polls,
    triggerOnPush: !polls,
    codeBuildCloneOutput: format !== undefined ? format === 'CODEBUILD_CLONE_REF' : undefined,
  });
}

/** The CodeCommit source provider (action reference: CodeCommit). */
export const CODECOMMIT_SOURCE_PROVIDER: ProviderDefinition = {
  title: 'AWS CodeCommit source',
  category: 'Source',
  owner: 'AWS',
  provider: 'CodeCommit',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html',
  factory: 'Source.codeCommit',
  iam: [CODECOMMIT_SOURCE_IAM],
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'RepositoryName', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The repository where source changes are detected.', example: 'shop' },
    { name: 'BranchName', required: true, kind: KeyKind.STRING, option: 'branch', description: 'The branch where source changes are detected.', example: 'main' },
    { name: 'PollForSourceChanges', kind: KeyKind.BOOLEAN, option: 'pollForSourceChanges', description: 'CodePipeline polls the repository (true) instead of an EventBridge rule starting the pipeline (false, what the library writes when it is left out and creates the rule).', example: 'false' },
    { name: 'OutputArtifactFormat', kind: KeyKind.ENUM, values: ['CODE_ZIP', 'CODEBUILD_CLONE_REF'], option: 'codeBuildCloneOutput', description: 'A zip of the files (CODE_ZIP, the default) or a Git reference that downstream CodeBuild actions clone (CODEBUILD_CLONE_REF).', example: 'CODEBUILD_CLONE_REF' },
  ],
  // The action's namespace is the typed variablesNamespace.
  fileKeys: ['namespace'],
  fromFile,
};
