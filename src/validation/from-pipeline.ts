import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { ActionModel, PipelineModel, StageModel, VariableModel } from './model';

/**
 * Builds the neutral model of an aws-cdk-lib pipeline from its CloudFormation resource, resolved at
 * validation (or synthesis) time, when every stage and action has been added.
 */
export function modelOfPipeline(pipeline: codepipeline.Pipeline): PipelineModel {
  const cfn = pipeline.node.defaultChild as codepipeline.CfnPipeline;
  const stack = Stack.of(pipeline);
  const resolved = (value: unknown): any => stack.resolve(value);
  const stages = asArray(resolved(cfn.stages)).map((stage: any, i: number): StageModel => ({
    name: str(stage.name) ?? `Stage${i + 1}`,
    location: `${pipeline.node.path} stage '${str(stage.name)}'`,
    hasConditions: Boolean(stage.beforeEntry || stage.onSuccess || stage.onFailure?.conditions),
    rollbackOnFailure: stage.onFailure?.result === 'ROLLBACK',
    retryOnFailure: stage.onFailure?.result === 'RETRY',
    actions: asArray(stage.actions).map((action: any): ActionModel => ({
      name: str(action.name) ?? '',
      category: str(action.actionTypeId?.category) ?? '',
      owner: str(action.actionTypeId?.owner),
      provider: str(action.actionTypeId?.provider) ?? '',
      runOrder: typeof action.runOrder === 'number' ? action.runOrder : undefined,
      inputArtifacts: asArray(action.inputArtifacts).map((a: any) => str(a.name)).filter(isString),
      outputArtifacts: asArray(action.outputArtifacts).map((a: any) => str(a.name)).filter(isString),
      configuration: literalConfiguration(action.configuration),
      namespace: str(action.namespace),
      region: str(action.region),
      timeoutInMinutes: typeof action.timeoutInMinutes === 'number' ? action.timeoutInMinutes : undefined,
      location: `${pipeline.node.path} stage '${str(stage.name)}' action '${str(action.name)}'`,
    })),
  }));
  const variables = asArray(resolved(cfn.variables)).map((v: any): VariableModel => ({
    name: str(v.name) ?? '', defaultValue: str(v.defaultValue),
  }));
  return {
    name: str(resolved(cfn.name)),
    pipelineType: str(resolved(cfn.pipelineType)),
    executionMode: str(resolved(cfn.executionMode)),
    triggerCount: asArray(resolved(cfn.triggers)).length,
    variables,
    stages,
    location: pipeline.node.path,
  };
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

/** A string known at synth, or undefined for anything deploy-time (tokens, intrinsics). */
function str(value: unknown): string | undefined {
  return typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined;
}

/** The configuration entries whose values are known at synth, as CloudFormation would send them. */
function literalConfiguration(configuration: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof configuration !== 'object' || configuration === null) return result;
  for (const [key, value] of Object.entries(configuration)) {
    if (typeof value === 'string' && !Token.isUnresolved(value)) result[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') result[key] = String(value);
  }
  return result;
}
