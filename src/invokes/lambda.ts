import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../private/action-checks';
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
   * A namespace for the variables the function returns (`outputVariables` of `PutJobSuccessResult`),
   * referenced as `#{namespace.NAME}`.
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
    const inputs = (this.options.inputs ?? []).map(ref => context.artifact(ref));
    checkArtifactBounds(scope, context, 'Lambda', { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 }, inputs.length, 0);
    // Invoking is all CodePipeline does with the function: aws-cdk-lib's extra lambda:ListFunctions on '*' is dropped.
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn, `${this.fn.functionArn}:*`] }),
    ]);
    if (inputs.length > 0) context.artifactBucket.grantRead(role);
    return {
      actions: [new actions.LambdaInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        lambda: this.fn,
        userParameters: this.options.userParameters,
        inputs,
        variablesNamespace: this.options.variablesNamespace,
        role: forAction,
      })],
    };
  }
}
