import { ActionContext } from './action-context';
import { withArticle } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';
import { categoriesOf, isAnyProvider, providerDefinitions } from '../providers/registry';
import { refuseGitHubVersion1 } from '../sources/connection';

/** The providers the library builds in a category (from the provider modules). */
export function supportedProviders(actionType: string): string[] {
  return [...new Set(providerDefinitions().filter(d => d.owner === 'AWS' && categoriesOf(d).includes(actionType)).map(d => d.provider))];
}

/** The categories custom and third-party action types may have (the categories of their definitions). */
function customCategories(): string[] {
  return [...new Set(providerDefinitions().filter(isAnyProvider).flatMap(categoriesOf))];
}

/**
 * Reports an action no provider module builds: GitHub version 1 (insecure: an OAuth token in the pipeline)
 * with its replacement, an owner whose category has no custom types, or an unknown provider with the known ones.
 */
export function reportUnknownProvider(a: ActionContext): void {
  const actionType: string = a.data.actionType;
  const provider: string = a.data.provider;
  const owner: string = a.data.owner ?? 'AWS';
  if (refuseGitHubVersion1(a)) return;
  if (owner !== 'AWS') {
    // Custom and third-party build, test and deploy actions have a provider module (src/builds/custom-action.ts).
    a.problem('UnsupportedProvider', `the spec builds ${owner} actions of type ${customCategories().join(', ')} only, got ${withArticle(actionType)} action: use owner AWS`, 'owner');
    return;
  }
  const known = supportedProviders(actionType);
  const hint = customCategories().includes(actionType)
    ? ' (a Jenkins, custom or third-party action type: set owner to Custom or ThirdParty)' : '';
  a.problem('UnsupportedProvider',
    `the spec cannot build a ${actionType} action of provider '${provider}'${didYouMean(provider, known)}: use ${known.join(', ')}${hint}`, 'provider');
}
