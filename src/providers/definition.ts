import type { ProviderIam } from './permissions';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';

/** How many input and output artifacts an action of one provider takes. */
export interface ArtifactBounds {
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minOutputs: number;
  readonly maxOutputs: number;
}

/** A custom or third-party action type no definition names more exactly: 0 to 5 of each. */
export const ANY_ACTION_TYPE_BOUNDS: ArtifactBounds = { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 };

/** How a configuration value is written: CodePipeline takes every value as a string. */
export enum KeyKind {
  /** Any non-empty string (names, ARNs, paths). */
  STRING = 'string',
  /** `true` or `false` (any case). */
  BOOLEAN = 'boolean',
  /** A whole number from `min` to `max`. */
  INTEGER = 'integer',
  /** One of `values`, exactly spelled. */
  ENUM = 'enum',
  /** A JSON document (object or array) given as a string. */
  JSON = 'json',
  /** A comma-separated list of `values` (or of any strings when `values` is not given). */
  LIST = 'list',
}

/** One configuration key of a provider, as its action reference page lists it. */
export interface ConfigurationKey {
  /** The key, exactly as CodePipeline spells it. */
  readonly name: string;
  /** Required by CodePipeline in every action mode (a key required in some modes only says so in its description). */
  readonly required?: boolean;
  /** How the value is written. */
  readonly kind: KeyKind;
  /** ENUM and LIST: the values CodePipeline accepts. */
  readonly values?: string[];
  /** INTEGER: the bounds. */
  readonly min?: number;
  readonly max?: number;
  /** The typed option the key maps to, as a user writes it: `Deploy.s3({ extract })`. */
  readonly option: string;
  /** What the key does (one sentence, from the action reference). */
  readonly description: string;
  /** A valid example value (the property test and the docs use it). */
  readonly example: string;
}

/**
 * One CodePipeline provider, declared once from its action reference page: everything else (the
 * pipeline-file loader, the validator's artifact bounds, the JSON Schema's per-provider configuration,
 * the provider tables in the docs) is derived from it.
 */
export interface ProviderDefinition {
  /** A name for messages and docs, e.g. `Amazon S3 deploy`. */
  readonly title: string;
  /** The ActionTypeId category; `categories` when the provider is declared in several. */
  readonly category: string;
  /** Further categories the same provider takes (e.g. Commands: Build and Compute). */
  readonly otherCategories?: string[];
  /** The ActionTypeId owner. */
  readonly owner: string;
  /** The ActionTypeId provider, as CodePipeline renders it. */
  readonly provider: string;
  /** Other provider names a pipeline file may give for it (e.g. `GitHub` for a CodeConnections source). */
  readonly aliases?: string[];
  /** The ActionTypeId version. */
  readonly version: string;
  /** The action reference page. */
  readonly documentation: string;
  /** The typed factory, as a user writes it: `Deploy.s3`. */
  readonly factory: string;
  /** How many input and output artifacts the action takes. */
  readonly bounds: ArtifactBounds;
  /**
   * The IAM its action role needs, as data (actions, resource-ARN builders, the calls made under
   * them); several when the provider's modes need different roles (e.g. a stack set and its instances).
   *
   * @default - none: the action takes no role of its own (custom and third-party actions)
   */
  readonly iam?: ProviderIam<any>[];
  /**
   * The IAM, as data, of other roles the provider's step creates besides its action role (a stack set's
   * administration role, which the action passes to CloudFormation).
   *
   * @default - none
   */
  readonly otherIam?: ProviderIam<any>[];
  /** Every configuration key on the action reference page. */
  readonly keys: ConfigurationKey[];
  /**
   * Pipeline-file keys besides CodePipeline's own action fields that this provider takes (e.g. `commands`
   * for a CodeBuild action whose project the library creates). Any other is reported, never dropped.
   */
  readonly fileKeys?: string[];
  /**
   * Valid declarations of the action (one per action mode, say) for the round-trip property test, where
   * the required keys' examples alone do not make one.
   *
   * @default - the required keys' examples, plus any optional keys' examples
   */
  readonly samples?: ProviderSample[];
  /** Maps a checked pipeline-file action to the typed step (undefined after reporting a problem). */
  readonly fromFile: (action: ActionContext) => StepFactory | undefined;
}

/** One valid declaration of a provider's action, for the round-trip property test. */
export interface ProviderSample {
  /** Optional keys given with their examples (the required keys always are). */
  readonly keys?: string[];
  /** Keys given with these values instead; `{input}` stands for the action's first input artifact. */
  readonly values?: Record<string, string>;
  /** How many input artifacts (default: any the bounds allow). */
  readonly inputs?: number;
  /** How many output artifacts (default: any the bounds allow, at most one). */
  readonly outputs?: number;
  /** The Commands action's shell commands. */
  readonly commands?: string[];
  /** The Commands action's output files (given on each output artifact). */
  readonly files?: string[];
}
