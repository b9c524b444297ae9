import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { newActionRole } from '../private/action-role';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Invoke.lambdaFunction`. */
export interface LambdaInvokeOptions extends StepOptions {
  /**
   * Parameters handed to the function as JSON (`CodePipeline.job.data.actionConfiguration.configuration.UserParameters`).
   *
   * @default - none
   */
  readonly userParameters?: Record<string, any>;

  /**
   * Artifacts handed to the function.
   *
   * @default - none
   */
  readonly inputs?: PipelineArtifact[];

  /**
   * A namespace for the variables the function returns (`outputVariables`), referenced as `#{namespace.NAME}`.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;
}

export class LambdaInvoke extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly fn: lambda.IFunction, public readonly options: LambdaInvokeOptions) {
    super(options);
    this.defaultActionName = actionName(fn.node.id || 'Invoke');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return {
      actions: [new actions.LambdaInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        lambda: this.fn,
        userParameters: this.options.userParameters,
        inputs: (this.options.inputs ?? []).map(ref => context.artifact(ref)),
        variablesNamespace: this.options.variablesNamespace,
        // aws-cdk-lib's grants for this action are exact; they land in a managed policy.
        role: newActionRole(scope, context, []).role,
      })],
    };
  }
}
