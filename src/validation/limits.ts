/**
 * CodePipeline's quotas and name rules (CODEPIPELINE-FACTS.md, section 1). `maxStages`,
 * `maxActionsPerStage` and `maxActionsPerPipeline` are the documented defaults of adjustable quotas:
 * `PipelineQuotas` raises them.
 */
export const LIMITS = {
  minStages: 2,
  maxStages: 50,
  maxActionsPerStage: 50,
  maxActionsPerPipeline: 500,
  minRunOrder: 1,
  maxRunOrder: 999,
  maxConfigurationKeyLength: 50,
  maxConfigurationValueLength: 1000,
  minApprovalTimeoutMinutes: 5,
  maxApprovalTimeoutMinutes: 86_400,
  maxVariableNameLength: 128,
  maxVariableValueLength: 1000,
};

/** Pipeline, stage and action names: 1 to 100 of letters, digits and `. @ _ -`. */
export const NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
/** Artifact names: 1 to 100 of letters, digits and `_ -`. */
export const ARTIFACT_NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** Variable namespaces: 1 to 100 of letters, digits and `@ _ -`. */
export const NAMESPACE = /^[A-Za-z0-9@_-]{1,100}$/;
/** Pipeline variable names: 1 to 128 of letters, digits and `@ _ -`. */
export const VARIABLE_NAME = /^[A-Za-z0-9@_-]{1,128}$/;

/** The action categories CodePipeline knows. */
export const CATEGORIES = ['Source', 'Build', 'Test', 'Approval', 'Deploy', 'Invoke', 'Compute'];

/** Providers only V2 pipelines can use. */
export const V2_ONLY_PROVIDERS = ['Commands', 'EC2', 'EKS', 'ECRBuildAndPublish'];

/** The quota names (as in the CodePipeline quotas page) of the adjustable structural quotas, by `PipelineQuotas` field. */
export const QUOTA_NAMES = {
  maxStages: 'Stages per pipeline',
  maxActionsPerStage: 'Actions per stage',
  maxActionsPerPipeline: 'Actions per pipeline',
} as const;
