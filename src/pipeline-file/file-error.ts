import { DeliveryPipelineError } from '../core/private/errors';

/** One problem of a spec: where it is, what was found and how to fix it. */
export interface PipelineFileProblem {
  /** A stable PascalCase code, e.g. `UnknownKey`, `ArtifactConsumedBeforeProduced`. */
  readonly code: string;
  /** The path in the spec, e.g. `stages[2].actions[0].configuration`. */
  readonly path: string;
  /**
   * The 1-based line, when known.
   *
   * @default - unknown: the problem is not at one place of the file (e.g. a value the file leaves out)
   */
  readonly line?: number;
  /**
   * The 1-based column, when known.
   *
   * @default - unknown, as `line`
   */
  readonly column?: number;
  /** What was found and how to fix it. */
  readonly message: string;
}

/** Renders a problem's place: `stages[2].actions[0] (line 12, column 9)`. */
export function placeOf(problem: PipelineFileProblem): string {
  return problem.line !== undefined ? `${problem.path} (line ${problem.line}, column ${problem.column ?? 1})` : problem.path;
}

/**
 * The error a spec that cannot become a pipeline throws: it carries every problem found, each with
 * its place in the file.
 *
 * Exported for TypeScript and JavaScript, like `DeliveryPipelineError` (jsii cannot model a subclass
 * of `Error`).
 *
 * @internal
 */
export class PipelineFileError extends DeliveryPipelineError {
  /** Whether `x` is a PipelineFileError (also across copies of the library). */
  public static isPipelineFileError(x: unknown): x is PipelineFileError {
    return DeliveryPipelineError.isDeliveryPipelineError(x) && Array.isArray((x as PipelineFileError).problems);
  }

  /** Renders a problem's place: `stages[2].actions[0] (line 12, column 9)`. */
  public static placeOf(problem: PipelineFileProblem): string {
    return placeOf(problem);
  }

  /** Every problem, in file order. */
  public readonly problems: PipelineFileProblem[];

  constructor(source: string, problems: PipelineFileProblem[]) {
    const lines = problems.map(p => `  - ${placeOf(p)}: ${p.message}`);
    super('InvalidSpec', `${source} is not a valid pipeline spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'PipelineFileError';
    this.problems = problems;
  }
}
