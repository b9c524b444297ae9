import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { CUSTOM_ACTION_PROVIDER } from './custom-action';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Build.jenkins` and `Test.jenkins`. */
export interface JenkinsOptions extends StepOptions {
  /**
   * The Jenkins custom action provider, e.g. `new actions.JenkinsProvider(this, 'Jenkins', { providerName: 'Jenkins', serverUrl })`
   * or `JenkinsProvider.fromJenkinsProviderAttributes(...)` when it is registered elsewhere. The Jenkins
   * CodePipeline plugin polls for jobs with its own credentials; no AWS role is involved.
   */
  readonly provider: actions.IJenkinsProvider;

  /** The Jenkins project (job) to run. */
  readonly projectName: string;

  /**
   * The artifacts the job reads.
   *
   * @default [PipelineArtifact.SOURCE_OUTPUT]
   */
  readonly inputs?: PipelineArtifact[];

  /**
   * How many output artifacts the job writes.
   *
   * @default - 1 for a build, 0 for a test
   */
  readonly outputCount?: number;
}

/** What the Jenkins action reads, resolved from its options. */
interface JenkinsTargets {
  readonly inputs: codepipeline.Artifact[];
  readonly outputs: codepipeline.Artifact[];
}

/** A Jenkins job (a custom action): no role, so no IAM to declare. */
export class JenkinsStep extends ProviderAction<JenkinsOptions, JenkinsTargets> {
  public readonly defaultActionName: string;
  // The Jenkins plugin polls with its own credentials: the action takes no role.
  protected readonly permissions = undefined;

  constructor(private readonly type: actions.JenkinsActionType, options: JenkinsOptions) {
    super(options);
    if (!options.projectName || options.projectName.trim() === '') {
      fail(undefined, 'MissingJenkinsProject', `Jenkins: projectName is ${show(options.projectName)}: give the Jenkins job to run`);
    }
    this.defaultActionName = `Jenkins-${options.projectName}`.replace(/[^A-Za-z0-9.@_-]+/g, '-').slice(0, 100);
  }

  protected targets(scope: Construct, context: IStepContext): JenkinsTargets {
    const o = this.options;
    const inputs = (o.inputs ?? [PipelineArtifact.SOURCE_OUTPUT]).map(ref => context.artifact(ref));
    const outputCount = o.outputCount ?? (this.type === actions.JenkinsActionType.BUILD ? 1 : 0);
    // The bounds of the Jenkins action type aws-cdk-lib registers: a custom action type's.
    checkArtifactBounds(scope, context, `Jenkins (${o.provider.providerName})`, CUSTOM_ACTION_PROVIDER.bounds, inputs.length, outputCount);
    const outputs: codepipeline.Artifact[] = Array.from({ length: outputCount }, (_, i) => context.output(i === 0 ? undefined : `Output${i + 1}`));
    return { inputs, outputs };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: JenkinsTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.JenkinsAction({
      actionName: base.actionName,
      runOrder: base.runOrder,
      jenkinsProvider: this.options.provider,
      projectName: this.options.projectName,
      type: this.type,
      inputs: t.inputs,
      outputs: t.outputs,
    })];
  }
}
