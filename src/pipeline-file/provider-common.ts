import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ActionContext } from './action-context';
import { didYouMean } from '../core/private/suggest';

/** Spec keys that configure a CodeBuild project the library creates. */
export const CODEBUILD_KEYS = ['commands', 'installCommands', 'buildspec', 'variables', 'secrets', 'notSecrets', 'computeType', 'privileged'];

/** A map of scalars as strings (environment variables, parameters). */
export function stringMap(value: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** A BOOLEAN configuration key's value (its rule, checked by the configuration, allows true or false in any case). */
export function flag(a: ActionContext, key: string): boolean | undefined {
  const value = a.config[key];
  return value !== undefined ? /^true$/i.test(value) : undefined;
}

/** An INTEGER configuration key's value (a whole number, as its rule checked). */
export function integer(a: ActionContext, key: string): number | undefined {
  const value = a.config[key];
  return value !== undefined ? Number(value) : undefined;
}

/** A LIST configuration key's entries (comma-separated, trimmed). */
export function list(a: ActionContext, key: string): string[] | undefined {
  return a.config[key]?.split(',').map(entry => entry.trim());
}

/** Imports the spec's `secrets` (variable → secret name or full ARN) under `scope`. */
export function importSecrets(scope: Construct, secretNames: Record<string, string> | undefined, idPrefix = 'Secret'): Record<string, secretsmanager.ISecret> {
  const secrets: Record<string, secretsmanager.ISecret> = {};
  for (const [variable, secret] of Object.entries(secretNames ?? {})) {
    secrets[variable] = secret.startsWith('arn:')
      ? secretsmanager.Secret.fromSecretCompleteArn(scope, `${idPrefix}${variable}`, secret)
      : secretsmanager.Secret.fromSecretNameV2(scope, `${idPrefix}${variable}`, secret);
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

/** The CodeBuild action's `EnvironmentVariables`, by type. */
export interface ActionVariables {
  readonly plaintext?: Record<string, string>;
  /** Variable → secret name or full ARN. */
  readonly secrets?: Record<string, string>;
  /** Variable → parameter name. */
  readonly parameters?: Record<string, string>;
  /** Secret variable → what follows the secret in its value (`json-key[:version-stage[:version-id]]`). */
  readonly secretKeys?: Record<string, string>;
}

/** The type of a CodePipeline `{ name, value, type }` environment variable. */
export type VariableType = 'PLAINTEXT' | 'SECRETS_MANAGER' | 'PARAMETER_STORE';

const VARIABLE_TYPES: readonly VariableType[] = ['PLAINTEXT', 'SECRETS_MANAGER', 'PARAMETER_STORE'];

/**
 * Reads the CodeBuild action's `EnvironmentVariables` configuration: a JSON array, as CodePipeline takes
 * it, of `{ "name", "value", "type" }` (type PLAINTEXT, the default, SECRETS_MANAGER or PARAMETER_STORE).
 */
export function actionVariables(a: ActionContext): ActionVariables | undefined {
  const text = a.config.EnvironmentVariables;
  if (text === undefined) return undefined;
  const example = '[{"name":"STAGE","value":"prod","type":"PLAINTEXT"}]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // the key's rule (a JSON document) reported it
  }
  if (!Array.isArray(parsed)) {
    a.configProblem('InvalidConfiguration', `EnvironmentVariables must be a JSON array, e.g. '${example}', got '${text}'`, 'EnvironmentVariables');
    return undefined;
  }
  return variableEntries(parsed, VARIABLE_TYPES, 'EnvironmentVariables',
    message => a.configProblem('InvalidConfiguration', message, 'EnvironmentVariables'));
}

/**
 * Reads a list of `{ name, value, type }` environment variables (type PLAINTEXT when left out), by type:
 * `types` are the types allowed, `label` names the list in messages, and `problem` reports an entry
 * that is left out (no name or no scalar value, a type not allowed, a name given twice).
 */
export function variableEntries(entries: unknown[], types: readonly VariableType[], label: string,
  problem: (message: string) => void): Required<ActionVariables> {
  const plaintext: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const parameters: Record<string, string> = {};
  const secretKeys: Record<string, string> = {};
  entries.forEach((entry: any, i: number) => {
    const type = entry?.type ?? 'PLAINTEXT';
    if (typeof entry?.name !== 'string' || entry.value === undefined || entry.value === null || typeof entry.value === 'object') {
      problem(`${label}[${i}] needs a 'name' and a scalar 'value', e.g. {"name":"STAGE","value":"prod"}, got '${JSON.stringify(entry)}'`);
      return;
    }
    if (!types.includes(type)) {
      problem(`${label}[${i}] (${entry.name}) has type '${type}': the type is ${types.join(', ')}${didYouMean(String(type), [...types])}`);
      return;
    }
    const value = String(entry.value);
    if (entry.name in plaintext || entry.name in secrets || entry.name in parameters) {
      problem(`${label} names '${entry.name}' twice: give each variable once`);
      return;
    }
    if (type === 'SECRETS_MANAGER') {
      const { secret, key } = secretReference(value);
      secrets[entry.name] = secret;
      if (key !== undefined) secretKeys[entry.name] = key;
      return;
    }
    (type === 'PLAINTEXT' ? plaintext : parameters)[entry.name] = value;
  });
  return { plaintext, secrets, parameters, secretKeys };
}

/**
 * A `SECRETS_MANAGER` variable's value, `secret-id[:json-key[:version-stage[:version-id]]]` (the id a name
 * or a full ARN, which has 7 parts): the secret, and what follows it.
 */
export function secretReference(value: string): { secret: string; key?: string } {
  const parts = value.split(':');
  const idParts = value.startsWith('arn:') ? 7 : 1;
  return { secret: parts.slice(0, idParts).join(':'), key: parts.length > idParts ? parts.slice(idParts).join(':') : undefined };
}

/** Imports the parameters of `EnvironmentVariables` (variable → parameter name) under `scope`. */
export function importParameters(scope: Construct, names: Record<string, string> | undefined): Record<string, ssm.IParameter> {
  return Object.fromEntries(Object.entries(names ?? {}).map(([variable, name]) =>
    [variable, ssm.StringParameter.fromStringParameterName(scope, `ActionParameter${variable}`, name)]));
}

/** An empty map as undefined. */
export function nonEmpty<T>(map: Record<string, T> | undefined): Record<string, T> | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}
