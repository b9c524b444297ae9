import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { CdkSynthBuild, CdkSynthOptions } from './cdk-synth';
import { CodeBuildBuild, CodeBuildBuildOptions } from './codebuild';
import { CommandsOptions, CommandsStep } from './commands';
import { ContainerImageBuild, ContainerImageBuildOptions } from './container-image';
import { CustomActionOptions } from './custom-action';
import { EcrBuildAndPublish, EcrBuildAndPublishOptions } from './ecr-build-and-publish';
import { JenkinsOptions, JenkinsStep } from './jenkins';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { CustomStep } from '../providers/private/custom-step';
import { registerProviderStep, StepBinder } from '../providers/provider-action';

/**
 * The build step: compiles and packages the source into the build output that deploys receive.
 */
export abstract class Build extends PipelineStep {
  /**
   * Builds with AWS CodeBuild, from a list of commands or a build spec; with several inputs and
   * outputs, batch builds, exported variables and a VPC when needed.
   *
   * @example
   * Build.codeBuild({
   *   commands: ['npm ci', 'npm run build'],
   *   secrets: { NPM_TOKEN: npmToken },
   * });
   */
  public static codeBuild(options: CodeBuildBuildOptions): Build {
    return new ImplementedBuild(new CodeBuildBuild(options));
  }

  /**
   * Runs shell commands in CodePipeline-managed compute, without a CodeBuild project (the Commands
   * action). V2 pipelines only.
   *
   * @example
   * Build.commands({ commands: ['npm ci', 'npm run build'], outputFiles: ['dist/**\/*'], secrets: { NPM_TOKEN: npmToken } });
   */
  public static commands(options: CommandsOptions): Build {
    return new ImplementedBuild(new CommandsStep(options));
  }

  /**
   * Synthesizes the pipeline's CDK app (`npm ci`, `npx cdk synth` unless other `commands` are given) in
   * CodeBuild; the build output is the cloud assembly folder only, which `Deploy.cdkStage` deploys from.
   *
   * @example
   * Build.cdkSynth({ commands: ['npm ci', 'npm run build', 'npx cdk synth'] });
   */
  public static cdkSynth(options: CdkSynthOptions = {}): Build {
    return new ImplementedBuild(new CdkSynthBuild(options));
  }

  /**
   * Builds a container image from the source's Dockerfile with CodeBuild, tags it with the commit, pushes
   * it to the ECR repository and writes `imagedefinitions.json` (for `Deploy.ecs`) and/or
   * `imageDetail.json` (for `Deploy.codeDeployEcs`) as the build output. The project, the only
   * privileged one, may push to exactly that repository.
   *
   * @example
   * Build.containerImage({ repository, containerName: 'web', pullThroughCachePrefix: 'docker-hub' });
   */
  public static containerImage(options: ContainerImageBuildOptions): Build {
    return new ImplementedBuild(new ContainerImageBuild(options));
  }

  /**
   * Builds a Docker image from the source and pushes it to an Amazon ECR repository, without a
   * CodeBuild project. V2 pipelines only.
   *
   * @example
   * Build.ecrBuildAndPublish(repository, { imageTags: ['latest', '#{codepipeline.PipelineExecutionId}'] });
   */
  public static ecrBuildAndPublish(repository: ecr.IRepository, options: EcrBuildAndPublishOptions = {}): Build {
    return new ImplementedBuild(new EcrBuildAndPublish(repository, options));
  }

  /**
   * Runs a Jenkins job through the Jenkins CodePipeline plugin (a custom action).
   *
   * @example
   * Build.jenkins({ provider: jenkinsProvider, projectName: 'shop-build' });
   */
  public static jenkins(options: JenkinsOptions): Build {
    return new ImplementedBuild(new JenkinsStep(actions.JenkinsActionType.BUILD, options));
  }

  /**
   * Any custom or third-party build action type (CloudBees, TeamCity, your own job worker), declared
   * by owner, provider and version.
   *
   * @example
   * Build.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'TeamCity', configuration: { BuildConfigurationID: 'Shop_Build' } });
   */
  public static custom(options: CustomActionOptions): Build {
    return new ImplementedBuild(new CustomStep('Build.custom', codepipeline.ActionCategory.BUILD, options));
  }

  public readonly category = StepCategory.BUILD;
}

/**
 * What every `Build` factory returns: a build that binds through its provider module's binder. Private, as
 * in aws-cdk-lib's `CodePipelineSource`: users see `Build`, and `bind` is the binder's.
 */
class ImplementedBuild extends Build {
  public readonly defaultActionName: string;

  constructor(private readonly binder: StepBinder) {
    super(binder.options);
    this.defaultActionName = binder.defaultActionName;
    registerProviderStep(this, binder);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.binder.bind(scope, context);
  }
}
