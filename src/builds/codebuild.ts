import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { CodeBuildStepOptions } from './codebuild-options';
import { IStepContext, StepBinding } from '../core/step';
import { bindCodeBuildStep } from '../private/codebuild-step';
import { StepImplementation } from '../private/step-implementation';

/** A further output of a CodeBuild build (a CodeBuild secondary artifact). */
export interface BuildOutput {
  /** The output's name; later steps read it with `PipelineArtifact.fromStep('<ActionName>_<name>')`. */
  readonly name: string;

  /**
   * The folder whose files become this output.
   *
   * @default - the whole working directory
   */
  readonly directory?: string;

  /**
   * Glob patterns of the files, under `directory`, that become this output.
   *
   * @default ['**\/*']
   */
  readonly files?: string[];
}

/** Options for `Build.codeBuild`. */
export interface CodeBuildBuildOptions extends CodeBuildStepOptions {
  /**
   * The folder whose files become the build output (what deploys receive).
   *
   * @default - the working directory, holding only the files the later steps read (see `outputFiles`)
   */
  readonly outputDirectory?: string;

  /**
   * Glob patterns of the files, under `outputDirectory`, that become the build output. Deploys that
   * read a file outside them are a synth error.
   *
   * @default - with `outputDirectory`, ['**\/*'] under it; without, exactly the files the later steps
   * read (`imagedefinitions.json` for `Deploy.ecs`, the template for `Deploy.cloudFormation`, the cloud
   * assembly for `Deploy.cdkStage`, ...), and the whole working directory only when a later step reads
   * the whole artifact (e.g. `Deploy.s3`)
   */
  readonly outputFiles?: string[];

  /**
   * Up to 4 more outputs besides the build output (CodeBuild allows 5 in all).
   *
   * @default - only the build output
   */
  readonly additionalOutputs?: BuildOutput[];

  /**
   * Run a batch build (build list, matrix or graph) from the `batch` section of `buildSpec`.
   *
   * @default false
   */
  readonly batchBuild?: boolean;

  /**
   * In a batch build, combine the builds' artifacts into the one build output.
   *
   * @default false
   */
  readonly combineBatchArtifacts?: boolean;
}

export class CodeBuildBuild extends StepImplementation {
  public readonly defaultActionName = 'Build';

  constructor(public readonly options: CodeBuildBuildOptions) {
    super(options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindCodeBuildStep(scope, context, {
      ...this.options,
      secondaryOutputs: this.options.additionalOutputs,
      produceOutput: true,
      type: actions.CodeBuildActionType.BUILD,
    });
  }
}
