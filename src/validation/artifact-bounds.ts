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

const SOURCE = bounds(0, 0, 1, 1);
const DEPLOY_ONE = bounds(1, 1, 0, 0);

/**
 * Artifact bounds per `Category/Provider`, from the CodePipeline user guide's structure reference and
 * aws-cdk-lib's `artifactBounds` of each action (see CODEPIPELINE-FACTS.md, section 1).
 */
const BOUNDS: Record<string, ArtifactBounds> = {
  'Source/S3': SOURCE,
  'Source/CodeCommit': SOURCE,
  'Source/ECR': SOURCE,
  'Source/CodeStarSourceConnection': SOURCE,
  'Source/GitHub': SOURCE,
  'Build/CodeBuild': bounds(1, 5, 0, 5),
  'Test/CodeBuild': bounds(1, 5, 0, 5),
  'Build/ECRBuildAndPublish': DEPLOY_ONE,
  'Build/Commands': bounds(1, 10, 0, 1),
  'Compute/Commands': bounds(1, 10, 0, 1),
  'Build/Jenkins': bounds(0, 5, 0, 5),
  'Test/Jenkins': bounds(0, 5, 0, 5),
  'Test/DeviceFarm': DEPLOY_ONE,
  'Approval/Manual': bounds(0, 0, 0, 0),
  'Deploy/S3': DEPLOY_ONE,
  'Deploy/CodeDeploy': DEPLOY_ONE,
  'Deploy/CodeDeployToECS': bounds(1, 5, 0, 0),
  'Deploy/ElasticBeanstalk': DEPLOY_ONE,
  'Deploy/OpsWorks': DEPLOY_ONE,
  'Deploy/ECS': DEPLOY_ONE,
  'Deploy/ServiceCatalog': DEPLOY_ONE,
  'Deploy/AlexaSkillsKit': bounds(1, 2, 0, 0),
  'Invoke/Lambda': bounds(0, 5, 0, 5),
  'Invoke/StepFunctions': bounds(0, 1, 0, 1),
  'Invoke/CodePipeline': bounds(0, 0, 0, 0), // the pipeline invoke action
  'Invoke/InspectorScan': bounds(0, 1, 1, 1),
};

/** Custom and third-party actions: the archived table's 0–5 / 0–5. */
const CUSTOM = bounds(0, 5, 0, 5);

/** The artifact bounds of an action, or undefined when the provider is not known. */
export function artifactBoundsOf(category: string, provider: string, owner = 'AWS'): ArtifactBounds | undefined {
  return findProvider(category, provider, owner)?.bounds ?? BOUNDS[`${category}/${provider}`] ?? (owner === 'AWS' ? undefined : CUSTOM);
}
