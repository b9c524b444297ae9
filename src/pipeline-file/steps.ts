import { Errors } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PipelineFileError } from './file-error';
import { ParsedSpec, SpecPath } from './parse';
import { StepFactory } from './step-factory';
import { DeliveryPipelineError } from '../core/private/errors';
import { IStepContext, PipelineStep, StepBinding, StepCategory, StepOptions } from '../core/step';
import { giveRoleArn } from '../pipeline/private/given-role';
import { TargetedAction } from '../pipeline/private/targeted-action';
import { Source } from '../sources/source';

/** Where a spec action came from, so bind-time errors point into the file. */
export interface SpecOrigin {
  readonly source: string;
  readonly spec: ParsedSpec;
  readonly path: SpecPath;
  /** The action's own `region`, `roleArn` and `namespace`, when the provider does not take them itself. */
  readonly region?: string;
  readonly roleArn?: string;
  readonly namespace?: string;
}

/** The step options a file action's own fields give. */
function optionsOf(actionName: string, runOrder: number, origin: SpecOrigin): StepOptions {
  // A replication bucket for the region comes from the pipeline's `replicationBuckets`.
  return { actionName, runOrder, region: origin.region };
}

function bindFromSpec(origin: SpecOrigin, factory: StepFactory, scope: Construct, context: IStepContext): StepBinding {
  try {
    const binding = factory(scope).bind(scope, context);
    if (origin.namespace === undefined || binding.actions.length === 0) return binding;
    // The file's namespace, on the action that emits the variables (a step's last).
    const actions = binding.actions;
    return { actions: [...actions.slice(0, -1), new TargetedAction(actions[actions.length - 1], { variablesNamespace: origin.namespace })] };
  } catch (error) {
    if (DeliveryPipelineError.isDeliveryPipelineError(error) && !PipelineFileError.isPipelineFileError(error)) {
      const message = error.location ? error.message.slice(error.location.length + 2) : error.message;
      throw new PipelineFileError(origin.source, [origin.spec.problem(error.code, origin.path, message)]);
    }
    if (Errors.isValidationError(error)) {
      // aws-cdk-lib rejected a value taken from the spec (e.g. an imported bucket's name).
      throw new PipelineFileError(origin.source, [origin.spec.problem(error.name, origin.path, `${error.message.replace(/\s*\n\s*/g, ': ')}: fix the value in the spec`)]);
    }
    throw error;
  }
}

/** A source action of a spec. */
export class SpecSource extends Source {
  public readonly defaultActionName: string;

  constructor(actionName: string, runOrder: number, private readonly origin: SpecOrigin, private readonly factory: StepFactory) {
    super(optionsOf(actionName, runOrder, origin));
    this.defaultActionName = actionName;
    if (origin.roleArn !== undefined) giveRoleArn(this, origin.roleArn);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindFromSpec(this.origin, this.factory, scope, context);
  }
}

/** Any other action of a spec. */
export class SpecStep extends PipelineStep {
  public readonly defaultActionName: string;

  constructor(
    public readonly category: StepCategory,
    actionName: string,
    runOrder: number,
    private readonly origin: SpecOrigin,
    private readonly factory: StepFactory,
  ) {
    super(optionsOf(actionName, runOrder, origin));
    this.defaultActionName = actionName;
    if (origin.roleArn !== undefined) giveRoleArn(this, origin.roleArn);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindFromSpec(this.origin, this.factory, scope, context);
  }
}
