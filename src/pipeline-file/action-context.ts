import { PipelineFileProblem } from './file-error';
import { MissingValues, PipelineFileOptions } from './options';
import type { DeployTimeValues } from './parameters';
import { ParsedSpec, SpecPath } from './parse';
import { PipelineArtifact } from '../core/artifact';

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

  /** How a step names the input artifact: by the action that produces it. */
  public inputRef(artifact: string): PipelineArtifact {
    return this.producers.get(artifact) ?? PipelineArtifact.fromStep(artifact);
  }
}
