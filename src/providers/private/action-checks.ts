import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { IStepContext } from '../../core/step';

import type { ArtifactBounds } from '../definition';

/**
 * Checks an action's artifact counts against its provider's bounds before the aws-cdk-lib action is
 * created, so the error names the action, the provider and the bound.
 */
export function checkArtifactBounds(scope: IConstruct, context: IStepContext, provider: string, bounds: ArtifactBounds,
  inputs: number, outputs: number): void {
  const check = (what: string, count: number, min: number, max: number) => {
    if (count < min || count > max) {
      const range = min === max ? `exactly ${min}` : `${min} to ${max}`;
      fail(scope, 'ArtifactBounds',
        `action '${context.actionName}' (provider ${provider}) has ${count} ${what} artifact(s), but ${provider} accepts ${range}: ` +
        `${count > max ? 'remove' : 'add'} ${what === 'input' ? 'inputs' : 'outputs'} to fit`);
    }
  };
  check('input', inputs, bounds.minInputs, bounds.maxInputs);
  check('output', outputs, bounds.minOutputs, bounds.maxOutputs);
}

/** Fails unless the pipeline is a V2 pipeline: some providers exist only there. */
export function requireV2(scope: IConstruct, context: IStepContext, provider: string): void {
  if (context.pipelineType !== codepipeline.PipelineType.V2) {
    fail(scope, 'RequiresV2Pipeline',
      `action '${context.actionName}' uses the ${provider} provider, which CodePipeline offers only in V2 pipelines, ` +
      `but the pipeline is ${context.pipelineType}: set 'pipelineType: PipelineType.V2' (the default)`);
  }
}
