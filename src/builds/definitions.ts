import { CODEBUILD_PROVIDER } from './codebuild';
import { COMMANDS_PROVIDER } from './commands';
import { CUSTOM_ACTION_PROVIDER, THIRD_PARTY_ACTION_PROVIDER } from './custom-action';
import { ECR_BUILD_AND_PUBLISH_PROVIDER } from './ecr-build-and-publish';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function buildsProviders(): ProviderDefinition[] {
  return [
    CODEBUILD_PROVIDER,
    COMMANDS_PROVIDER,
    ECR_BUILD_AND_PUBLISH_PROVIDER,
    CUSTOM_ACTION_PROVIDER,
    THIRD_PARTY_ACTION_PROVIDER,
  ];
}
