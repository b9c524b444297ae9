import { ProviderDefinition } from './definition';
import { approvalsProviders } from '../approvals/definitions';
import { buildsProviders } from '../builds/definitions';
import { deploysProviders } from '../deploys/definitions';
import { invokesProviders } from '../invokes/definitions';
import { sourcesProviders } from '../sources/definitions';
import { testsProviders } from '../tests/definitions';

let all: ProviderDefinition[] | undefined;

/** Every provider the library builds, each declared once in its module (read lazily: no import cycle). */
export function providerDefinitions(): ProviderDefinition[] {
  all ??= [
    ...sourcesProviders(),
    ...buildsProviders(),
    ...testsProviders(),
    ...approvalsProviders(),
    ...deploysProviders(),
    ...invokesProviders(),
  ];
  return all;
}

/** The categories a definition is declared in. */
export function categoriesOf(definition: ProviderDefinition): string[] {
  return [definition.category, ...(definition.otherCategories ?? [])];
}

/**
 * The provider name of a definition that stands for every action type of its owner (custom and
 * third-party action types have no fixed provider name): its provider, version and configuration keys
 * are the action type's own.
 */
export const ANY_PROVIDER = '*';

/** Whether the definition stands for every action type of its owner (`provider: '*'`). */
export function isAnyProvider(definition: ProviderDefinition): boolean {
  return definition.provider === ANY_PROVIDER;
}

/**
 * The definition of `category`/`provider` (an alias such as `GitHub` included), else the owner's
 * definition for any provider (`provider: '*'`), or undefined.
 */
export function findProvider(category: string, provider: string, owner = 'AWS'): ProviderDefinition | undefined {
  const candidates = providerDefinitions().filter(d => d.owner === owner && categoriesOf(d).includes(category));
  return candidates.find(d => d.provider === provider || (d.aliases ?? []).includes(provider)) ?? candidates.find(isAnyProvider);
}
