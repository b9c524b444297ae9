import { Errors, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ParsedSpec, SpecPath } from './parse';
import { StepFactory } from './providers';
import { SpecError } from './spec-error';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { DeliveryPipelineError } from '../private/errors';
import { Source } from '../sources/source';

/** Where a spec action came from, so bind-time errors point into the file. */
export interface SpecOrigin {
  readonly source: string;
  readonly spec: ParsedSpec;
  readonly path: SpecPath;
  readonly region?: string;
}

function bindFromSpec(origin: SpecOrigin, factory: StepFactory, scope: Construct, context: IStepContext): StepBinding {
  try {
    if (origin.region !== undefined) {
      const region = Stack.of(scope).region;
      if (Token.isUnresolved(region) || region !== origin.region) {
        throw new DeliveryPipelineError('CrossRegionAction',
          `region '${origin.region}' differs from the pipeline stack's region (${Token.isUnresolved(region) ? 'not known: the stack has no env' : region}): ` +
          'the spec builds actions in the pipeline\'s own region only, remove region');
      }
    }
    return factory(scope).bind(scope, context);
  } catch (error) {
    if (DeliveryPipelineError.isDeliveryPipelineError(error) && !SpecError.isSpecError(error)) {
      const message = error.location ? error.message.slice(error.location.length + 2) : error.message;
      throw new SpecError(origin.source, [origin.spec.problem(error.code, origin.path, message)]);
    }
    if (Errors.isValidationError(error)) {
      // aws-cdk-lib rejected a value taken from the spec (e.g. an imported bucket's name).
      throw new SpecError(origin.source, [origin.spec.problem(error.name, origin.path, `${error.message.replace(/\s*\n\s*/g, ': ')}: fix the value in the spec`)]);
    }
    throw error;
  }
}

/** A source action of a spec. */
export class SpecSource extends Source {
  public readonly defaultActionName: string;

  constructor(actionName: string, runOrder: number, private readonly origin: SpecOrigin, private readonly factory: StepFactory) {
    super({ actionName, runOrder });
    this.defaultActionName = actionName;
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
    super({ actionName, runOrder });
    this.defaultActionName = actionName;
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindFromSpec(this.origin, this.factory, scope, context);
  }
}
