/**
 * Names an artifact that an earlier step of the pipeline produced, as the input of a later step.
 *
 * The common path needs none of these: builds read the source, deploys read the build output.
 *
 * @example
 * Deploy.s3({ bucket: site, input: PipelineArtifact.fromStep('Docs') });
 */
export class PipelineArtifact {
  /** The output of the pipeline's primary (first) source action. */
  public static readonly SOURCE_OUTPUT = new PipelineArtifact('source');

  /** The output of the most recent build step before the consumer. */
  public static readonly BUILD_OUTPUT = new PipelineArtifact('build');

  /**
   * The output of the step (action) with the given name, or the artifact with the given name.
   *
   * @param name an action name (e.g. `Unit`) or an artifact name (e.g. `Build_Output`)
   */
  public static fromStep(name: string): PipelineArtifact {
    return new PipelineArtifact('named', name);
  }

  /**
   * The `index`-th output (0 = the main one) of the action `actionName` in stage `stageName`: how the
   * spec loader wires an artifact to exactly the action that declares it.
   *
   * @internal
   */
  public static _ofAction(stageName: string, actionName: string, index: number): PipelineArtifact {
    return new PipelineArtifact('output', actionName, stageName, index);
  }

  /**
   * @param kind what the reference means: `source`, `build` or `named`
   * @param name for `named` references, the action or artifact name
   */
  private constructor(
    /** What the reference means: `source`, `build` or `named`. */
    public readonly kind: string,
    /** For a named reference, the action or artifact name. */
    public readonly name?: string,
    /** @internal */
    public readonly _stageName?: string,
    /** @internal */
    public readonly _index?: number,
  ) {}

  /** A readable description of the reference, used in error messages. */
  public toString(): string {
    if (this.kind === 'output') return `output ${(this._index ?? 0) + 1} of '${this._stageName}.${this.name}'`;
    return this.kind === 'named' ? `the output of '${this.name}'` : `the ${this.kind} output`;
  }
}
