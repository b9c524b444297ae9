import { CLOUDFORMATION_PROVIDER } from './cloudformation';
import { CLOUDFORMATION_STACKINSTANCES_PROVIDER, CLOUDFORMATION_STACKSET_PROVIDER } from './cloudformation-stackset';
import { S3_DEPLOY_PROVIDER } from './s3';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function deploysProviders(): ProviderDefinition[] {
  return [
    S3_DEPLOY_PROVIDER,
    CLOUDFORMATION_PROVIDER,
    CLOUDFORMATION_STACKSET_PROVIDER,
    CLOUDFORMATION_STACKINSTANCES_PROVIDER,
  ];
}
