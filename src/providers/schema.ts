import { ConfigurationKey, KeyKind } from './definition';
import { categoriesOf, isAnyProvider, providerDefinitions } from './registry';

/**
 * The JSON Schema of one configuration key: its description and an example, for completion in editors.
 * Its value rule is not repeated here: the loader checks it (one rule, one error code, with the fix).
 */
function keySchema(key: ConfigurationKey): Record<string, unknown> {
  const rule = key.values ? ` One of: ${key.values.join(', ')}.` : key.kind === KeyKind.BOOLEAN ? ' true or false.' : '';
  return {
    description: `${key.description}${key.required ? ' Required.' : ''}${rule} Typed API: ${key.option}.`,
    examples: [key.example],
  };
}

/** The `provider` field's description: every provider by category, aliases included, from the modules. */
export function providerFieldDescription(): string {
  const byCategory = new Map<string, string[]>();
  const custom: string[] = [];
  for (const d of providerDefinitions()) {
    if (isAnyProvider(d)) {
      custom.push(...categoriesOf(d));
      continue;
    }
    for (const category of categoriesOf(d)) {
      byCategory.set(category, [...(byCategory.get(category) ?? []), d.provider, ...(d.aliases ?? [])]);
    }
  }
  const lists = [...byCategory].map(([category, names]) => `${category}: ${[...new Set(names)].join(', ')}.`);
  return `The provider. ${lists.join(' ')} With owner Custom or ThirdParty (${[...new Set(custom)].join(', ')}): the action type's own provider name, e.g. Jenkins.`;
}

/**
 * One `if`/`then` per provider: completion and documentation of its configuration keys in editors.
 * Unknown keys, required keys and value rules are checked by the loader, which reports "did you mean".
 */
export function providerConfigurationSchemas(): Array<Record<string, unknown>> {
  return providerDefinitions().map(d => ({
    // A definition of any provider (custom, third-party) is chosen by its owner.
    if: isAnyProvider(d) ? {
      required: ['actionType', 'owner'],
      properties: { actionType: { enum: categoriesOf(d) }, owner: { enum: [d.owner] } },
    } : {
      required: ['actionType', 'provider'],
      properties: { actionType: { enum: categoriesOf(d) }, provider: { enum: [d.provider, ...(d.aliases ?? [])] } },
    },
    then: {
      properties: {
        configuration: {
          description: `${d.title} (${d.documentation}).`,
          properties: Object.fromEntries(d.keys.map(k => [k.name, keySchema(k)])),
        },
      },
    },
  }));
}
