import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../../core/step';
import { StepBinder } from '../provider-action';

/**
 * A binder that writes its whole bind itself. Provider modules move to `ProviderAction` (whose `bind`
 * is the shared tail, with the IAM as data); this remains for the ones not moved yet.
 */
export abstract class StepImplementation implements StepBinder {
  public abstract readonly defaultActionName: string;
  public readonly targetAccount?: string;

  constructor(public readonly options: StepOptions) {}

  public abstract bind(scope: Construct, context: IStepContext): StepBinding;
}
