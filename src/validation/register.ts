import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { IConstruct } from 'constructs';
import { modelOfPipeline } from './from-pipeline';
import { PipelineValidator } from './validator';

/**
 * Registers the CodePipeline rule checks on a construct: at synth, the pipeline's rendered stages
 * are checked, and every problem is reported (the construct path names the stage and action).
 */
export function registerPipelineValidation(scope: IConstruct, pipeline: codepipeline.Pipeline): void {
  scope.node.addValidation({
    validate: () => PipelineValidator.validate(modelOfPipeline(pipeline))
      .map(problem => `${problem.location}: ${problem.message} [${problem.code}]`),
  });
}
