import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { newActionRole } from '../private/action-role';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Invoke.stepFunctions`. */
export interface StepFunctionsInvokeOptions extends StepOptions {
  /**
   * The execution's input, as a literal JSON object.
   *
   * @default - an empty object
   */
  readonly input?: Record<string, any>;

  /**
   * A prefix for execution names, to find them in the console.
   *
   * @default - the action name
   */
  readonly executionNamePrefix?: string;
}

export class StepFunctionsInvoke extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly stateMachine: sfn.IStateMachine, public readonly options: StepFunctionsInvokeOptions) {
    super(options);
    this.defaultActionName = actionName(stateMachine.node.id || 'StateMachine');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return {
      actions: [new actions.StepFunctionInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        stateMachine: this.stateMachine,
        stateMachineInput: actions.StateMachineInput.literal(this.options.input ?? {}),
        executionNamePrefix: this.options.executionNamePrefix ?? context.actionName,
        // aws-cdk-lib's grants for this action are exact; they land in a managed policy.
        role: newActionRole(scope, context, []).role,
      })],
    };
  }
}
