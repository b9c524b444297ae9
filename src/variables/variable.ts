import { Token } from 'aws-cdk-lib';
import { fail, show } from '../core/private/errors';
import { PipelineStep } from '../core/step';
import { exportVariablesOf, namespaceOf } from './private/variable-namespaces';

/** Options for a `PipelineVariable`. */
export interface PipelineVariableOptions {
  /**
   * The value used when an execution is started without one (1 to 1000 characters).
   *
   * @default - none: every execution must be started with a value
   */
  readonly defaultValue?: string;

  /**
   * What the variable is for (at most 200 characters).
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * A pipeline-level variable (CodePipeline V2): set when an execution starts, read by actions and
 * conditions as `#{variables.<name>}`.
 *
 * @example
 * const release = new PipelineVariable('Release', { defaultValue: 'latest' });
 * new DeliveryPipeline(this, 'Shop', { source, build, variables: [release] });
 * // read it: release.reference() === '#{variables.Release}'
 */
export class PipelineVariable {
  /** The variable's name. */
  public readonly name: string;

  /**
   * The variable's default value.
   *
   * @default - none
   */
  public readonly defaultValue?: string;

  /**
   * The variable's description.
   *
   * @default - none
   */
  public readonly description?: string;

  /**
   * @param name the variable's name (`[A-Za-z0-9@_-]`, at most 128 characters)
   */
  constructor(name: string, options: PipelineVariableOptions = {}) {
    if (!Token.isUnresolved(name) && !/^[A-Za-z0-9@_-]{1,128}$/.test(name)) {
      fail(undefined, 'InvalidVariableName',
        `PipelineVariable: the name must be 1 to 128 characters of letters, digits and @ _ -, got ${show(name)}`);
    }
    const value = options.defaultValue;
    if (value !== undefined && !Token.isUnresolved(value) && (value.length < 1 || value.length > 1000)) {
      fail(undefined, 'InvalidVariableDefault',
        `PipelineVariable '${name}': defaultValue must be 1 to 1000 characters, got ${value.length}: leave it out to require a value at each start`);
    }
    if (options.description !== undefined && !Token.isUnresolved(options.description) && options.description.length > 200) {
      fail(undefined, 'VariableDescriptionTooLong',
        `PipelineVariable '${name}': description must be at most 200 characters, got ${options.description.length}`);
    }
    this.name = name;
    this.defaultValue = value;
    this.description = options.description;
  }

  /** The expression that reads the variable in action configurations and conditions: `#{variables.<name>}`. */
  public reference(): string {
    return `#{variables.${this.name}}`;
  }
}

/**
 * An output variable of a step (CodePipeline V2), e.g. the commit id of a source or an exported
 * variable of a build. The step's action gets the variables namespace named after its action name;
 * the pipeline checks at synth that every `#{namespace.name}` it uses exists upstream.
 *
 * @example
 * const app = Source.connection('acme/shop', 'main', { connectionArn });
 * const commit = ActionVariable.of(app, 'CommitId');
 * Deploy.cloudFormation({ stackName: 'shop', templatePath: 'cdk.out/Shop.template.json', deploymentRole,
 *   parameterOverrides: { Commit: commit.reference() } });
 */
export class ActionVariable {
  /**
   * A variable of the step's action (for a step with several actions: of its last action).
   *
   * @param step the step that outputs the variable
   * @param variableName the variable's name, e.g. `CommitId`
   */
  public static of(step: PipelineStep, variableName: string): ActionVariable {
    if (!/^[A-Za-z0-9@_-]{1,128}$/.test(variableName)) {
      fail(undefined, 'InvalidVariableName',
        `ActionVariable.of: the variable name must be 1 to 128 characters of letters, digits and @ _ -, got ${show(variableName)}`);
    }
    exportVariablesOf(step);
    return new ActionVariable(namespaceOf(step), variableName);
  }

  private constructor(
    /** The variables namespace of the step's action (its action name, made a valid namespace). */
    public readonly variablesNamespace: string,
    /** The variable's name. */
    public readonly variableName: string,
  ) {}

  /** The expression that reads the variable: `#{<namespace>.<name>}`. */
  public reference(): string {
    return `#{${this.variablesNamespace}.${this.variableName}}`;
  }
}
