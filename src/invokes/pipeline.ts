import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Invoke.pipeline`. */
export interface PipelineInvokeOptions extends StepOptions {
  /**
   * Pipeline-level variables to start the target pipeline with (it must declare them), e.g. `{ version: '#{Build.VERSION}' }`.
   *
   * @default - none
   */
  readonly variables?: Record<string, string>;

  /**
   * Source revisions to start the target pipeline's sources at, by source action name, e.g.
   * `{ Source: '#{Source.CommitId}' }` (a commit ID, S3 object version or image digest).
   *
   * @default - each source's latest revision
   */
  readonly sourceRevisions?: Record<string, string>;

  /**
   * With `sourceRevisions`: what each revision value is.
   *
   * @default actions.RevisionType.COMMIT_ID
   */
  readonly revisionType?: actions.RevisionType;
}

const VARIABLE = /^[A-Za-z0-9@\-_]{1,128}$/;

export class PipelineInvoke extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly target: codepipeline.IPipeline, public readonly options: PipelineInvokeOptions) {
    super(options);
    for (const [name, value] of Object.entries(options.variables ?? {})) {
      if (!VARIABLE.test(name) || value.length < 1 || value.length > 1000) {
        fail(undefined, 'InvalidPipelineVariable',
          `Invoke.pipeline: variable names are 1 to 128 of letters, digits, @ - _ and values 1 to 1000 characters, got ${show(name)}`);
      }
    }
    this.defaultActionName = actionName(`Start-${target.node.id || 'Pipeline'}`);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    checkArtifactBounds(scope, context, 'CodePipeline', { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 }, 0, 0);
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['codepipeline:StartPipelineExecution'], resources: [this.target.pipelineArn] }),
    ]);
    const pipeline = (name: string) => Stack.of(this.target).formatArn({
      service: 'codepipeline',
      resource: name,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
      account: this.target.env.account,
      region: this.target.env.region,
    });
    DocumentedCalls.add(role, { action: 'codepipeline:StartPipelineExecution', resource: pipeline(this.target.pipelineName), documentation: PIPELINE_INVOKE_DOC });
    DocumentedCalls.addDenied(role,
      { action: 'codepipeline:StartPipelineExecution', resource: pipeline('intruder'), reason: 'another pipeline' },
      { action: 'codepipeline:UpdatePipeline', resource: pipeline(this.target.pipelineName), reason: 'the action starts the pipeline, never changes it' },
    );
    return {
      actions: [new actions.PipelineInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        targetPipeline: this.target,
        role: forAction,
        variables: o.variables ? Object.entries(o.variables).map(([name, value]) => ({ name, value })) : undefined,
        sourceRevisions: o.sourceRevisions
          ? Object.entries(o.sourceRevisions).map(([actionName_, revisionValue]) => ({
            actionName: actionName_, revisionValue, revisionType: o.revisionType ?? actions.RevisionType.COMMIT_ID,
          }))
          : undefined,
      })],
    };
  }
}

/** The CodePipeline invoke action's reference page: its "Service role permissions" section lists this call. */
const PIPELINE_INVOKE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-PipelineInvoke.html#action-reference-PipelineInvoke-permissions-action';
