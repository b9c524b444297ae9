import { artifactBoundsOf } from './artifact-bounds';
import { ARTIFACT_NAME, CATEGORIES, LIMITS, NAME, NAMESPACE, QUOTA_NAMES, V2_ONLY_PROVIDERS, VARIABLE_NAME } from './limits';
import { ActionModel, PipelineModel, PipelineQuotas, StageModel, ValidationProblem } from './model';
import { DeliveryPipelineError } from '../core/private/errors';
import { withArticle } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';

interface Producer {
  readonly stageIndex: number;
  readonly runOrder: number;
  readonly actionName: string;
  readonly where: string;
}

/**
 * Checks a pipeline against CodePipeline's structural rules and quotas before anything is deployed:
 * stage and action counts, names, run orders, artifact flow, source placement, per-provider artifact
 * counts, configuration sizes, approval timeouts, variables and V2-only features.
 *
 * The DeliveryPipeline runs it at synth on every pipeline; the spec loader runs it on every spec.
 *
 * @example
 * const problems = PipelineValidator.validate({ stages: [...] });
 */
export class PipelineValidator {
  /**
   * Returns every problem of the pipeline (empty when it is valid).
   *
   * @param model the pipeline
   * @param quotas the account's structural quotas, when Service Quotas has raised them (left out:
   * CodePipeline's documented defaults, 50 stages, 50 actions per stage, 500 actions)
   */
  public static validate(model: PipelineModel, quotas?: PipelineQuotas): ValidationProblem[] {
    return new Checker(model, resolveQuotas(quotas)).run();
  }

  private constructor() {}
}

class Checker {
  private readonly problems: ValidationProblem[] = [];
  private readonly v1: boolean;

  constructor(private readonly model: PipelineModel, private readonly quotas: Required<PipelineQuotas>) {
    this.v1 = (model.pipelineType ?? 'V2') === 'V1';
  }

  public run(): ValidationProblem[] {
    this.checkPipeline();
    const stageNames = new Set<string>();
    const namespaces = new Map<string, string>();
    this.model.stages.forEach((stage, i) => {
      const where = this.stageWhere(stage, i);
      this.checkName(where, 'stage name', stage.name, 'InvalidStageName');
      if (stageNames.has(stage.name)) {
        this.add('DuplicateStageName', where, `two stages are called '${stage.name}': stage names must be unique in the pipeline, rename one`);
      }
      stageNames.add(stage.name);
      this.checkStage(stage, i, namespaces);
    });
    this.checkArtifactFlow();
    return this.problems;
  }

  private add(code: string, location: string, message: string): void {
    this.problems.push({ code, location, message });
  }

  private get pipelineWhere(): string {
    return this.model.location ?? 'pipeline';
  }

  private stageWhere(stage: StageModel, i: number): string {
    return stage.location ?? `stages[${i}] ('${stage.name}')`;
  }

  private actionWhere(action: ActionModel, i: number, j: number): string {
    return action.location ?? `stages[${i}].actions[${j}] ('${action.name}')`;
  }

  private checkName(where: string, what: string, name: string, code: string): void {
    if (!NAME.test(name)) {
      this.add(code, where, `${what} ${show(name)} is invalid: use 1 to 100 letters, digits and . @ _ - (got ${name.length} characters)`);
    }
  }

