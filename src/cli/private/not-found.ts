import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CliError } from './errors';
import { listAllPipelines } from './queries';
import { closeMatches } from './suggest';

/** Adds "did you mean ...?" with the closest existing pipeline names (best effort). */
export async function withPipelineSuggestions(error: CliError, client: CodePipelineClient, pipeline: string): Promise<CliError> {
  let names: string[];
  try {
    names = (await listAllPipelines(client)).map((p) => p.name ?? '');
  } catch {
    return error;
  }
  const close = closeMatches(pipeline, names);
  return close.length > 0 ? new CliError(`${error.message}; did you mean ${close.join(', ')}?`, error.exitCode) : error;
}
