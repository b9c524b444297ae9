import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
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
import { GenericAction } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Invoke.stepFunctions`. */
export interface StepFunctionsInvokeOptions extends StepOptions {
  /**
   * The execution's input, as a literal JSON object. Give this, `literalInput` or `inputFile`.
   *
   * @default - an empty object, unless `literalInput` or `inputFile` is given
   */
  readonly input?: Record<string, any>;

  /**
   * The execution's input as the exact text CodePipeline passes (`InputType: Literal`), e.g. JSON with
   * pipeline variables `'{"version": "#{Build.VERSION}"}'` or a variable holding a JSON document.
   *
   * @default - `input`
   */
  readonly literalInput?: string;

  /**
   * A JSON file in an artifact whose content is the execution's input (e.g. `sfn-input.json` written by the build).
   *
   * @default - the literal `input`
   */
  readonly inputFile?: string;

  /**
   * The action's input artifact: the one holding `inputFile`, or (with a literal input) an artifact the
   * action declares as its input.
   *
   * @default - PipelineArtifact.BUILD_OUTPUT with `inputFile`, none otherwise
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

/** What the Step Functions invoke's IAM and action read, resolved from its options. */
interface StepFunctionsInvokeTargets {
  readonly input?: codepipeline.Artifact;
  readonly output?: codepipeline.Artifact;
  /** The execution name prefix (the action name unless given). */
  readonly prefix: string;
  /** The state machine's ARN, as the state machine gives it (the grant's and the configuration's form). */
  readonly stateMachineArn: string;
  /** The executions the action starts: `execution:<machine>:<prefix>*`. */
  readonly executions: string;
  /** Builds a `states` ARN in the state machine's partition, region and account. */
  readonly states: (resource: string, resourceName: string) => string;
  /** The state machine's name. */
  readonly machineName: string;
}

/** The Step Functions action's IAM (the page's "Service role permissions"), with the calls it makes. */
export const STEP_FUNCTIONS_IAM: ProviderIam<StepFunctionsInvokeTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StepFunctions.html#edit-role-stepfunctions',
  artifacts: t => (t.input
    ? (t.output ? ArtifactAccess.READ_WRITE : ArtifactAccess.READ)
    : (t.output ? ArtifactAccess.WRITE : ArtifactAccess.NONE)),
  statements: [
    {
      actions: ['states:StartExecution', 'states:DescribeStateMachine'],
      resources: t => [t.stateMachineArn],
      calls: t => [{ resource: t.states('stateMachine', t.machineName) }],
    },
    {
      actions: ['states:DescribeExecution'],
      resources: t => [t.executions],
      calls: t => [{ resource: t.states('execution', `${t.machineName}:${t.prefix}-0a1b2c3d`) }],
    },
  ],
  denied: t => [
    { action: 'states:StartExecution', resource: t.states('stateMachine', 'intruder'), reason: 'another state machine' },
    { action: 'states:DescribeExecution', resource: t.states('execution', `${t.machineName}:other-0a1b2c3d`), reason: 'executions the pipeline did not start' },
    { action: 'states:StopExecution', resource: t.states('execution', `${t.machineName}:${t.prefix}-0a1b2c3d`), reason: 'the pipeline never stops an execution' },
  ],
};

export class StepFunctionsInvoke extends ProviderAction<StepFunctionsInvokeOptions, StepFunctionsInvokeTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = STEP_FUNCTIONS_IAM;

  constructor(private readonly stateMachine: sfn.IStateMachine, options: StepFunctionsInvokeOptions) {
    super(options);
    const given = [options.input && 'input', options.literalInput !== undefined && 'literalInput', options.inputFile !== undefined && 'inputFile'].filter(Boolean);
    if (given.length > 1) {
      fail(undefined, 'StepFunctionsInput', `Invoke.stepFunctions: give one of 'input' (an object), 'literalInput' (text) or 'inputFile' (a file in an artifact), got ${given.join(' and ')}`);
    }
    this.defaultActionName = actionName(stateMachine.node.id || 'StateMachine');
  }

  protected targets(scope: Construct, context: IStepContext): StepFunctionsInvokeTargets {
    const o = this.options;
    const inputRef = o.inputArtifact ?? (o.inputFile !== undefined ? PipelineArtifact.BUILD_OUTPUT : undefined);
    const input = inputRef ? context.artifact(inputRef) : undefined;
    const output = o.produceOutput ? context.output() : undefined;
    const prefix = o.executionNamePrefix ?? context.actionName;
    const stateMachineArn = this.stateMachine.stateMachineArn;
    const parts = Arn.split(stateMachineArn, ArnFormat.COLON_RESOURCE_NAME);
    const states = (resource: string, resourceName: string) => Stack.of(scope).formatArn({
      partition: parts.partition,
      region: parts.region,
      account: parts.account,
      service: 'states',
      resource,
      resourceName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return {
      input,
      output,
      prefix,
      stateMachineArn,
      executions: states('execution', `${parts.resourceName}:${prefix}*`),
      states,
      machineName: parts.resourceName!,
    };
  }

  protected bound(scope: Construct, _context: IStepContext, t: StepFunctionsInvokeTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    // The action declared from its ActionTypeId: it runs where the step is placed (`region`), and a file's
    // Input reaches CodePipeline as written.
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.INVOKE,
      owner: 'AWS',
      provider: 'StepFunctions',
      version: '1',
      artifactBounds: STEP_FUNCTIONS_PROVIDER.bounds,
      inputs: t.input ? [t.input] : [],
      outputs: t.output ? [t.output] : [],
      variablesNamespace: o.variablesNamespace,
      configuration: {
        StateMachineArn: t.stateMachineArn,
        ExecutionNamePrefix: t.prefix,
        InputType: o.inputFile !== undefined ? 'FilePath' : 'Literal',
        Input: o.inputFile ?? o.literalInput ?? Stack.of(scope).toJsonString(o.input ?? {}),
      },
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const arn = a.config.StateMachineArn;
  const filePath = a.config.InputType === 'FilePath';
  if (filePath && a.config.Input === undefined) a.required('Input', "'assets/input.json' (InputType is FilePath: the file in the input artifact)");
  if (filePath && a.inputs.length === 0) {
    a.problem('InputArtifactCount', 'InputType FilePath reads its Input file from an input artifact: declare it in inputArtifacts', 'inputArtifacts');
  }
  if (arn === undefined) return undefined;
  const input = a.inputs[0];
  // Invoke.stepFunctions at call time (invoke.ts imports this module).
  return scope => Invoke.stepFunctions(sfn.StateMachine.fromStateMachineArn(scope, 'StateMachine', arn), {
    actionName: a.name,
    runOrder: a.data.runOrder,
    literalInput: filePath ? undefined : a.config.Input,
    inputFile: filePath ? a.config.Input : undefined,
    inputArtifact: input !== undefined ? a.inputRef(input) : undefined,
    produceOutput: a.outputs.length > 0,
    executionNamePrefix: a.config.ExecutionNamePrefix,
  });
}

/** The AWS Step Functions invoke provider (action reference: StepFunctions). */
export const STEP_FUNCTIONS_PROVIDER: ProviderDefinition = {
  title: 'AWS Step Functions invoke',
  category: 'Invoke',
  owner: 'AWS',
  provider: 'StepFunctions',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StepFunctions.html',
  factory: 'Invoke.stepFunctions',
  iam: [STEP_FUNCTIONS_IAM],
  bounds: { minInputs: 0, maxInputs: 1, minOutputs: 0, maxOutputs: 1 },
  keys: [
    { name: 'StateMachineArn', required: true, kind: KeyKind.STRING, option: 'stateMachine', description: 'The ARN of the state machine to start.', example: 'arn:aws:states:us-east-1:111122223333:stateMachine:HelloWorld-StateMachine' },
    { name: 'ExecutionNamePrefix', kind: KeyKind.STRING, option: 'executionNamePrefix', description: 'A prefix for execution names (prefix-<action execution id>); the library writes the action name when it is left out.', example: 'my-prefix' },
    { name: 'InputType', kind: KeyKind.ENUM, values: ['Literal', 'FilePath'], option: 'inputFile', description: 'Literal (default): Input is the execution input; FilePath: Input names a file in the input artifact whose content is.', example: 'Literal' },
    { name: 'Input', kind: KeyKind.STRING, option: 'literalInput', description: 'With Literal, the execution input (JSON; an empty object when left out); with FilePath, the path of the input file in the input artifact.', example: '{"action": "test"}' },
  ],
  fromFile,
};
