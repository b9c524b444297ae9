import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { newActionRole } from '../private/action-role';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Source.ecr`. */
export interface EcrSourceOptions extends StepOptions {
  /**
   * The image tag whose pushes start the pipeline.
   *
   * @default 'latest'
   */
  readonly imageTag?: string;
}

export class EcrSource extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly repository: ecr.IRepository, public readonly options: EcrSourceOptions) {
    super(options);
    this.defaultActionName = actionName(repository.node.id || 'Image');
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return {
      actions: [new actions.EcrSourceAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        repository: this.repository,
        imageTag: this.options.imageTag ?? 'latest',
        output: context.output(),
        // aws-cdk-lib's grants for this action are exact; they land in a managed policy.
        role: newActionRole(scope, context, []).role,
      })],
    };
  }
}
