import { ANY_ACTION_TYPE_BOUNDS, ArtifactBounds } from '../providers/definition';
import { findProvider } from '../providers/registry';

function bounds(minInputs: number, maxInputs: number, minOutputs: number, maxOutputs: number): ArtifactBounds {
  return { minInputs, maxInputs, minOutputs, maxOutputs };
}

/**
 * Artifact bounds of action types that no provider module declares (every other provider's are in its
 * `ProviderDefinition`):
 * - OpsWorks, whose action reference gives 1 input and 0 to 1 outputs
 *   (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-OpsWorks.html). AWS ended
 *   OpsWorks, so the library builds no OpsWorks action, but the validator still knows its bounds (for a
 *   model of an existing pipeline);
 * - the published third-party type AlexaSkillsKit (CodePipeline's action structure reference: 1 to 2
 *   inputs, no output), which the catch-all ThirdParty definition would otherwise give 0 to 5 of each.
 */
const BOUNDS: Record<string, ArtifactBounds> = {
  'Deploy/OpsWorks': bounds(1, 1, 0, 1),
  'Deploy/AlexaSkillsKit': bounds(1, 2, 0, 0),
};

/** The artifact bounds of an action, or undefined when the provider is not known. */
export function artifactBoundsOf(category: string, provider: string, owner = 'AWS'): ArtifactBounds | undefined {
  return BOUNDS[`${category}/${provider}`] ?? findProvider(category, provider, owner)?.bounds ?? (owner === 'AWS' ? undefined : ANY_ACTION_TYPE_BOUNDS);
}
