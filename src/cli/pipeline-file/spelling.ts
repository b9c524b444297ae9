/**
 * The library spells the fixes of its problems for code (`PipelineFileOptions.configuration['A.K']`,
 * `PipelineFileOptions.connections`, `quotas.maxStages`); on the command line the same fixes are flags.
 * Each rewrite is `[pattern, replacement]`, applied in order (the specific ones first).
 */
const REWRITES: Array<[RegExp, string]> = [
  [/PipelineFileOptions\.configuration\['([^']+)'\]/g, '--set $1=VALUE'],
  [/\(from PipelineFileOptions\.configuration '([^']+)'\)/g, '(from --set $1)'],
  [/PipelineFileOptions\.configuration/g, '--set Action.Key=VALUE'],
  [/pass PipelineFileOptions\.connections \(e\.g\. \{ (\w+): '([^']+)' \}\)/g, 'pass --connection $1=$2'],
  [/a name in PipelineFileOptions\.connections/g, 'a name given with --connection NAME=ARN'],
  [/PipelineFileOptions\.connections/g, '--connection NAME=ARN'],
  // Services and task definitions are objects: code only, the CLI gives their names with --set instead.
  [/ \(or pass the service in PipelineFileOptions\.services\)/g, ''],
  [/the 'quotas' option \(quotas\.maxStages\)/g, '--quota stages=N'],
  [/the 'quotas' option \(quotas\.maxActionsPerStage\)/g, '--quota actions-per-stage=N'],
  [/the 'quotas' option \(quotas\.maxActionsPerPipeline\)/g, '--quota actions=N'],
  [/the value given for the quota/g, 'the value given with --quota for the quota'],
];

/** `text` (a problem's message or path) with the library's option spelling replaced by the CLI's flags. */
export function cliSpelling(text: string): string {
  return REWRITES.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}
