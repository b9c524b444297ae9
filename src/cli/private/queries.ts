import {
  CodePipelineClient,
  GetPipelineStateCommand,
  GetPipelineStateOutput,
  PipelineExecutionFilter,
  PipelineExecutionSummary,
  PipelineSummary,
  StageState,
  paginateListPipelineExecutions,
  paginateListPipelines,
} from '@aws-sdk/client-codepipeline';
import { UsageError } from './errors';

/** The current state of every stage and action. */
export async function getPipelineState(client: CodePipelineClient, pipeline: string): Promise<GetPipelineStateOutput> {
  return client.send(new GetPipelineStateCommand({ name: pipeline }));
}

/** Every pipeline in the account and region (all pages). */
export async function listAllPipelines(client: CodePipelineClient): Promise<PipelineSummary[]> {
  const pipelines: PipelineSummary[] = [];
  for await (const page of paginateListPipelines({ client, pageSize: 100 }, {})) {
    pipelines.push(...(page.pipelines ?? []));
  }
  return pipelines;
}

/** Options for {@link listExecutions}. */
export interface ListExecutionsOptions {
  /** Stop after this many executions. */
  readonly max: number;
  readonly filter?: PipelineExecutionFilter;
}

/** The most recent executions, newest first, across as many pages as needed. */
export async function listExecutions(
  client: CodePipelineClient,
  pipeline: string,
  options: ListExecutionsOptions,
): Promise<PipelineExecutionSummary[]> {
  const executions: PipelineExecutionSummary[] = [];
  const pageSize = Math.min(100, Math.max(1, options.max));
  for await (const page of paginateListPipelineExecutions({ client, pageSize }, { pipelineName: pipeline, filter: options.filter })) {
    for (const execution of page.pipelineExecutionSummaries ?? []) {
      executions.push(execution);
      if (executions.length >= options.max) {
        return executions;
      }
    }
  }
  return executions;
}

/** The most recent execution, if the pipeline ever ran. */
export async function latestExecution(client: CodePipelineClient, pipeline: string): Promise<PipelineExecutionSummary | undefined> {
  return (await listExecutions(client, pipeline, { max: 1 }))[0];
}

/** The named stage, or a usage error listing the stages that exist. */
export function findStage(state: GetPipelineStateOutput, stageName: string): StageState {
  const stages = state.stageStates ?? [];
  const stage = stages.find((s) => s.stageName === stageName);
  if (!stage) {
    const names = stages.map((s) => s.stageName).join(', ');
    throw new UsageError(`pipeline "${state.pipelineName}" has no stage "${stageName}"; its stages are: ${names}`);
  }
  return stage;
}
