import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Invoke } from './invoke';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the Lambda invoke's IAM and action read, resolved from its options. */
interface LambdaInvokeTargets {
  readonly inputs: codepipeline.Artifact[];
  readonly outputs: codepipeline.Artifact[];
  /** The function's ARN, as the function gives it (the grant's form). */
  readonly functionArn: string;
  /** The function's ARN built from its name, account and region (the calls' form). */
  readonly functionCallArn: string;
  /** Another function's ARN, in the same form. */
  readonly otherFunctionArn: string;
}

/**
 * Where CodePipeline documents the Lambda invoke action's permissions: "make sure the policy for the
 * role allows the `lambda:InvokeFunction` and `lambda:ListFunctions` permissions".
 */
const LAMBDA_INVOKE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html';

/** The Lambda invoke's IAM, with the calls it makes. */
export const LAMBDA_INVOKE_IAM: ProviderIam<LambdaInvokeTargets> = {
  documentation: LAMBDA_INVOKE_DOC,
  // The function reads its input artifacts and writes its outputs with credentials CodePipeline derives from this role.
  artifacts: t => (t.inputs.length > 0
    ? (t.outputs.length > 0 ? ArtifactAccess.READ_WRITE : ArtifactAccess.READ)
    : (t.outputs.length > 0 ? ArtifactAccess.WRITE : ArtifactAccess.NONE)),
  statements: [
    {
      actions: ['lambda:InvokeFunction'],
      resources: t => [t.functionArn, `${t.functionArn}:*`],
      calls: t => [{ resource: t.functionCallArn }],
    },
    {
      actions: ['lambda:ListFunctions'],
      resources: () => ['*'],
      unscoped: 'ListFunctions supports no resource-level permissions; the page says pipelines with Lambda actions fail without it.',
      calls: () => [{ resource: '*' }],
    },
  ],
  denied: t => [
    { action: 'lambda:InvokeFunction', resource: t.otherFunctionArn, reason: 'another function' },
    { action: 'lambda:UpdateFunctionCode', resource: t.functionCallArn, reason: 'the pipeline invokes the function, never changes it' },
  ],
};

export class LambdaInvoke extends ProviderAction<LambdaInvokeOptions, LambdaInvokeTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = LAMBDA_INVOKE_IAM;

  constructor(private readonly fn: lambda.IFunction, options: LambdaInvokeOptions) {
    super(options);
    if (options.userParameters !== undefined && options.userParametersString !== undefined) {
      fail(undefined, 'LambdaUserParameters', "Invoke.lambdaFunction: give 'userParameters' (an object sent as JSON) or 'userParametersString' (sent as written), not both");
    }
    this.defaultActionName = actionName(fn.node.id || 'Invoke');
  }

  protected targets(scope: Construct, context: IStepContext): LambdaInvokeTargets {
    const inputs = (this.options.inputs ?? []).map(ref => context.artifact(ref));
    const outputCount = this.options.outputCount ?? 0;
    checkArtifactBounds(scope, context, 'Lambda', LAMBDA_INVOKE_PROVIDER.bounds, inputs.length, outputCount);
    const outputs = Array.from({ length: outputCount }, (_, i) => context.output(i === 0 ? undefined : `Output${i + 1}`));
    const fn = (name: string) => Stack.of(this.fn).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      account: this.fn.env.account,
      region: this.fn.env.region,
    });
    return {
      inputs,
      outputs,
      functionArn: this.fn.functionArn,
      functionCallArn: fn(this.fn.functionName),
      otherFunctionArn: fn('intruder'),
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: LambdaInvokeTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.LambdaInvokeAction({
      ...base,
      lambda: this.fn,
      userParameters: this.options.userParameters,
      userParametersString: this.options.userParametersString,
      inputs: t.inputs,
      outputs: t.outputs,
      variablesNamespace: this.options.variablesNamespace,
    })];
  }
}

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
  iam: [LAMBDA_INVOKE_IAM],
  bounds: { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
  keys: [
    { name: 'FunctionName', required: true, kind: KeyKind.STRING, option: 'fn', description: 'The name (or ARN) of the function to invoke.', example: 'smoke-test' },
    { name: 'UserParameters', kind: KeyKind.STRING, option: 'userParametersString', description: 'A string handed to the function as written (a URL, a name, JSON).', example: '{"url": "https://shop.example"}' },
  ],
  fromFile,
};
