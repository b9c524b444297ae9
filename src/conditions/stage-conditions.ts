import { ConditionRule } from './condition-rule';

/** What happens when an entry condition's rules do not all pass. */
export enum EntryResult {
  /** The stage fails without running. */
  FAIL = 'FAIL',
  /** The stage is skipped and the execution goes on with the next stage. */
  SKIP = 'SKIP',
}

/** What happens when a success condition's rules do not all pass. */
export enum SuccessResult {
  /** The stage is rolled back to the last successful execution's revisions. */
  ROLLBACK = 'ROLLBACK',
}

/** What CodePipeline does when a stage fails. */
export enum FailureResult {
  /** The stage fails and the execution stops (CodePipeline's default). */
  FAIL = 'FAIL',
  /** The stage is rolled back automatically to the last successful execution's revisions. */
  ROLLBACK = 'ROLLBACK',
  /** The stage is retried automatically (once), see `retryMode`. */
  RETRY = 'RETRY',
}

/** Which actions an automatic retry runs again. */
export enum RetryMode {
  /** Only the actions that failed. */
  FAILED_ACTIONS = 'FAILED_ACTIONS',
  /** Every action of the stage. */
  ALL_ACTIONS = 'ALL_ACTIONS',
}

/** A check before a stage runs. */
export interface EntryCondition {
  /** The rules (1 to 5); all must pass for the stage to run. */
  readonly rules: ConditionRule[];

  /**
   * What happens when a rule does not pass.
   *
   * @default EntryResult.FAIL
   */
  readonly result?: EntryResult;
}

/** A check after a stage succeeded, e.g. alarms watched while the release bakes. */
export interface SuccessCondition {
  /** The rules (1 to 5); all must pass for the stage to stay successful. */
  readonly rules: ConditionRule[];

  /**
   * What happens when a rule does not pass.
   *
   * @default SuccessResult.ROLLBACK
   */
  readonly result?: SuccessResult;
}

/** What CodePipeline does when a stage fails. */
export interface FailureHandling {
  /** Fail, roll back or retry. */
  readonly result: FailureResult;

  /**
   * Which actions a retry runs again; only with `FailureResult.RETRY`.
   *
   * @default RetryMode.FAILED_ACTIONS
   */
  readonly retryMode?: RetryMode;

  /**
   * Roll back only when these rules pass (e.g. a deployment window); only with `FailureResult.ROLLBACK`.
   *
   * @default - always roll back
   */
  readonly rules?: ConditionRule[];
}

/**
 * The CodePipeline V2 controls of one stage: conditions before entry and on success, and what
 * happens on failure. Each accepts only the results CodePipeline allows for it.
 *
 * @see https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html
 */
export interface StageConditions {
  /**
   * Checked before the stage runs.
   *
   * @default - the stage always runs
   */
  readonly beforeEntry?: EntryCondition;

  /**
   * Checked after the stage succeeded.
   *
   * @default - none
   */
  readonly onSuccess?: SuccessCondition;

  /**
   * What happens when the stage fails.
   *
   * @default - the stage fails and the execution stops
   */
  readonly onFailure?: FailureHandling;
}
