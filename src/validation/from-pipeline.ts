import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { ActionModel, PipelineModel, StageModel, VariableModel } from './model';

/**
 * Builds the neutral model of an aws-cdk-lib pipeline from its CloudFormation resource, resolved at
 * validation (or synthesis) time, when every stage and action has been added.
 */
export function modelOfPipeline(pipeline: codepipeline.Pipeline): PipelineModel {
  const cfn = pipeline.node.defaultChild as codepipeline.CfnPipeline;
  // The rendered resource, with property overrides applied (stage conditions may be added as overrides).
  const rendered = Stack.of(pipeline).resolve((cfn as unknown as { _toCloudFormation(): any })._toCloudFormation());
  const p = Object.values(rendered?.Resources ?? { r: rendered }).map((r: any) => r?.Properties)[0] ?? {};
  const stages = asArray(p.Stages).map((stage: any, i: number): StageModel => ({
    name: str(stage.Name) ?? `Stage${i + 1}`,
    location: `${pipeline.node.path} stage '${str(stage.Name)}'`,
    hasConditions: Boolean(stage.BeforeEntry || stage.OnSuccess || stage.OnFailure?.Conditions),
    rollbackOnFailure: stage.OnFailure?.Result === 'ROLLBACK',
    retryOnFailure: stage.OnFailure?.Result === 'RETRY',
    actions: asArray(stage.Actions).map((action: any): ActionModel => ({
      name: str(action.Name) ?? '',
      category: str(action.ActionTypeId?.Category) ?? '',
      owner: str(action.ActionTypeId?.Owner),
      provider: str(action.ActionTypeId?.Provider) ?? '',
      runOrder: typeof action.RunOrder === 'number' ? action.RunOrder : undefined,
      inputArtifacts: asArray(action.InputArtifacts).map((a: any) => str(a.Name)).filter(isString),
      outputArtifacts: asArray(action.OutputArtifacts).map((a: any) => str(a.Name)).filter(isString),
      configuration: literalConfiguration(action.Configuration),
      variablesNamespace: str(action.Namespace),
      region: str(action.Region),
      timeoutInMinutes: typeof action.TimeoutInMinutes === 'number' ? action.TimeoutInMinutes : undefined,
      location: `${pipeline.node.path} stage '${str(stage.Name)}' action '${str(action.Name)}'`,
    })),
  }));
  const variables = asArray(p.Variables).map((v: any): VariableModel => ({ name: str(v.Name) ?? '', defaultValue: str(v.DefaultValue) }));
  return {
    name: str(p.Name),
    pipelineType: str(p.PipelineType),
    executionMode: str(p.ExecutionMode),
    triggerCount: asArray(p.Triggers).length,
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
