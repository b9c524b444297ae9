import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { IConstruct } from 'constructs';
import { modelOfPipeline, PipelineFacts, pipelineFacts, setPipelineFacts } from './from-pipeline';
import { PipelineValidator } from './validator';

/**
 * Registers the CodePipeline rule checks on a construct: at synth, the pipeline's neutral model (its
 * stages and bound actions, and `facts`) is checked, and every problem is reported (the construct path
 * names the stage and action), against the quotas of `facts` (CodePipeline's defaults unless raised).
 */
export function registerPipelineValidation(scope: IConstruct, pipeline: codepipeline.Pipeline, facts: () => PipelineFacts): void {
  setPipelineFacts(pipeline, facts);
  scope.node.addValidation({
    validate: () => PipelineValidator.validate(modelOfPipeline(pipeline), pipelineFacts(pipeline).quotas)
      .map(problem => `${problem.location}: ${problem.message} [${problem.code}]`),
  });
}