  private checkPipeline(): void {
    const m = this.model;
    const where = this.pipelineWhere;
    if (m.name !== undefined) this.checkName(where, 'pipeline name', m.name, 'InvalidPipelineName');
    if (m.pipelineType !== undefined && m.pipelineType !== 'V1' && m.pipelineType !== 'V2') {
      this.add('InvalidPipelineType', where, `pipeline type ${show(m.pipelineType)} is unknown: use V1 or V2`);
    }
    const count = m.stages.length;
    if (count < LIMITS.minStages) {
      this.add('TooFewStages', where, `a pipeline needs at least ${LIMITS.minStages} stages (a source stage and one more), found ${count}: add a stage`);
    }
    if (count > this.quotas.maxStages) {
      this.add('TooManyStages', where,
        `a pipeline holds at most ${this.quotas.maxStages} stages, found ${count}: merge stages or split the pipeline${raisable('maxStages', this.quotas.maxStages)}`);
    }
    const actions = m.stages.reduce((sum, s) => sum + s.actions.length, 0);
    if (actions > this.quotas.maxActionsPerPipeline) {
      this.add('TooManyActions', where,
        `a pipeline holds at most ${this.quotas.maxActionsPerPipeline} actions, found ${actions}: split the pipeline${raisable('maxActionsPerPipeline', this.quotas.maxActionsPerPipeline)}`);
    }
    const executionMode = m.executionMode ?? 'SUPERSEDED';
    if (!['SUPERSEDED', 'QUEUED', 'PARALLEL'].includes(executionMode)) {
      this.add('InvalidExecutionMode', where, `execution mode ${show(executionMode)} is unknown: use SUPERSEDED, QUEUED or PARALLEL`);
    } else if (this.v1 && executionMode !== 'SUPERSEDED') {
      this.v2Only(where, `execution mode ${executionMode}`);
    }
    if (this.v1 && (m.triggerCount ?? 0) > 0) this.v2Only(where, 'triggers');
    const variables = new Set<string>();
    (m.variables ?? []).forEach((variable, i) => {
      const vWhere = variable.location ?? `variables[${i}]`;
      if (this.v1 && i === 0) this.v2Only(vWhere, 'pipeline variables');
      if (!VARIABLE_NAME.test(variable.name)) {
        this.add('InvalidVariableName', vWhere, `variable name ${show(variable.name)} is invalid: use 1 to 128 letters, digits and @ _ -`);
      }
      if (variables.has(variable.name)) {
        this.add('DuplicateVariable', vWhere, `two pipeline variables are called '${variable.name}': rename or remove one`);
      }
      variables.add(variable.name);
      const value = variable.defaultValue;
      if (value !== undefined && (value.length < 1 || value.length > LIMITS.maxVariableValueLength)) {
        this.add('InvalidVariableValue', vWhere,
          `the default value of '${variable.name}' must be 1 to ${LIMITS.maxVariableValueLength} characters, got ${value.length}: shorten it, or leave it out`);
      }
    });
  }

  private v2Only(where: string, feature: string): void {
    this.add('V2OnlyFeature', where, `${feature} need(s) a V2 pipeline, but the pipeline type is V1: set the pipeline type to V2, or remove it`);
  }

  private checkStage(stage: StageModel, i: number, namespaces: Map<string, string>): void {
    const where = this.stageWhere(stage, i);
    if (this.v1 && stage.hasConditions) this.v2Only(where, 'stage conditions');
    if (this.v1 && stage.rollbackOnFailure) this.v2Only(where, 'automatic rollback');
    if (this.v1 && stage.retryOnFailure) this.v2Only(where, 'automatic retry');
    const count = stage.actions.length;
    if (count === 0) {
      this.add('EmptyStage', where, `stage '${stage.name}' has no actions: add at least one action, or remove the stage`);
    }
    if (count > this.quotas.maxActionsPerStage) {
      this.add('TooManyActionsInStage', where,
        `stage '${stage.name}' holds ${count} actions, at most ${this.quotas.maxActionsPerStage} are allowed: move some actions to another stage` +
        raisable('maxActionsPerStage', this.quotas.maxActionsPerStage));
    }
    const actionNames = new Set<string>();
    stage.actions.forEach((action, j) => {
      const aWhere = this.actionWhere(action, i, j);
      this.checkName(aWhere, 'action name', action.name, 'InvalidActionName');
      if (actionNames.has(action.name)) {
        this.add('DuplicateActionName', aWhere, `two actions of stage '${stage.name}' are called '${action.name}': action names must be unique in a stage, rename one`);
      }
      actionNames.add(action.name);
      this.checkAction(action, i, aWhere);
      if (action.variablesNamespace !== undefined) {
        if (!NAMESPACE.test(action.variablesNamespace)) {
          this.add('InvalidNamespace', aWhere, `namespace ${show(action.variablesNamespace)} is invalid: use 1 to 100 letters, digits and @ _ -`);
        }
        const other = namespaces.get(action.variablesNamespace);
        if (other !== undefined) {
          this.add('DuplicateNamespace', aWhere, `namespace '${action.variablesNamespace}' is already used by ${other}: namespaces must be unique in the pipeline, rename one`);
        } else {
          namespaces.set(action.variablesNamespace, aWhere);
        }
      }
    });
  }

