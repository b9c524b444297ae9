import { Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { ActionModel, PipelineModel, PipelineQuotas, StageModel, VariableModel } from './model';
import { recordedConfiguration } from './recorded-action';

/** What the pipeline's construct knows of itself beyond its stages (the L2 pipeline does not expose it). */
export interface PipelineFacts {
  readonly name?: string;
  readonly pipelineType?: string;
  readonly executionMode?: string;
  readonly triggerCount?: number;
  readonly variables?: VariableModel[];
  /** Per stage name: whether it has conditions, rolls back or retries on failure. */
  readonly stages?: Map<string, Pick<StageModel, 'hasConditions' | 'rollbackOnFailure' | 'retryOnFailure'>>;
  /** The account's structural quotas (`DeliveryPipelineProps.quotas`), when raised. */
  readonly quotas?: PipelineQuotas;
}

const knownFacts = new WeakMap<codepipeline.Pipeline, () => PipelineFacts>();

/** What the construct owning `pipeline` recorded of it (see `setPipelineFacts`), or nothing. */
export function pipelineFacts(pipeline: codepipeline.Pipeline): PipelineFacts {
  return knownFacts.get(pipeline)?.() ?? {};
}

/** Records what the construct owning `pipeline` knows of it, for every later model of it (validation, diagrams). */
export function setPipelineFacts(pipeline: codepipeline.Pipeline, facts: () => PipelineFacts): void {
  knownFacts.set(pipeline, facts);
}

/**
 * The neutral model of an aws-cdk-lib pipeline, from its stages and the actions as they were bound
 * (their properties, and the configuration each returned), at validation or synthesis time, when every
 * stage and action has been added.
 */
export function modelOfPipeline(pipeline: codepipeline.Pipeline): PipelineModel {
  const facts = pipelineFacts(pipeline);
  const stages = pipeline.stages.map((stage): StageModel => ({
    name: stage.stageName,
    location: `${pipeline.node.path} stage '${stage.stageName}'`,
    ...facts.stages?.get(stage.stageName),
    actions: stage.actions.map((action): ActionModel => {
      const p = action.actionProperties;
      return {
        name: p.actionName,
        category: p.category,
        owner: p.owner ?? 'AWS',
        provider: p.provider,
        runOrder: p.runOrder,
        inputArtifacts: (p.inputs ?? []).map(a => a.artifactName).filter(isKnown),
        outputArtifacts: (p.outputs ?? []).map(a => a.artifactName).filter(isKnown),
        configuration: literalConfiguration(recordedConfiguration(action)),
        variablesNamespace: str(p.variablesNamespace),
        region: str(p.region),
        timeoutInMinutes: p.timeout ? p.timeout.toMinutes({ integral: false }) : undefined,
        location: `${pipeline.node.path} stage '${stage.stageName}' action '${p.actionName}'`,
      };
    }),
  }));
  return {
    name: str(facts.name),
    pipelineType: facts.pipelineType,
    executionMode: facts.executionMode,
    triggerCount: facts.triggerCount,
    variables: facts.variables ?? [],
    stages,
    location: pipeline.node.path,
  };
}

function isKnown(value: string | undefined): value is string {
  return value !== undefined;
}

/** A string known at synth, or undefined for anything deploy-time (tokens, intrinsics). */
function str(value: unknown): string | undefined {
  return typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined;
}

/** The configuration entries whose values are known at synth, as CloudFormation would send them. */
function literalConfiguration(configuration: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (typeof value === 'string' && !Token.isUnresolved(value)) result[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') result[key] = String(value);
  }
  return result;
}
