import { Token } from 'aws-cdk-lib';
import { ConfigurationKey, KeyKind, ProviderDefinition } from './definition';
import { isAnyProvider } from './registry';
import { didYouMean } from '../core/private/suggest';
import type { ActionContext } from '../pipeline-file/action-context';

/**
 * Checks an action's configuration against its provider's keys: unknown keys (with "did you mean"),
 * missing required keys (deploy-time parameters by default, see `ActionContext.deployTimeValue`), and each value
 * against its key's rule. One rule, one error code.
 */
export function checkConfiguration(a: ActionContext, definition: ProviderDefinition): void {
  const names = definition.keys.map(k => k.name);
  // An action type of any provider (custom, third-party) defines its own keys.
  for (const key of isAnyProvider(definition) ? [] : Object.keys(a.config)) {
    if (!names.includes(key)) {
      a.configProblem('UnknownConfigurationKey',
        `${definition.title} has no configuration key '${key}'${didYouMean(key, names)}: use ${names.join(', ') || 'none'}`, key);
    }
  }
  for (const key of definition.keys) {
    const value = a.config[key.name];
    if (value === undefined) {
      // Left to deploy time: a parameter of the stack (MissingValues.ERROR: a problem saying how to give it).
      if (key.required) a.deployTimeValue(key.name, `'${key.example}'`, key.description);
      continue;
    }
    if (Token.isUnresolved(value)) continue; // a deploy-time value: CloudFormation checks it
    const problem = valueProblem(key, value);
    if (problem) a.configProblem('InvalidConfiguration', `'${key.name}' ${problem}, got '${value}'`, key.name);
  }
}

/** Why `value` breaks the key's rule, or undefined. */
export function valueProblem(key: ConfigurationKey, value: string): string | undefined {
  switch (key.kind) {
    case KeyKind.STRING:
      return value.trim() === '' ? 'must not be empty' : undefined;
    case KeyKind.BOOLEAN:
      return /^(true|false)$/i.test(value) ? undefined : 'must be true or false';
    case KeyKind.INTEGER: {
      const min = key.min ?? 0;
      const max = key.max ?? Number.MAX_SAFE_INTEGER;
      const ok = /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;
      return ok ? undefined : `must be a whole number from ${min} to ${max}`;
    }
    case KeyKind.ENUM:
      return key.values!.includes(value) ? undefined : `must be one of ${key.values!.join(', ')}${didYouMean(value, key.values!)}`;
    case KeyKind.JSON:
      try {
        const parsed = JSON.parse(value);
        return typeof parsed === 'object' && parsed !== null ? undefined : 'must be a JSON object or array';
      } catch {
        return 'must be a JSON object or array';
      }
    case KeyKind.LIST: {
      const items = value.split(',').map(v => v.trim());
      if (items.some(i => i === '')) return 'is a comma-separated list without empty entries';
      const bad = key.values ? items.find(i => !key.values!.includes(i)) : undefined;
      return bad !== undefined ? `lists '${bad}', which is not one of ${key.values!.join(', ')}${didYouMean(bad, key.values!)}` : undefined;
    }
  }
}
