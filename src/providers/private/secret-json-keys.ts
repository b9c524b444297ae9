import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';

/** Where a step takes its secrets and their JSON keys, for messages: e.g. 'secrets' and 'secretJsonKeys'. */
export interface SecretJsonKeyProps {
  /** What the message starts with (e.g. 'Build.commands: '). */
  readonly prefix?: string;
  readonly secretsProp: string;
  readonly keysProp: string;
}

/** Fails unless every variable the JSON keys name is one of the step's secrets. */
export function checkSecretJsonKeys(scope: IConstruct | undefined, props: SecretJsonKeyProps,
  secrets: Record<string, unknown> | undefined, keys: Record<string, string> | undefined): void {
  for (const name of Object.keys(keys ?? {})) {
    if (!secrets || !(name in secrets)) {
      fail(scope, 'UnknownSecretVariable', `${props.prefix ?? ''}${props.keysProp} names '${name}', which is not a variable of '${props.secretsProp}': add the secret to '${props.secretsProp}'`);
    }
  }
}

/** A `SECRETS_MANAGER` variable's value: the secret's ARN, and `:<json-key>` when the variable has a JSON key. */
export function secretVariableValue(secret: secretsmanager.ISecret, key: string | undefined): string {
  return key !== undefined ? `${secret.secretArn}:${key}` : secret.secretArn;
}
