import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { fail, show } from './errors';

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

/** Where the plaintext variables checked come from, and how the user fixes a match. */
export interface PlaintextVariables {
  /** The option holding the variables, e.g. `environment` or `actionEnvironment`. */
  readonly prop: string;
  /** The option taking Secrets Manager variables instead, e.g. `secrets` or `actionSecrets` (unused with `wording`). */
  readonly secretsProp?: string;
  /** The variables. */
  readonly variables: Record<string, string> | undefined;
  /**
   * The names the user declared not to be secrets (`notSecrets`): their names are not checked; their
   * values still are (a value in a credential format is a secret whatever the variable is called).
   */
  readonly notSecrets?: string[];
  /**
   * The wording for variables that are not a CodeBuild project's (e.g. an EKS deploy's): the message's
   * prefix, where the variables are stored and the fix. Without it, the CodeBuild wording (Secrets Manager,
   * `notSecrets`).
   */
  readonly wording?: PlaintextWording;
}

/** How a plaintext secret is reported for variables that are not a CodeBuild project's. */
export interface PlaintextWording {
  /** Put before the message, e.g. `Deploy.eks: `. */
  readonly prefix: string;
  /** Where the variables are stored, e.g. `the pipeline`. */
  readonly storedIn: string;
  /** What to do instead. */
  readonly fix: string;
}

/**
 * Rejects plaintext environment variables that look like secrets, with the fix that fits the match:
 * a value in a credential format belongs in Secrets Manager; a name that sounds like a secret is either
 * a secret (Secrets Manager) or not (rename it, or list it in `notSecrets`).
 *
 * The value itself is never echoed in the message.
 */
export function rejectPlaintextSecrets(scope: IConstruct | undefined, given: PlaintextVariables): void {
  const notSecrets = new Set(given.notSecrets ?? []);
  const w = given.wording;
  for (const [name, value] of Object.entries(given.variables ?? {})) {
    if (Token.isUnresolved(value)) continue;
    const kind = SECRET_VALUES.find(([, re]) => re.test(value))?.[0];
    if (w) {
      if (kind || (SECRET_NAME.test(name) && !notSecrets.has(name))) {
        fail(scope, 'PlaintextSecret', `${w.prefix}${given.prop}.${name} would be stored in plaintext in ${w.storedIn}: ` +
          `its ${kind ? `value looks like ${kind}` : "name looks like a secret's"}; ${w.fix}`);
      }
      continue;
    }
    const where = `${given.prop}.${name} would be stored in plaintext in the template and the CodeBuild project`;
    const instead = `store it in AWS Secrets Manager and pass it as '${given.secretsProp}: { ${name}: secret }' (a secretsmanager.ISecret) instead`;
    if (kind) {
      fail(scope, 'PlaintextSecret', `${where}: its value looks like ${kind}, a credential whatever the variable is called. ` +
        `Rotate it if it was ever committed, then ${instead}` + (notSecrets.has(name) ? " ('notSecrets' skips the name check only)" : ''));
    }
    if (SECRET_NAME.test(name) && !notSecrets.has(name)) {
      fail(scope, 'PlaintextSecret', `${where}: its name looks like a secret's (a plaintext value of ${value.length} characters was given). ` +
        `If it is a secret, ${instead}; if it is not (e.g. a secret's name or ARN), rename the variable or list it in 'notSecrets: ['${name}']'`);
    }
  }
}

/** Rejects `notSecrets` entries that name no plaintext variable (a typo would silently opt nothing out). */
export function checkNotSecrets(scope: IConstruct, notSecrets: string[] | undefined, ...variables: Array<Record<string, string> | undefined>): void {
  const names = variables.flatMap(v => Object.keys(v ?? {}));
  for (const name of notSecrets ?? []) {
    if (!names.includes(name)) {
      fail(scope, 'UnknownNotSecret',
        `'notSecrets' lists ${show(name)}, but no plaintext environment variable is called that (plaintext variables: ${names.map(n => `'${n}'`).join(', ') || 'none'}): ` +
        'list only names of plaintext variables, or remove it');
    }
  }
}
