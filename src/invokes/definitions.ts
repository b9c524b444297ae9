import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function invokesProviders(): ProviderDefinition[] {
  return [];
}
