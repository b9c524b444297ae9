import { checkStackName, CLOUDFORMATION_DELETE_IAM, CloudFormationIgnoredOptions, CloudFormationStackOptions, CloudFormationStackStep, ignoringStackActions, StackAction } from './cloudformation';

/** Options for `Deploy.cloudFormationDelete`. */
export interface CloudFormationDeleteOptions extends CloudFormationStackOptions, CloudFormationIgnoredOptions {
  /**
   * `ChangeSetName`, ignored when deleting a stack; written to the action as given.
   *
   * @default - none
   */
  readonly changeSetName?: string;
}

/**
 * `DELETE_ONLY`: deletes the stack (e.g. a per-branch preview environment); a stack that does not exist is no error.
 * Its targets and IAM (`CLOUDFORMATION_DELETE_IAM`) are the CloudFormation provider's, declared with its other modes.
 */
export class CloudFormationDelete extends CloudFormationStackStep<CloudFormationDeleteOptions> {
  public readonly defaultActionName: string;
  protected readonly permissions = CLOUDFORMATION_DELETE_IAM;

  constructor(options: CloudFormationDeleteOptions) {
    super(options);
    checkStackName('Deploy.cloudFormationDelete', options.stackName);
    this.defaultActionName = `Delete-${options.stackName}`.slice(0, 100);
  }

  protected stackActions(): StackAction[] {
    return ignoringStackActions(this.options, 'DELETE_ONLY', this.options.changeSetName);
  }
}
