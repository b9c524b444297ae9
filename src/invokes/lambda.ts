import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Invoke } from './invoke';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

/** Options for `Invoke.lambdaFunction`. */
export interface LambdaInvokeOptions extends StepOptions {
  /**
   * Parameters handed to the function as JSON (`CodePipeline.job.data.actionConfiguration.configuration.UserParameters`).
   *
   * @default - none
   */
  readonly userParameters?: Record<string, any>;

  /**
   * Parameters handed to the function as this exact string (`UserParameters`, any text: a URL, a name,
   * JSON with pipeline variables), e.g. `'https://shop.example'`. Give this or `userParameters`.
   *
   * @default - none
   */
  readonly userParametersString?: string;

  /**
   * Artifacts handed to the function (up to 5).
   *
   * @default - none
   */
  readonly inputs?: PipelineArtifact[];

  /**
   * How many output artifacts the function writes (0 to 5), with the credentials CodePipeline hands it
   * (`CodePipeline.job.data.outputArtifacts`); read the first with `PipelineArtifact.fromStep(actionName)`.
   *
   * @default 0
   */
  readonly outputCount?: number;

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
    if (options.userParameters !== undefined && options.userParametersString !== undefined) {
      fail(undefined, 'LambdaUserParameters', "Invoke.lambdaFunction: give 'userParameters' (an object sent as JSON) or 'userParametersString' (sent as written), not both");
    }
    this.defaultActionName = actionName(fn.node.id || 'Invoke');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const inputs = (this.options.inputs ?? []).map(ref => context.artifact(ref));
    const outputCount = this.options.outputCount ?? 0;
    checkArtifactBounds(scope, context, 'Lambda', LAMBDA_INVOKE_PROVIDER.bounds, inputs.length, outputCount);
    const outputs = Array.from({ length: outputCount }, (_, i) => context.output(i === 0 ? undefined : `Output${i + 1}`));
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn, `${this.fn.functionArn}:*`] }),
      // ListFunctions supports no resource-level permissions; the page says pipelines with Lambda actions fail without it.
      new iam.PolicyStatement({ actions: ['lambda:ListFunctions'], resources: ['*'] }),
    ]);
    // The function reads its input artifacts and writes its outputs with credentials CodePipeline derives from this role.
    const read = inputs.length > 0;
    const write = outputs.length > 0;
    if (read && write) context.artifactBucket.grantReadWrite(role);
    else if (read) context.artifactBucket.grantRead(role);
    else if (write) context.artifactBucket.grantWrite(role);
    if (read || write) recordArtifactCalls(role, context.artifactBucket, { read, write });
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
        userParametersString: this.options.userParametersString,
        inputs,
        outputs,
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

function fromFile(a: ActionContext): StepFactory | undefined {
  const functionName = a.config.FunctionName;
  if (functionName === undefined) return undefined;
  // Invoke.lambdaFunction at call time (invoke.ts imports this module).
  return scope => Invoke.lambdaFunction(importFunction(scope, functionName, a.data.region),
    {
      actionName: a.name,
      runOrder: a.data.runOrder,
      // CodePipeline passes UserParameters verbatim: any string is valid.
      userParametersString: a.config.UserParameters,
      inputs: a.inputs.map(i => a.inputRef(i)),
      outputCount: a.outputs.length,
    });
}

/**
 * The function a file names: by ARN, or by name in the action's region (aws-cdk-lib places the action in its
 * function's region), with a literal ARN so that the rendered `FunctionName` is the name as written.
 */
function importFunction(scope: Construct, functionName: string, actionRegion: string | undefined): lambda.IFunction {
  if (functionName.startsWith('arn:')) return lambda.Function.fromFunctionArn(scope, 'Function', functionName);
  const stack = Stack.of(scope);
  const region = actionRegion ?? stack.region;
  if (Token.isUnresolved(region) || Token.isUnresolved(stack.account)) return lambda.Function.fromFunctionName(scope, 'Function', functionName);
  return lambda.Function.fromFunctionArn(scope, 'Function', `arn:${partitionOf(region)}:lambda:${region}:${stack.account}:function:${functionName}`);
}

/** The partition of a region, as a literal (an ARN with literal parts keeps the function's name literal). */
function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The AWS Lambda invoke provider (action reference: Lambda). */
export const LAMBDA_INVOKE_PROVIDER: ProviderDefinition = {
  title: 'AWS Lambda invoke',
  category: 'Invoke',
  owner: 'AWS',
  provider: 'Lambda',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Lambda.html',
  factory: 'Invoke.lambdaFunction',
  bounds: { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
  keys: [
    { name: 'FunctionName', required: true, kind: KeyKind.STRING, option: 'fn', description: 'The name (or ARN) of the function to invoke.', example: 'smoke-test' },
    { name: 'UserParameters', kind: KeyKind.STRING, option: 'userParametersString', description: 'A string handed to the function as written (a URL, a name, JSON).', example: '{"url": "https://shop.example"}' },
  ],
  fromFile,
};
