import { Build } from './build';
import { PipelineArtifact } from '../core/artifact';
import type { PipelineStep, StepOptions } from '../core/step';
import { Deploy } from '../deploys/deploy';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { ANY_ACTION_TYPE_BOUNDS, ProviderDefinition } from '../providers/definition';
import { Test } from '../tests/test';
import { artifactBoundsOf } from '../validation/artifact-bounds';

/** Who provides a custom action type. */
export enum ActionOwner {
  /** An action type registered in your account (e.g. a Jenkins or build-farm job worker). */
  CUSTOM = 'Custom',
  /** An action type a partner published (e.g. CloudBees, TeamCity, BlazeMeter). */
  THIRD_PARTY = 'ThirdParty',
}

/** How many input and output artifacts an action type accepts. */
export interface CustomArtifactBounds {
  /** The fewest input artifacts. */
  readonly minInputs: number;
  /** The most input artifacts (at most 5). */
  readonly maxInputs: number;
  /** The fewest output artifacts. */
  readonly minOutputs: number;
  /** The most output artifacts (at most 5). */
  readonly maxOutputs: number;
}

/** Registers a `Custom` action type along with the pipeline (once per account, region, provider and version). */
export interface CustomActionRegistrationOptions {
  /**
   * A link to the job worker's project (shown in the console).
   *
   * @default - none
   */
  readonly entityUrl?: string;

  /**
   * A link to one run of the job worker (shown in the console).
   *
   * @default - none
   */
  readonly executionUrl?: string;
}

/** Options for `Build.custom`, `Test.custom` and `Deploy.custom`: any custom or third-party action type. */
export interface CustomActionOptions extends StepOptions {
  /** The action type's provider name, e.g. `MyJenkins`, `CloudBees`, `TeamCity`. */
  readonly provider: string;

  /**
   * Who provides the action type.
   *
   * @default ActionOwner.CUSTOM
   */
  readonly owner?: ActionOwner;

  /**
   * The action type's version.
   *
   * @default '1'
   */
  readonly version?: string;

  /**
   * The action's configuration, keys as the action type defines them (e.g. `{ ProjectName: 'shop' }`).
   * Values are stored in plaintext in the pipeline: never put secrets here.
   *
   * @default - none
   */
  readonly configuration?: Record<string, string>;

  /**
   * The artifacts the action reads.
   *
   * @default - [PipelineArtifact.SOURCE_OUTPUT] for builds and tests, [PipelineArtifact.BUILD_OUTPUT] for deploys
   */
  readonly inputs?: PipelineArtifact[];

  /**
   * How many output artifacts the action writes (named `<ActionName>_Output`, `<ActionName>_Output2`, ...).
   *
   * @default - 1 for a build, 0 for a test or deploy
   */
  readonly outputCount?: number;

  /**
   * The artifact counts the action type accepts; checked at synth.
   *
   * @default - 0 to 5 inputs and 0 to 5 outputs
   */
  readonly artifactBounds?: CustomArtifactBounds;

  /**
   * Register the `Custom` action type in this stack. Register a provider and version once per account
   * and region; leave this off when it is registered elsewhere (or the owner is `ThirdParty`).
   *
   * @default - not registered here
   */
  readonly registration?: CustomActionRegistrationOptions;

  /**
   * A namespace for the action's output variables.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;
}

/** The categories a custom or third-party action type of a pipeline file may have (the typed factories'). */
const CUSTOM_CATEGORIES = ['Build', 'Test', 'Deploy'];

/**
 * Any `owner: Custom` or `ThirdParty` build, test or deploy action of a file (a Jenkins action named by its
 * provider included): `Build.custom`, `Test.custom`, `Deploy.custom` with the action's provider, version,
 * configuration (every key, as given), inputs and outputs.
 */
function fromFile(a: ActionContext): StepFactory | undefined {
  const category: string = a.data.actionType;
  const version = a.data.version !== undefined ? String(a.data.version) : undefined;
  if (version !== undefined && !/^[0-9A-Za-z_-]{1,9}$/.test(version)) {
    a.problem('InvalidValue', `version must be 1 to 9 letters, digits, '-' or '_', got '${version}'`, 'version');
  }
  if (!/^[0-9A-Za-z_-]{1,35}$/.test(a.data.provider)) {
    a.problem('InvalidValue', `a custom provider name is 1 to 35 letters, digits, '-' or '_', got '${a.data.provider}'`, 'provider');
  }
  const options: CustomActionOptions = {
    actionName: a.name,
    runOrder: a.data.runOrder,
    owner: a.data.owner === 'ThirdParty' ? ActionOwner.THIRD_PARTY : ActionOwner.CUSTOM,
    provider: a.data.provider,
    version,
    configuration: Object.keys(a.config).length > 0 ? a.config : undefined,
    inputs: a.inputs.map(i => a.inputRef(i)),
    outputCount: a.outputs.length,
    artifactBounds: artifactBoundsOf(category, a.data.provider, a.data.owner),
  };
  // The factories at call time (build.ts, test.ts and deploy.ts import this module).
  const make: Record<string, () => PipelineStep> = {
    Build: () => Build.custom(options),
    Test: () => Test.custom(options),
    Deploy: () => Deploy.custom(options),
  };
  return make[category];
}

function customDefinition(owner: ActionOwner, title: string): ProviderDefinition {
  return {
    title,
    category: CUSTOM_CATEGORIES[0],
    otherCategories: CUSTOM_CATEGORIES.slice(1),
    owner,
    // Any provider and version of the owner (the registry's ANY_PROVIDER).
    provider: '*',
    version: '*',
    documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-custom-action.html',
    factory: 'Build.custom, Test.custom, Deploy.custom',
    bounds: ANY_ACTION_TYPE_BOUNDS,
    // The action type defines its keys: every one is passed as given.
    keys: [],
    fromFile,
  };
}

/** Custom action types (a Jenkins provider, your own job worker), any provider name. */
export const CUSTOM_ACTION_PROVIDER = customDefinition(ActionOwner.CUSTOM, 'Custom action type');

/** Third-party action types (AlexaSkillsKit, partners' actions), any provider name. */
export const THIRD_PARTY_ACTION_PROVIDER = customDefinition(ActionOwner.THIRD_PARTY, 'Third-party action type');
