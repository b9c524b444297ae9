import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
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
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn, `${this.fn.functionArn}:*`] }),
      // ListFunctions supports no resource-level permissions; the page says pipelines with Lambda actions fail without it.
      new iam.PolicyStatement({ actions: ['lambda:ListFunctions'], resources: ['*'] }),
    ]);
    // The function reads its input artifacts with credentials CodePipeline derives from this role.
    if (inputs.length > 0) {
      context.artifactBucket.grantRead(role);
      recordArtifactCalls(role, context.artifactBucket, { read: true });
    }
    const fn = (name: string) => Stack.of(this.fn).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      account: this.fn.env.account,
      region: this.fn.env.region,
    });
    DocumentedCalls.add(role,
      { action: 'lambda:InvokeFunction', resource: fn(this.fn.functionName), documentation: LAMBDA_INVOKE_DOC },
      { action: 'lambda:ListFunctions', resource: '*', documentation: LAMBDA_INVOKE_DOC },
    );
    DocumentedCalls.addDenied(role,
      { action: 'lambda:InvokeFunction', resource: fn('intruder'), reason: 'another function' },
      { action: 'lambda:UpdateFunctionCode', resource: fn(this.fn.functionName), reason: 'the pipeline invokes the function, never changes it' },
    );
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

/**
 * Where CodePipeline documents the Lambda invoke action's permissions: "make sure the policy for the
 * role allows the `lambda:InvokeFunction` and `lambda:ListFunctions` permissions".
 */
const LAMBDA_INVOKE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html';
