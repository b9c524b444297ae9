import { MANUAL_APPROVAL_PROVIDER } from './approval';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function approvalsProviders(): ProviderDefinition[] {
  return [
    MANUAL_APPROVAL_PROVIDER,
  ];
}
