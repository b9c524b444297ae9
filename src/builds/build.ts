import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { CodeBuildStepOptions } from './codebuild-options';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { bindCodeBuildStep } from '../private/codebuild-step';

/** Options for `Build.codeBuild`. */
export interface CodeBuildBuildOptions extends CodeBuildStepOptions {
  /**
   * The folder whose files become the build output (what deploys receive).
   *
   * @default - the whole working directory
   */
  readonly outputDirectory?: string;

  /**
   * Glob patterns of the files, under `outputDirectory`, that become the build output.
   *
   * @default ['**\/*']
   */
  readonly outputFiles?: string[];
}

/**
 * The build step: compiles and packages the source into the build output that deploys receive.
 */
export abstract class Build extends PipelineStep {
  /**
   * Builds with AWS CodeBuild, from a list of commands or a build spec.
   *
   * @example
   * Build.codeBuild({
   *   commands: ['npm ci', 'npm run build'],
   *   secrets: { NPM_TOKEN: npmToken },
   * });
   */
  public static codeBuild(options: CodeBuildBuildOptions): Build {
    return new CodeBuildBuild(options);
  }

  public readonly category = StepCategory.BUILD;
}

class CodeBuildBuild extends Build {
  public readonly defaultActionName = 'Build';

  constructor(private readonly options: CodeBuildBuildOptions) {
    super(options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindCodeBuildStep(scope, context, {
      ...this.options,
      produceOutput: true,
      type: actions.CodeBuildActionType.BUILD,
    });
  }
}
