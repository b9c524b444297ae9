import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { newActionRole } from '../private/action-role';
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
    return {
      actions: [new actions.CodeCommitSourceAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        repository: this.repository,
        branch: this.branch,
        output: context.output(),
        trigger: (this.options.triggerOnPush ?? true) ? actions.CodeCommitTrigger.EVENTS : actions.CodeCommitTrigger.NONE,
        codeBuildCloneOutput: this.options.codeBuildCloneOutput ?? false,
        // aws-cdk-lib's grants for this action are exact; they land in a managed policy.
        role: newActionRole(scope, context, []).role,
      })],
    };
  }
}
