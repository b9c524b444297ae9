import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { registerCodeCommitClone } from '../private/clone-outputs';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Source.codeCommit`. */
export interface CodeCommitSourceOptions extends StepOptions {
  /**
   * Start the pipeline on pushes to the branch (through an EventBridge rule).
   *
   * @default true
   */
  readonly triggerOnPush?: boolean;

  /**
   * Hand CodeBuild a full git clone (with history and metadata) instead of a zip of the files.
   *
   * @default false
   */
  readonly codeBuildCloneOutput?: boolean;
}

export class CodeCommitSource extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(
    private readonly repository: codecommit.IRepository,
    private readonly branch: string,
    public readonly options: CodeCommitSourceOptions,
  ) {
    super(options);
    this.defaultActionName = actionName(repository.node.id || 'CodeCommit');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const output = context.output();
    if (this.options.codeBuildCloneOutput) {
      registerCodeCommitClone(output, this.repository);
    }
    // The calls the CodeCommit action reference lists, on the repository only. aws-cdk-lib grants
    // codecommit:GetRepository only for full clones, but the reference lists it for every source.
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({
        actions: CODECOMMIT_CALLS,
        resources: [this.repository.repositoryArn],
      }),
    ]);
    // CodeCommit uploads the archive into the artifact store, after checking that the bucket exists
    // (s3:ListBucket, troubleshooting page); grantReadWrite holds exactly these.
    context.artifactBucket.grantReadWrite(role);
    recordArtifactCalls(role, context.artifactBucket, { write: true });
    const stack = Stack.of(this.repository);
    const repositoryArn = (name: string) => stack.formatArn({
      service: 'codecommit', resource: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const repository = repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.NO_RESOURCE_NAME).resource);
    DocumentedCalls.add(role,
      ...CODECOMMIT_CALLS.map(action => ({ action, resource: repository, documentation: CODECOMMIT_DOC })),
      { action: 's3:ListBucket', resource: context.artifactBucket.bucketArn, documentation: BUCKET_CHECK_DOC },
    );
    DocumentedCalls.addDenied(role,
      { action: 'codecommit:GitPush', resource: repository, reason: 'a source reads the repository, never writes it' },
      { action: 'codecommit:DeleteBranch', resource: repository, reason: 'a source reads the repository, never writes it' },
      { action: 'codecommit:GetBranch', resource: repositoryArn('intruder'), reason: 'another repository' },
    );
    return {
      actions: [new actions.CodeCommitSourceAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        repository: this.repository,
        branch: this.branch,
        output,
        trigger: (this.options.triggerOnPush ?? true) ? actions.CodeCommitTrigger.EVENTS : actions.CodeCommitTrigger.NONE,
        codeBuildCloneOutput: this.options.codeBuildCloneOutput ?? false,
        role: forAction,
      })],
    };
  }
}

/** The calls the CodeCommit action's "Service role permissions" section lists, all on the repository. */
const CODECOMMIT_CALLS = [
  'codecommit:CancelUploadArchive', 'codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:GetRepository',
  'codecommit:GetUploadArchiveStatus', 'codecommit:UploadArchive',
];

const CODECOMMIT_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html#edit-role-codecommit';

/** "The CodeCommit action in CodePipeline checks that the pipeline artifact bucket exists": s3:ListBucket. */
const BUCKET_CHECK_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#troubleshooting-S3-access-denied-list';
