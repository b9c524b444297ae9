import { StageConditions } from '../conditions/stage-conditions';
import { PipelineStep } from '../core/step';

/**
 * A stage of your own layout: several steps, in parallel or in sequence, with optional CodePipeline V2
 * conditions (before entry, on success) and failure handling (rollback, retry).
 */
export interface StageOptions extends StageConditions {
  /** The stage's name (`[A-Za-z0-9.@_-]`, at most 100 characters, unique in the pipeline). */
  readonly stageName: string;

  /** The stage's steps (at least one). */
  readonly steps: PipelineStep[];

  /**
   * Run the steps one after another, in the order given (run orders 1, 2, 3...).
   * Otherwise steps run in parallel unless a step sets its own `runOrder`.
   *
   * @default false
   */
  readonly sequential?: boolean;
}
