import type { IAspect } from 'aws-cdk-lib';
import { Aspects } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';

/** An environment variable of an action declaration (`ActionDeclaration.EnvironmentVariables`). */
export interface ActionEnvironmentVariable {
  readonly name: string;
  readonly value: string;
  readonly type: 'PLAINTEXT' | 'SECRETS_MANAGER';
}

/**
 * Declares environment variables on one action of the pipeline.
 *
 * aws-cdk-lib's actions cannot declare them, so they are written into the pipeline resource once the
 * pipeline's stages are complete (an aspect runs before synthesis, when every stage has been added).
 */
export function declareActionEnvironment(scope: IConstruct, pipeline: codepipeline.IPipeline, stageName: string, actionName: string,
  variables: ActionEnvironmentVariable[]): void {
  if (variables.length === 0) return;
  if (!(pipeline instanceof codepipeline.Pipeline)) {
    fail(scope, 'ImportedPipelineEnvironment', 'action environment variables can only be declared on a pipeline defined in this app');
  }
  const target = pipeline;
  let done = false;
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (done || node !== target) return;
      done = true;
      const stageIndex = target.stages.findIndex(s => s.stageName === stageName);
      const actionIndex = stageIndex < 0 ? -1 : target.stages[stageIndex].actions.findIndex(a => a.actionProperties.actionName === actionName);
      if (actionIndex < 0) {
        fail(scope, 'ActionNotFound', `action '${actionName}' of stage '${stageName}' is not in the pipeline, so its environment variables cannot be declared`);
      }
      (target.node.defaultChild as codepipeline.CfnPipeline).addPropertyOverride(
        `Stages.${stageIndex}.Actions.${actionIndex}.EnvironmentVariables`,
        variables.map(v => ({ Name: v.name, Value: v.value, Type: v.type })),
      );
    },
  };
  Aspects.of(target).add(aspect);
}
