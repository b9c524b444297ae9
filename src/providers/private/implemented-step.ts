import { Construct } from 'constructs';
import { StepImplementation } from './step-implementation';
import { IStepContext, PipelineStep, StepBinding, StepCategory, StepOptions } from '../../core/step';

const targetAccounts = new WeakMap<PipelineStep, string>();

/** The account a step's target names (e.g. a CloudFormation deploy's `deploymentRole`), when it names one. */
export function targetAccountOf(step: PipelineStep): string | undefined {
  return targetAccounts.get(step);
}

/** A category class (`Source`, `Build`, ...): abstract, with `PipelineStep`'s protected constructor. */
type CategoryClass<T extends PipelineStep> = Function & { readonly prototype: T };

/**
 * The concrete subclass of a category class that the category's factories return: it takes its
 * options and default action name from a `StepImplementation` and binds through it.
 *
 * Call it once per category, in the category's own file, after the class:
 * `const ImplementedBuild = implementedStep(Build);`. The category file stays the only one that
 * imports its implementations, so there is no cycle (see `StepImplementation`).
 */
export function implementedStep<T extends PipelineStep>(category: CategoryClass<T>): new (implementation: StepImplementation) => T {
  // The category's constructor is protected (inherited from PipelineStep): reachable from a subclass,
  // which this is, but TypeScript cannot type a protected constructor as a base expression.
  const base = category as unknown as abstract new (options?: StepOptions) => PipelineStep;

  class ImplementedStep extends base {
    /** Set by the category class's own field initializer (e.g. `StepCategory.BUILD`); declared only. */
    declare public readonly category: StepCategory;
    public readonly defaultActionName: string;

    constructor(private readonly implementation: StepImplementation) {
      super(implementation.options);
      this.defaultActionName = implementation.defaultActionName;
      if (implementation.targetAccount !== undefined) targetAccounts.set(this, implementation.targetAccount);
    }

    public bind(scope: Construct, context: IStepContext): StepBinding {
      return this.implementation.bind(scope, context);
    }
  }
  return ImplementedStep as unknown as new (implementation: StepImplementation) => T;
}
