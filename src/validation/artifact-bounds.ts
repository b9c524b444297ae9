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

const DEPLOY_ONE = bounds(1, 1, 0, 0);

/**
 * Artifact bounds per `Category/Provider`, from the CodePipeline user guide's structure reference and
 * aws-cdk-lib's `artifactBounds` of each action (see CODEPIPELINE-FACTS.md, section 1).
 */
const BOUNDS: Record<string, ArtifactBounds> = {
  'Deploy/OpsWorks': DEPLOY_ONE,
};

/** Custom and third-party actions: the archived table's 0–5 / 0–5. */
const CUSTOM = bounds(0, 5, 0, 5);

/** The artifact bounds of an action, or undefined when the provider is not known. */
export function artifactBoundsOf(category: string, provider: string, owner = 'AWS'): ArtifactBounds | undefined {
  return findProvider(category, provider, owner)?.bounds ?? BOUNDS[`${category}/${provider}`] ?? (owner === 'AWS' ? undefined : CUSTOM);
}
