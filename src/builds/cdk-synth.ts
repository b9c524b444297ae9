import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { CodeBuildStepOptions } from './codebuild-options';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding } from '../core/step';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';
import { declareFiles } from '../providers/private/declared-files';
import { StepBinder } from '../providers/provider-action';

/** Options for `Build.cdkSynth`. */
export interface CdkSynthOptions extends CodeBuildStepOptions {
  /**
   * The folder `cdk synth` writes the cloud assembly to (the `output` of `cdk.json`); it is the build's
   * whole output.
   *
   * @default 'cdk.out'
   */
  readonly cloudAssemblyDirectory?: string;
}

/**
 * A CDK synth build: a `StepBinder`, not a `ProviderAction`, because it binds through `bindCodeBuildStep`
 * (its action role is the stage's shared CodeBuild action role, given `CODEBUILD_ACTION_IAM` there).
 */
export class CdkSynthBuild implements StepBinder {
  public readonly defaultActionName = 'Synth';

  constructor(public readonly options: CdkSynthOptions) {
    const dir = options.cloudAssemblyDirectory;
    if (dir !== undefined && (dir.trim() === '' || dir.startsWith('/') || dir.split('/').includes('..'))) {
      fail(undefined, 'InvalidCloudAssemblyDirectory', `Build.cdkSynth: cloudAssemblyDirectory must be a relative folder inside the build (no leading '/', no '..'), got ${show(dir)}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const dir = (o.cloudAssemblyDirectory ?? 'cdk.out').replace(/\/+$/, '');
    const files = [`${dir}/**/*`];
    const result = bindCodeBuildStep(scope, context, {
      ...o,
      commands: o.buildSpec ? undefined : o.commands ?? ['npm ci', 'npx cdk synth'],
      outputFiles: files,
      produceOutput: true,
      type: actions.CodeBuildActionType.BUILD,
    });
    const output = result.actions[0].actionProperties.outputs![0] as codepipeline.Artifact;
    declareFiles(output, `'${context.actionName}' (stage '${context.stageName}', Build.cdkSynth)`, files,
      "set that build's 'cloudAssemblyDirectory' to the folder 'cdk synth' writes (cdk.json's 'output')");
    return { actions: result.actions };
  }
}
