import { PipelineArtifact } from '../core/artifact';
import { StepOptions } from '../core/step';

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
