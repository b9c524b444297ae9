/**
 * A neutral description of one CodePipeline action: what the validator and the diagram read, built
 * from a spec (with YAML locations) or from a synthesized pipeline (with construct paths).
 */
export interface ActionModel {
  /** The action's name. */
  readonly name: string;

  /** The action category: `Source`, `Build`, `Test`, `Approval`, `Deploy`, `Invoke` or `Compute`. */
  readonly category: string;

  /** The action's provider, e.g. `CodeBuild`, `CodeStarSourceConnection`, `ECS`, `Manual`. */
  readonly provider: string;

  /**
   * The action owner: `AWS`, `ThirdParty` or `Custom`.
   *
   * @default 'AWS'
   */
  readonly owner?: string;

  /**
   * The run order within its stage (1 to 999).
   *
   * @default 1
   */
  readonly runOrder?: number;

  /**
   * The names of the artifacts the action reads.
   *
   * @default - none
   */
  readonly inputArtifacts?: string[];

  /**
   * The names of the artifacts the action writes.
   *
   * @default - none
   */
  readonly outputArtifacts?: string[];

  /**
   * The action's configuration; values that are not known until deployment are left out.
   *
   * @default - none
   */
  readonly configuration?: Record<string, string>;

  /**
   * The namespace of the action's output variables.
   *
   * @default - none
   */
  readonly variablesNamespace?: string;

  /**
   * The region the action runs in.
   *
   * @default - the pipeline's region
   */
  readonly region?: string;

  /**
   * For manual approvals, how long the approval waits, in minutes.
   *
   * @default - CodePipeline's default (7 days)
   */
  readonly timeoutInMinutes?: number;

  /**
   * Where the action is described, for messages (`stages[1].actions[0] (line 12, column 9)` or a construct path).
   *
   * @default - derived from the stage and action names
   */
  readonly location?: string;
}

/** A neutral description of one stage. */
export interface StageModel {
  /** The stage's name. */
  readonly name: string;

  /** The stage's actions, in declaration order. */
  readonly actions: ActionModel[];

  /**
   * Whether the stage has entry, success or failure conditions (V2 only).
   *
   * @default false
   */
  readonly hasConditions?: boolean;

  /**
   * Whether the stage rolls back automatically on failure (V2 only).
   *
   * @default false
   */
  readonly rollbackOnFailure?: boolean;

  /**
   * Whether the stage retries automatically on failure (V2 only).
   *
   * @default false
   */
  readonly retryOnFailure?: boolean;

  /**
   * Where the stage is described, for messages.
   *
   * @default - derived from the stage's name
   */
  readonly location?: string;
}

/** A pipeline-level variable (V2). */
export interface VariableModel {
  /** The variable's name. */
  readonly name: string;

  /**
   * The variable's default value.
   *
   * @default - none
   */
  readonly defaultValue?: string;

  /**
   * Where the variable is described, for messages.
   *
   * @default - derived from the variable's name
   */
  readonly location?: string;
}

/** A neutral description of a whole pipeline: what `PipelineValidator.validate` checks. */
export interface PipelineModel {
  /**
   * The pipeline's name.
   *
   * @default - not checked
   */
  readonly name?: string;

  /**
   * The pipeline type, `V1` or `V2`.
   *
   * @default 'V2'
   */
  readonly pipelineType?: string;

  /** The stages, in order. */
  readonly stages: StageModel[];

  /**
   * Pipeline-level variables.
   *
   * @default - none
   */
  readonly variables?: VariableModel[];

  /**
   * How many triggers the pipeline declares.
   *
   * @default 0
   */
  readonly triggerCount?: number;

  /**
   * The execution mode: `SUPERSEDED`, `QUEUED` or `PARALLEL`.
   *
   * @default 'SUPERSEDED'
   */
  readonly executionMode?: string;

  /**
   * Where the pipeline is described, for messages.
   *
   * @default 'pipeline'
   */
  readonly location?: string;
}

/**
 * CodePipeline's structural quotas the validator applies. They are adjustable service quotas: when
 * Service Quotas has raised one for the account, give the raised value here, else the validator reports
 * pipelines the account may deploy.
 *
 * @example
 * const quotas: PipelineQuotas = { maxStages: 60, maxActionsPerStage: 60, maxActionsPerPipeline: 600 };
 */
export interface PipelineQuotas {
  /**
   * The most stages a pipeline may have (quota "Stages per pipeline"; raise it in Service Quotas).
   *
   * @default 50
   */
  readonly maxStages?: number;

  /**
   * The most actions a stage may have (quota "Actions per stage"; raise it in Service Quotas).
   *
   * @default 50
   */
  readonly maxActionsPerStage?: number;

  /**
   * The most actions a pipeline may have (quota "Actions per pipeline"; raise it in Service Quotas).
   *
   * @default 500
   */
  readonly maxActionsPerPipeline?: number;
}

/** One problem the validator found. */
export interface ValidationProblem {
  /** A stable PascalCase code, e.g. `TooManyStages`. */
  readonly code: string;

  /** Where the problem is: a spec path with line and column, or a construct path. */
  readonly location: string;

  /** What was found and how to fix it. */
  readonly message: string;
}