  private checkAction(action: ActionModel, stageIndex: number, where: string): void {
    const runOrder = action.runOrder ?? 1;
    if (!Number.isInteger(runOrder) || runOrder < LIMITS.minRunOrder || runOrder > LIMITS.maxRunOrder) {
      this.add('InvalidRunOrder', where, `runOrder must be a whole number from ${LIMITS.minRunOrder} to ${LIMITS.maxRunOrder}, got ${show(runOrder)}`);
    }
    if (!CATEGORIES.includes(action.category)) {
      this.add('UnknownCategory', where, `action type ${show(action.category)} is unknown${didYouMean(action.category, CATEGORIES)}: use one of ${CATEGORIES.join(', ')}`);
    }
    const isSource = action.category === 'Source';
    if (stageIndex === 0 && !isSource) {
      this.add('NonSourceInFirstStage', where,
        `the first stage may hold source actions only, found a ${action.category} action '${action.name}': move it to a later stage`);
    }
    if (stageIndex > 0 && isSource) {
      this.add('SourceOutsideFirstStage', where, `source action '${action.name}' is not in the first stage: CodePipeline runs source actions only in the first stage, move it there`);
    }
    if (this.v1 && (V2_ONLY_PROVIDERS.includes(action.provider) || action.category === 'Compute')) {
      this.v2Only(where, `the ${action.provider} action`);
    }
    const inputs = action.inputArtifacts ?? [];
    const outputs = action.outputArtifacts ?? [];
    const bounds = artifactBoundsOf(action.category, action.provider, action.owner);
    if (bounds) {
      const label = `${withArticle(action.category)} action of provider ${action.provider}`;
      if (inputs.length < bounds.minInputs || inputs.length > bounds.maxInputs) {
        this.add('InputArtifactCount', where, `${label} takes ${range(bounds.minInputs, bounds.maxInputs)} input artifact(s), found ${inputs.length}: fix inputArtifacts`);
      }
      if (outputs.length < bounds.minOutputs || outputs.length > bounds.maxOutputs) {
        this.add('OutputArtifactCount', where, `${label} produces ${range(bounds.minOutputs, bounds.maxOutputs)} output artifact(s), found ${outputs.length}: fix outputArtifacts`);
      }
    }
    for (const name of outputs) {
      if (!ARTIFACT_NAME.test(name)) {
        this.add('InvalidArtifactName', where, `artifact name ${show(name)} is invalid: use 1 to 100 letters, digits and _ -`);
      }
    }
    for (const [key, value] of Object.entries(action.configuration ?? {})) {
      if (key.length < 1 || key.length > LIMITS.maxConfigurationKeyLength) {
        this.add('ConfigurationKeyLength', where,
          `configuration key ${show(key)} has ${key.length} characters, CodePipeline allows 1 to ${LIMITS.maxConfigurationKeyLength}: shorten it`);
      }
      if (value.length < 1 || value.length > LIMITS.maxConfigurationValueLength) {
        this.add('ConfigurationValueLength', where,
          `configuration value of '${key}' has ${value.length} characters, CodePipeline allows 1 to ${LIMITS.maxConfigurationValueLength}: ` +
          (value.length < 1 ? 'give a value, or remove the key' : 'move the content into an artifact or a file in the source'));
      }
    }
    if (action.timeoutInMinutes !== undefined) {
      const t = action.timeoutInMinutes;
      if (action.category !== 'Approval') {
        this.add('TimeoutNotSupported', where, `only manual approvals take a timeout, but '${action.name}' is a ${action.category} action: remove the timeout`);
      } else if (!Number.isInteger(t) || t < LIMITS.minApprovalTimeoutMinutes || t > LIMITS.maxApprovalTimeoutMinutes) {
        this.add('ApprovalTimeout', where,
          `an approval timeout must be a whole number of minutes from ${LIMITS.minApprovalTimeoutMinutes} to ${LIMITS.maxApprovalTimeoutMinutes} (60 days), got ${show(t)}`);
      }
    }
  }

