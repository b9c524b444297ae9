import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ActionContext } from './action-context';

/** Spec keys that configure a CodeBuild project the library creates. */
export const CODEBUILD_KEYS = ['commands', 'installCommands', 'buildspec', 'variables', 'secrets', 'computeType', 'privileged'];
/** Spec keys of manual approvals. */
export const APPROVAL_KEYS = ['timeoutInMinutes', 'notify'];
/** Every spec key that is not CodePipeline's own, for providers that take none of them. */
export const NON_CONFIGURATION_KEYS = [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace'];

/** A map of scalars as strings (environment variables, parameters). */
export function stringMap(value: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Imports the spec's `secrets` (variable → secret name or full ARN) under `scope`. */
export function importSecrets(scope: Construct, secretNames: Record<string, string> | undefined): Record<string, secretsmanager.ISecret> {
  const secrets: Record<string, secretsmanager.ISecret> = {};
  for (const [variable, secret] of Object.entries(secretNames ?? {})) {
    secrets[variable] = secret.startsWith('arn:')
      ? secretsmanager.Secret.fromSecretCompleteArn(scope, `Secret${variable}`, secret)
      : secretsmanager.Secret.fromSecretNameV2(scope, `Secret${variable}`, secret);
  }
  return secrets;
}

/**
 * A template path as CodePipeline writes it (`Artifact::path`): the artifact (checked against the
 * action's inputs; the first input when the path names none) and the path inside it.
 */
export function artifactPath(a: ActionContext, key: string, value: string | undefined): { input?: string; path?: string } {
  if (value === undefined) return {};
  if (!value.includes('::')) return { input: a.inputs[0], path: value };
  const [input, path] = value.split('::', 2);
  if (!a.inputs.includes(input)) {
    a.configProblem('InvalidConfiguration', `${key} reads artifact '${input}', which is not among the action's inputArtifacts (${a.inputs.join(', ') || 'none'}): add it to inputArtifacts`, key);
  }
  return { input, path };
}
