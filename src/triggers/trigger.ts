import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Source } from '../sources/source';

/** Which pushes start the pipeline. Patterns are globs; excludes win over includes. */
export interface PushFilter {
  /**
   * Branches whose pushes start the pipeline (at most 8 patterns).
   *
   * @default - none (give branches or tags)
   */
  readonly branches?: string[];

  /**
   * Branches whose pushes never start the pipeline (at most 8 patterns).
   *
   * @default - none
   */
  readonly branchesExcludes?: string[];

  /**
   * Tags whose pushes start the pipeline (at most 8 patterns).
   *
   * @default - none (give branches or tags)
   */
  readonly tags?: string[];

  /**
   * Tags whose pushes never start the pipeline (at most 8 patterns).
   *
   * @default - none
   */
  readonly tagsExcludes?: string[];

  /**
   * Only pushes that change these files start the pipeline (at most 8 patterns; needs `branches`).
   *
   * @default - any file
   */
  readonly filePaths?: string[];

  /**
   * Pushes that change only these files never start the pipeline (at most 8 patterns; needs `branches`).
   *
   * @default - none
   */
  readonly filePathsExcludes?: string[];
}

/** Which pull requests start the pipeline. Patterns are globs; excludes win over includes. */
export interface PullRequestFilter {
  /** Target branches of the pull requests (at most 8 patterns; required). */
  readonly branches: string[];

  /**
   * Target branches whose pull requests never start the pipeline (at most 8 patterns).
   *
   * @default - none
   */
  readonly branchesExcludes?: string[];

  /**
   * Only pull requests that change these files start the pipeline (at most 8 patterns).
   *
   * @default - any file
   */
  readonly filePaths?: string[];

  /**
   * Pull requests that change only these files never start the pipeline (at most 8 patterns).
   *
   * @default - none
   */
  readonly filePathsExcludes?: string[];

  /**
   * The pull request events that start the pipeline.
   *
   * @default - OPEN, UPDATED and CLOSED
   */
  readonly events?: codepipeline.GitPullRequestEvent[];
}

/**
 * A CodePipeline V2 trigger: starts the pipeline on the pushes and pull requests of one connection
 * source that match its filters (at most 3 push and 3 pull request filters). A source with a trigger
 * starts the pipeline only through it.
 *
 * @example
 * const app = Source.connection('acme/shop', 'main', { connectionArn });
 * new DeliveryPipeline(this, 'Shop', {
 *   source: app,
 *   triggers: [{ source: app, push: [{ branches: ['main'], filePaths: ['src/**'] }], pullRequest: [{ branches: ['main'] }] }],
 *   buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build'] }),
 * });
 */
export interface GitTrigger {
  /** The source step the trigger belongs to: a `Source.connection` of this pipeline. */
  readonly source: Source;

  /**
   * Push filters (at most 3); a push matching any of them starts the pipeline.
   *
   * @default - pushes do not start the pipeline
   */
  readonly push?: PushFilter[];

  /**
   * Pull request filters (at most 3); a pull request event matching any of them starts the pipeline.
   *
   * @default - pull requests do not start the pipeline
   */
  readonly pullRequest?: PullRequestFilter[];
}
