/** Links to the CodePipeline console. */
function consoleBase(region: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines`;
}

export function pipelineUrl(region: string, pipeline: string): string {
  return `${consoleBase(region)}/${encodeURIComponent(pipeline)}/view?region=${region}`;
}

export function executionUrl(region: string, pipeline: string, executionId: string): string {
  return `${consoleBase(region)}/${encodeURIComponent(pipeline)}/executions/${encodeURIComponent(executionId)}/timeline?region=${region}`;
}
