import { LAMBDA_INVOKE_PROVIDER } from './lambda';
import { PIPELINE_INVOKE_PROVIDER } from './pipeline';
import { STEP_FUNCTIONS_PROVIDER } from './step-functions';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function invokesProviders(): ProviderDefinition[] {
  return [
    LAMBDA_INVOKE_PROVIDER,
    STEP_FUNCTIONS_PROVIDER,
    PIPELINE_INVOKE_PROVIDER,
  ];
}
