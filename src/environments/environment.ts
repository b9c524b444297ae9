import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Approval } from '../approvals/approval';
import { StageConditions } from '../conditions/stage-conditions';
import { Deploy } from '../deploys/deploy';
import { Source } from '../sources/source';
import { Test } from '../tests/test';

/**
 * One environment a release goes through (development, staging, production...).
 *
 * In a promoting pipeline each environment becomes a stage named after it (deploy, then its tests,
 * so a failing test fails — and for production rolls back — the deploy), preceded by an
 * `Approve-<name>` stage when it has an approval.
 *
 * An environment is production when `production` is true, or when `production` is not set and its
 * name is `prod` or `production` (any case). Production gets, unless told otherwise: a manual approval
 * before it, automatic rollback of its stage on failure, and — when `alarms` are given — alarm gates
 * before entry and after the deploy.
 */
export interface DeliveryEnvironment {
  /** The environment's name, also its stage name (e.g. `Staging`). */
  readonly name: string;

  /** Releases the build to this environment. */
  readonly deploy: Deploy;

  /**
   * The account the environment lives in. When it is not the pipeline's account, the deploy runs as
   * `deployRole` in that account, artifacts are encrypted with a customer managed key and the bucket
   * and key policies admit exactly that role.
   *
   * @default - the pipeline's account
   */
  readonly account?: string;

  /**
   * The region the environment lives in. When it is not the pipeline's region, `replicationBucket` is
   * required.
   *
   * @default - the pipeline's region
   */
  readonly region?: string;

  /**
   * The role the deploy actions run as, in the environment's account (referenced by ARN, never
   * modified). Used only when the environment is in another account; it must trust the pipeline's
   * account and hold the deploy's permissions.
   *
   * @default - the CDK bootstrap deploy role `cdk-hnb659fds-deploy-role-<account>-<region>`
   */
  readonly deployRole?: iam.IRole;

  /**
   * A versioned bucket in the environment's region that CodePipeline copies artifacts to. Required
   * when the environment is in another region (CodePipeline reads artifacts from its own region).
   *
   * @default - none (same-region environments need none)
   */
  readonly replicationBucket?: s3.IBucket;

  /**
   * Tests against the environment, run in parallel after its deploy, in the same stage.
   *
   * @default - none
   */
  readonly tests?: Test[];

  /**
   * A gate before the environment, in its own `Approve-<name>` stage.
   *
   * @default - Approval.manual() for production, none otherwise
   */
  readonly approval?: Approval;

  /**
   * Require an approval before the environment. Set false to promote to production without one.
   *
   * @default - true for production, false otherwise
   */
  readonly requireApproval?: boolean;

  /**
   * Whether the environment is production.
   *
   * @default - true when the name is `prod` or `production` (any case)
   */
  readonly production?: boolean;

  /**
   * Alarms on the environment's health (at most 5; use a composite alarm for more). The release
   * enters the environment only while none is in ALARM, and its stage rolls back when one goes into
   * ALARM within `bakeTime` after the deploy.
   *
   * @default - no alarm gates
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * How long the alarms are watched after the deploy before the release is promoted further.
   *
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;

  /**
   * The role the alarm rules run as, in the environment's account. Needed when `alarms` live in
   * another account than the pipeline.
   *
   * @default - the pipeline's role
   */
  readonly alarmRole?: iam.IRole;

  /**
   * Roll the environment's stage back automatically when it fails.
   *
   * @default - true for production, false otherwise
   */
  readonly rollbackOnFailure?: boolean;

  /**
   * Conditions of the environment's stage, in addition to (or, for the same hook, instead of) the
   * ones the settings above create.
   *
   * @default - none
   */
  readonly conditions?: StageConditions;

  /**
   * The source of this environment's own pipeline, when each environment gets one
   * (`EnvironmentPipelines`), e.g. a `develop` branch for development. Ignored by a promoting pipeline.
   *
   * @default - the pipeline's `source`
   */
  readonly source?: Source;
}
