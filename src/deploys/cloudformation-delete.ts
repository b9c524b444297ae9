import { Construct } from 'constructs';
import { bindIgnoringStep, checkStackName, CloudFormationIgnoredOptions, CloudFormationStackOptions } from './cloudformation';
import { IStepContext, StepBinding } from '../core/step';
import { StepImplementation } from '../providers/private/step-implementation';

/** Options for `Deploy.cloudFormationDelete`. */
export interface CloudFormationDeleteOptions extends CloudFormationStackOptions, CloudFormationIgnoredOptions {
  /**
   * `ChangeSetName`, ignored when deleting a stack; written to the action as given.
   *
   * @default - none
   */
  readonly changeSetName?: string;
}

/** `DELETE_ONLY`: deletes the stack (e.g. a per-branch preview environment); a stack that does not exist is no error. */
export class CloudFormationDelete extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(public readonly options: CloudFormationDeleteOptions) {
    super(options);
    checkStackName('Deploy.cloudFormationDelete', options.stackName);
    this.defaultActionName = `Delete-${options.stackName}`.slice(0, 100);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindIgnoringStep(scope, context, this.options, 'DELETE_ONLY', this.options.changeSetName);
  }
}
