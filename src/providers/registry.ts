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

/** The definition of `category`/`provider` (an alias such as `GitHub` included), or undefined. */
export function findProvider(category: string, provider: string, owner = 'AWS'): ProviderDefinition | undefined {
  return providerDefinitions().find(d => d.owner === owner && categoriesOf(d).includes(category)
    && (d.provider === provider || (d.aliases ?? []).includes(provider)));
}
