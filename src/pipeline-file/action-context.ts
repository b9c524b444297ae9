import { PipelineFileProblem } from './file-error';
import { MissingValues, PipelineFileOptions } from './options';
import type { DeployTimeValues } from './parameters';
import { ParsedSpec, SpecPath } from './parse';
import { PipelineArtifact } from '../core/artifact';
import { didYouMean } from '../core/private/suggest';

/** What a provider mapping reads from one spec action, and where it reports problems. */
export class ActionContext {
  /** The action's configuration after `PipelineFileOptions.configuration` was applied, as strings. */
  public readonly config: Record<string, string>;
  /** Where values the file leaves to deploy time are kept (set by the loader). */
  public values?: DeployTimeValues;
  /** Configuration keys that came from `PipelineFileOptions.configuration`. */
  private readonly overridden = new Set<string>();

  constructor(
    private readonly spec: ParsedSpec,
    public readonly path: SpecPath,
    public readonly stageName: string,
    public readonly data: any,
    public readonly options: PipelineFileOptions,
    /** For each input artifact name, the action that produces it (when known). */
    private readonly producers: Map<string, PipelineArtifact>,
    private readonly problems: PipelineFileProblem[],
  ) {
    this.config = {};
    for (const [key, value] of Object.entries(data.configuration ?? {})) {
      this.config[key] = String(value);
    }
    for (const [key, value] of Object.entries(options.configuration ?? {})) {
      const parts = key.split('.');
      const matches = (parts.length === 2 && parts[0] === data.name) || (parts.length === 3 && parts[0] === stageName && parts[1] === data.name);
      if (matches) {
        this.config[parts[parts.length - 1]] = value;
        this.overridden.add(parts[parts.length - 1]);
      }
    }
  }

  public get name(): string {
    return this.data.name;
  }

  public get inputs(): string[] {
    return (this.data.inputArtifacts ?? []).map((a: any) => a.name);
  }

  public get outputs(): string[] {
    return (this.data.outputArtifacts ?? []).map((a: any) => a.name);
  }

  /** Reports a problem at the action (or at one of its keys). */
  public problem(code: string, message: string, key?: string): void {
    this.problems.push(this.spec.problem(code, this.path, message, key));
  }

  /** Reports a problem at a configuration key (or at `configuration` itself). */
  public configProblem(code: string, message: string, key?: string): void {
    const where = key !== undefined && this.overridden.has(key)
      ? `(from PipelineFileOptions.configuration '${this.name}.${key}') `
      : '';
    const hasKey = key !== undefined && this.data.configuration && key in this.data.configuration;
    this.problems.push(this.spec.problem(code, hasKey ? [...this.path, 'configuration'] : this.path, `${where}${message}`,
      hasKey ? key : (this.data.configuration ? 'configuration' : undefined)));
  }

  /** Flags configuration keys the provider does not know. */
  public checkKeys(provider: string, known: string[]): void {
    for (const key of Object.keys(this.config)) {
      if (!known.includes(key)) {
        this.configProblem('UnknownConfigurationKey',
          `${provider} has no configuration key '${key}'${didYouMean(key, known)}: use ${known.join(', ')}`, key);
      }
    }
  }

  /**
   * A value the provider needs that the file leaves out: by default a deploy-time parameter of the stack
   * (`MissingValues.PARAMETERS`), with `MissingValues.ERROR` a problem saying how to give it.
   */
  public deployTimeValue(key: string, example: string, description: string): string | undefined {
    if (!this.values || this.options.missingValues === MissingValues.ERROR) return this.required(key, example);
    this.config[key] = this.values.missing(`${this.stageName}${this.name}${key}`,
      `${key} of the ${this.data.provider} action '${this.name}' (stage '${this.stageName}'): ${description} (e.g. ${example.replace(/\s*\(or pass [^)]*\)/, '').replace(/'/g, '')})`);
    return this.config[key];
  }

  /** A required configuration value, or a problem saying how to give it. */
  public required(key: string, example: string): string | undefined {
    const value = this.config[key];
    if (value === undefined || value.trim() === '') {
      this.configProblem('MissingConfiguration',
        `configuration '${key}' is required for this provider (e.g. ${example}): add it under 'configuration', or pass PipelineFileOptions.configuration['${this.name}.${key}']`);
      return undefined;
    }
    return value;
  }

  /** A boolean configuration value (`true`/`false`, any case). */
  public flag(key: string): boolean | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    this.configProblem('InvalidConfiguration', `'${key}' must be true or false, got '${value}'`, key);
    return undefined;
  }

  /** One of a fixed set of values (exact spelling), or a problem naming them. */
  public oneOf(key: string, values: string[]): string | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    if (values.includes(value)) return value;
    this.configProblem('InvalidConfiguration', `'${key}' must be one of ${values.join(', ')}, got '${value}'${didYouMean(value, values)}`, key);
    return undefined;
  }

  /** A whole number from `min` to `max` (given as a number or a string such as '15'). */
  public integer(key: string, min: number, max: number): number | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    if (/^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max) return Number(value);
    this.configProblem('InvalidConfiguration', `'${key}' must be a whole number from ${min} to ${max}, got '${value}'`, key);
    return undefined;
  }

  /** A comma-separated list (CodePipeline's way of writing lists in configuration), without empty entries. */
  public list(key: string): string[] | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    const items = value.split(',').map(v => v.trim()).filter(v => v !== '');
    if (items.length === 0) {
      this.configProblem('InvalidConfiguration', `'${key}' is a comma-separated list, got '${value}': give at least one entry or remove the key`, key);
      return undefined;
    }
    return items;
  }

  /** A JSON object given as a configuration string (e.g. `UserParameters`). */
  public json(key: string): Record<string, any> | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    try {
      const parsed = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    this.configProblem('InvalidConfiguration', `'${key}' must be a JSON object, e.g. '{"url": "https://example.com"}', got '${value}'`, key);
    return undefined;
  }

  /** How a step names the input artifact: by the action that produces it. */
  public inputRef(artifact: string): PipelineArtifact {
    return this.producers.get(artifact) ?? PipelineArtifact.fromStep(artifact);
  }

  /** Reports spec keys this provider ignores, so nothing is silently dropped. */
  public rejectKeys(provider: string, keys: string[]): void {
    for (const key of keys) {
      if (this.data[key] !== undefined) {
        this.problem('KeyNotSupported', `'${key}' does not apply to ${provider} actions: remove it`, key);
      }
    }
  }

  /** Checks the number of declared inputs against what the library's step reads (none is dropped silently). */
  public expectInputs(provider: string, min: number, max: number): void {
    const n = this.inputs.length;
    if (n < min || n > max) {
      const range = min === max ? `${min}` : `${min} to ${max}`;
      this.problem('InputArtifactCount',
        `the library's ${provider} action reads ${range} input artifact${max === 1 ? '' : 's'}, but ${n} ${n === 1 ? 'is' : 'are'} declared: fix inputArtifacts`,
        'inputArtifacts');
    }
  }

  /** Checks the number of declared outputs against what the library's step produces. */
  public expectOutputs(provider: string, count: number): void {
    if (this.outputs.length > count) {
      this.problem('OutputArtifactCount',
        `the library's ${provider} action produces ${count === 0 ? 'no output artifact' : `${count} output artifact`}, but ${this.outputs.length} are declared: remove the extra outputArtifacts`,
        'outputArtifacts');
    }
  }
}
