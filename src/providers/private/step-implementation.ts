import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../../core/step';

/**
 * How one kind of step binds (a connection source, an ECS deploy, ...).
 *
 * The public category classes (`Source`, `Build`, ...) hold one of these rather than being subclassed
 * by each implementation file: the factories live on the category class, so an implementation file
 * that extended it would import it in a cycle.
 */
export abstract class StepImplementation {
  /** The action name the step uses unless it is given another. */
  public abstract readonly defaultActionName: string;

  /**
   * The account the step's target lives in when the step names one (e.g. the account of a CloudFormation
   * deploy's `deploymentRole`): the step then runs there unless its options say otherwise.
   */
  public readonly targetAccount?: string;

  constructor(public readonly options: StepOptions) {}

  public abstract bind(scope: Construct, context: IStepContext): StepBinding;
}
