import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/** Variable names that announce a secret. */
export const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;

/** Values that are secrets whatever their name (well-known credential formats). */
export const SECRET_VALUES: Array<[string, RegExp]> = [
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ['a GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/],
  ['a GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}\b/],
  ['an npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['a Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/**
 * Rejects plaintext environment variables that look like secrets.
 *
 * The value itself is never echoed in the message.
 */
export function rejectPlaintextSecrets(scope: IConstruct, prop: string, environment: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(environment ?? {})) {
    if (Token.isUnresolved(value)) continue;
    const kind = SECRET_VALUES.find(([, re]) => re.test(value))?.[0];
    if (kind || SECRET_NAME.test(name)) {
      const what = kind ? `its value looks like ${kind}` : `its name looks like a secret's (a plaintext value of ${value.length} characters was given)`;
      fail(scope, 'PlaintextSecret',
        `${prop}.${name} would be stored in plaintext in the template and the CodeBuild project: ${what}. ` +
        `Store it in AWS Secrets Manager and pass it as 'secrets: { ${name}: secret }' (a secretsmanager.ISecret) instead; ` +
        'if it is not a secret, rename the variable');
    }
  }
}
