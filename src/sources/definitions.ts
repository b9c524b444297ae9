import { CODECOMMIT_SOURCE_PROVIDER } from './codecommit';
import { CONNECTION_SOURCE_PROVIDER } from './connection';
import { ECR_SOURCE_PROVIDER } from './ecr';
import { S3_SOURCE_PROVIDER } from './s3';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function sourcesProviders(): ProviderDefinition[] {
  return [
    CONNECTION_SOURCE_PROVIDER,
    CODECOMMIT_SOURCE_PROVIDER,
    S3_SOURCE_PROVIDER,
    ECR_SOURCE_PROVIDER,
  ];
}
