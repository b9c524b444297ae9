import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { IConstruct } from 'constructs';
import { modelOfPipeline, PipelineFacts, setPipelineFacts } from './from-pipeline';
import { PipelineValidator } from './validator';

/**
 * Registers the CodePipeline rule checks on a construct: at synth, the pipeline's neutral model (its
 * stages and bound actions, and `facts`) is checked, and every problem is reported (the construct path
 * names the stage and action).
 */
export function registerPipelineValidation(scope: IConstruct, pipeline: codepipeline.Pipeline, facts: () => PipelineFacts = () => ({})): void {
  setPipelineFacts(pipeline, facts);
  scope.node.addValidation({
    validate: () => PipelineValidator.validate(modelOfPipeline(pipeline))
      .map(problem => `${problem.location}: ${problem.message} [${problem.code}]`),
  });
}
