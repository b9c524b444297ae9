import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail } from '../private/errors';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Invoke.stepFunctions`. */
export interface StepFunctionsInvokeOptions extends StepOptions {
  /**
   * The execution's input, as a literal JSON object. Give this or `inputFile`.
   *
   * @default - an empty object, unless `inputFile` is given
   */
  readonly input?: Record<string, any>;

  /**
   * A JSON file in an artifact whose content is the execution's input (e.g. `sfn-input.json` written by the build).
   *
   * @default - the literal `input`
   */
  readonly inputFile?: string;

  /**
   * The artifact holding `inputFile`.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly inputArtifact?: PipelineArtifact;

  /**
   * Write the execution's output to an output artifact (read it with `PipelineArtifact.fromStep(actionName)`).
   *
   * @default false
   */
  readonly produceOutput?: boolean;

  /**
   * A prefix for execution names, to find them in the console.
   *
   * @default - the action name
   */
  readonly executionNamePrefix?: string;

  /**
   * A namespace for the action's variables (`StateMachineArn`, `ExecutionArn`).
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;
}

export class StepFunctionsInvoke extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly stateMachine: sfn.IStateMachine, public readonly options: StepFunctionsInvokeOptions) {
    super(options);
    if (options.input && options.inputFile) {
      fail(undefined, 'StepFunctionsInput', "Invoke.stepFunctions: give either 'input' (a literal) or 'inputFile' (a file in an artifact), not both");
    }
    if (options.inputArtifact && !options.inputFile) {
      fail(undefined, 'StepFunctionsInputArtifact', "Invoke.stepFunctions: 'inputArtifact' holds 'inputFile', which was not given");
    }
    this.defaultActionName = actionName(stateMachine.node.id || 'StateMachine');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const inputArtifact = o.inputFile ? context.artifact(o.inputArtifact ?? PipelineArtifact.BUILD_OUTPUT) : undefined;
    checkArtifactBounds(scope, context, 'StepFunctions', { minInputs: 0, maxInputs: 1, minOutputs: 0, maxOutputs: 1 }, inputArtifact ? 1 : 0, o.produceOutput ? 1 : 0);
    const output = o.produceOutput ? context.output() : undefined;
    const prefix = o.executionNamePrefix ?? context.actionName;
    const stateMachineArn = this.stateMachine.stateMachineArn;
    const parts = Arn.split(stateMachineArn, ArnFormat.COLON_RESOURCE_NAME);
    const executions = Stack.of(scope).formatArn({
      partition: parts.partition,
      region: parts.region,
      account: parts.account,
      service: 'states',
      resource: 'execution',
      resourceName: `${parts.resourceName}:${prefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['states:StartExecution', 'states:DescribeStateMachine'], resources: [stateMachineArn] }),
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }),
    ]);
    if (inputArtifact && output) context.artifactBucket.grantReadWrite(role);
    else if (inputArtifact) context.artifactBucket.grantRead(role);
    else if (output) context.artifactBucket.grantWrite(role);
    if (inputArtifact || output) recordArtifactCalls(role, context.artifactBucket, { read: !!inputArtifact, write: !!output });
    const states = (resource: string, resourceName: string) => Stack.of(scope).formatArn({
      partition: parts.partition,
      region: parts.region,
      account: parts.account,
      service: 'states',
      resource,
      resourceName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const machine = states('stateMachine', parts.resourceName!);
    DocumentedCalls.add(role,
      { action: 'states:DescribeStateMachine', resource: machine, documentation: STEP_FUNCTIONS_DOC },
      { action: 'states:StartExecution', resource: machine, documentation: STEP_FUNCTIONS_DOC },
      { action: 'states:DescribeExecution', resource: states('execution', `${parts.resourceName}:${prefix}-0a1b2c3d`), documentation: STEP_FUNCTIONS_DOC },
    );
    DocumentedCalls.addDenied(role,
      { action: 'states:StartExecution', resource: states('stateMachine', 'intruder'), reason: 'another state machine' },
      { action: 'states:DescribeExecution', resource: states('execution', `${parts.resourceName}:other-0a1b2c3d`), reason: 'executions the pipeline did not start' },
      { action: 'states:StopExecution', resource: states('execution', `${parts.resourceName}:${prefix}-0a1b2c3d`), reason: 'the pipeline never stops an execution' },
    );
    return {
      actions: [new actions.StepFunctionInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        stateMachine: this.stateMachine,
        stateMachineInput: inputArtifact
          ? actions.StateMachineInput.filePath(new codepipeline.ArtifactPath(inputArtifact, o.inputFile!))
          : actions.StateMachineInput.literal(o.input ?? {}),
        executionNamePrefix: prefix,
        output,
        variablesNamespace: o.variablesNamespace,
        role: forAction,
      })],
    };
  }
}

/** The Step Functions action's reference page: its "Service role permissions" section lists these calls. */
const STEP_FUNCTIONS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StepFunctions.html#edit-role-stepfunctions';