  private checkArtifactFlow(): void {
    const producers = new Map<string, Producer>();
    this.model.stages.forEach((stage, i) => stage.actions.forEach((action, j) => {
      const where = this.actionWhere(action, i, j);
      for (const name of action.outputArtifacts ?? []) {
        const earlier = producers.get(name);
        if (earlier) {
          this.add('DuplicateArtifact', where,
            `artifact '${name}' is already produced by '${earlier.actionName}' (${earlier.where}): every output artifact needs a name of its own, rename this one`);
        } else {
          producers.set(name, { stageIndex: i, runOrder: runOrderOf(action), actionName: action.name, where });
        }
      }
    }));
    this.model.stages.forEach((stage, i) => stage.actions.forEach((action, j) => {
      const where = this.actionWhere(action, i, j);
      for (const name of action.inputArtifacts ?? []) {
        const producer = producers.get(name);
        if (!producer) {
          const known = [...producers.keys()];
          this.add('UnknownArtifact', where,
            `input artifact '${name}' is not produced by any action${didYouMean(name, known)}: ` +
            `name an output of an earlier action (${known.length ? known.map(k => `'${k}'`).join(', ') : 'none are declared'})`);
          continue;
        }
        const ownRunOrder = runOrderOf(action);
        const later = producer.stageIndex > i || (producer.stageIndex === i && producer.runOrder >= ownRunOrder);
        if (later) {
          const how = producer.stageIndex === i
            ? `give '${producer.actionName}' a lower runOrder than ${ownRunOrder}`
            : `move '${action.name}' after stage ${producer.stageIndex}, or '${producer.actionName}' before it`;
          this.add('ArtifactConsumedBeforeProduced', where,
            `input artifact '${name}' is produced by '${producer.actionName}' (${producer.where}), which does not run before '${action.name}': ${how}`);
        }
      }
    }));
  }
}

/** The quotas to apply: the given ones, else CodePipeline's documented defaults (each must be a positive whole number). */
export function resolveQuotas(quotas: PipelineQuotas | undefined): Required<PipelineQuotas> {
  const resolved = {
    maxStages: quotas?.maxStages ?? LIMITS.maxStages,
    maxActionsPerStage: quotas?.maxActionsPerStage ?? LIMITS.maxActionsPerStage,
    maxActionsPerPipeline: quotas?.maxActionsPerPipeline ?? LIMITS.maxActionsPerPipeline,
  };
  for (const [field, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new DeliveryPipelineError('InvalidQuota', `quotas.${field} must be a positive whole number (the account's '${QUOTA_NAMES[field as keyof PipelineQuotas]}' quota), got ${show(value)}`);
    }
  }
  return resolved;
}

/** How to apply a raised quota: the end of each quota message (the CLI rewrites `quotas.X` to its `--quota` flag). */
function raisable(field: keyof PipelineQuotas, applied: number): string {
  const which = applied === LIMITS[field] ? "CodePipeline's default of the quota" : 'the value given for the quota';
  return `; ${applied} is ${which} '${QUOTA_NAMES[field]}', which can be raised for an account (Service Quotas): ` +
    `if yours was, give the raised value with the 'quotas' option (quotas.${field})`;
}

function runOrderOf(action: ActionModel): number {
  const r = action.runOrder ?? 1;
  return Number.isInteger(r) ? r : 1;
}

function range(min: number, max: number): string {
  return min === max ? `exactly ${min}` : `${min} to ${max}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return JSON.stringify(value) ?? String(value);
}
