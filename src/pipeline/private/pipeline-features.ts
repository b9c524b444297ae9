import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { Construct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { PipelineVariable } from '../../variables/variable';

const MAX_VARIABLES = 50;

/** The V2 pipeline-level settings of the L2 pipeline: execution mode and variables, checked. */
export function pipelineLevelFeatures(scope: Construct, pipelineType: codepipeline.PipelineType,
  executionMode: codepipeline.ExecutionMode | undefined, variables: PipelineVariable[]): Pick<codepipeline.PipelineProps, 'executionMode' | 'variables'> {
  const v1 = pipelineType === codepipeline.PipelineType.V1;
  if (v1 && executionMode !== undefined && executionMode !== codepipeline.ExecutionMode.SUPERSEDED) {
    fail(scope, 'V2FeatureOnV1',
      `'executionMode' ${executionMode} is a CodePipeline V2 feature, but pipelineType is V1: use PipelineType.V2 (the default), or leave executionMode out (V1 runs SUPERSEDED)`);
  }
  if (v1 && variables.length > 0) {
    fail(scope, 'V2FeatureOnV1', "'variables' (pipeline-level variables) is a CodePipeline V2 feature, but pipelineType is V1: use PipelineType.V2 (the default), or remove 'variables'");
  }
  if (variables.length > MAX_VARIABLES) {
    fail(scope, 'TooManyVariables', `the pipeline declares ${variables.length} variables; CodePipeline allows ${MAX_VARIABLES}`);
  }
  const names = new Set<string>();
  for (const variable of variables) {
    if (names.has(variable.name)) {
      fail(scope, 'DuplicateVariable', `two pipeline variables are called '${variable.name}': rename one`);
    }
    names.add(variable.name);
  }
  return {
    executionMode,
    variables: variables.map(v => new codepipeline.Variable({ variableName: v.name, defaultValue: v.defaultValue, description: v.description })),
  };
}
