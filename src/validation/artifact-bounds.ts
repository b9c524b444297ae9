import { findProvider } from '../providers/registry';

/** How many input and output artifacts an action of one provider takes. */
export interface ArtifactBounds {
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minOutputs: number;
  readonly maxOutputs: number;
}

function bounds(minInputs: number, maxInputs: number, minOutputs: number, maxOutputs: number): ArtifactBounds {
  return { minInputs, maxInputs, minOutputs, maxOutputs };
}

/**
 * Artifact bounds of providers that have no module (every other provider's are in its
 * `ProviderDefinition`): OpsWorks, whose action reference gives 1 input and 0 to 1 outputs
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-OpsWorks.html). AWS ended
 * OpsWorks, so the library builds no OpsWorks action, but the validator still knows its bounds (for a
 * model of an existing pipeline).
 */
const BOUNDS: Record<string, ArtifactBounds> = {
  'Deploy/OpsWorks': bounds(1, 1, 0, 1),
};

/** Custom and third-party actions: the archived table's 0–5 / 0–5. */
const CUSTOM = bounds(0, 5, 0, 5);

/** The artifact bounds of an action, or undefined when the provider is not known. */
export function artifactBoundsOf(category: string, provider: string, owner = 'AWS'): ArtifactBounds | undefined {
  return findProvider(category, provider, owner)?.bounds ?? BOUNDS[`${category}/${provider}`] ?? (owner === 'AWS' ? undefined : CUSTOM);
}
