import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LambdaInvoke, LambdaInvokeOptions } from './lambda';
import { PipelineInvoke, PipelineInvokeOptions } from './pipeline';
import { StepFunctionsInvoke, StepFunctionsInvokeOptions } from './step-functions';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { registerProviderStep, StepBinder } from '../providers/provider-action';

/**
 * An invoke step: runs more logic after a deploy (smoke tests, cache purges, notifications).
 */
export abstract class Invoke extends PipelineStep {
  /**
   * Invokes a Lambda function, which must report back with `PutJobSuccessResult` / `PutJobFailureResult`.
   *
   * @example
   * Invoke.lambdaFunction(smokeTest, { userParameters: { url: 'https://shop.example' } });
   */
  public static lambdaFunction(fn: lambda.IFunction, options: LambdaInvokeOptions = {}): Invoke {
    return new ImplementedInvoke(new LambdaInvoke(fn, options));
  }

  /**
   * Starts an AWS Step Functions state machine and waits for its execution; its input is a literal or
   * a JSON file in an artifact.
   *
   * @example
   * Invoke.stepFunctions(releaseChecks, { input: { stage: 'prod' } });
   */
  public static stepFunctions(stateMachine: sfn.IStateMachine, options: StepFunctionsInvokeOptions = {}): Invoke {
    return new ImplementedInvoke(new StepFunctionsInvoke(stateMachine, options));
  }

  /**
   * Starts another pipeline, optionally with pipeline variables and pinned source revisions.
   *
   * @example
   * Invoke.pipeline(deployPipeline, { variables: { version: '#{Build.VERSION}' } });
   */
  public static pipeline(target: codepipeline.IPipeline, options: PipelineInvokeOptions = {}): Invoke {
    return new ImplementedInvoke(new PipelineInvoke(target, options));
  }

  public readonly category = StepCategory.INVOKE;
}

/**
 * What every `Invoke` factory returns: an invoke that binds through its provider module's binder. Private, as
 * in aws-cdk-lib's `CodePipelineSource`: users see `Invoke`, and `bind` is the binder's.
 */
class ImplementedInvoke extends Invoke {
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
