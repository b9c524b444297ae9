import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CodeBuildDefaults } from '../core/codebuild-defaults';
import { MonitoringOptions } from '../monitoring/monitoring-options';
import { PipelineQuotas } from '../validation/model';

/** What becomes of a required configuration value a pipeline file leaves out. */
export enum MissingValues {
  /**
   * It becomes a CloudFormation parameter of the stack (with a description), given at deploy time:
   * `cdk deploy --parameters Name=value`. The file is deployable as written.
   */
  PARAMETERS = 'PARAMETERS',
  /** It is an error (with the line and the fix): every value must be in the file or the options. */
  ERROR = 'ERROR',
}

/**
 * Where a pipeline spec comes from, and the resources it refers to that a file cannot hold.
 *
 * @example
 * DeliveryPipeline.fromFile(this, 'App', {
 *   file: 'pipeline.yaml',
 *   connections: { default: connectionArn },
 *   services: { default: service },
 *   taskDefinitions: { default: taskDefinition },
 *   configuration: { 'SourceAction.FullRepositoryId': 'acme/shop', 'SourceAction.BranchName': 'main' },
 * });
 */
export interface PipelineFileOptions {
  /**
   * A YAML or JSON spec file. Give this or `text`.
   *
   * @default - `text` is used
   */
  readonly file?: string;

  /**
   * The spec itself, as YAML or JSON. Give this or `file`.
   *
   * @default - `file` is read
   */
  readonly text?: string;

  /**
   * AWS CodeConnections connection ARNs by name. A connection source (`GitHub`,
   * `CodeStarSourceConnection`, ...) without a `ConnectionArn` ARN uses the connection named by its
   * `ConnectionArn` value, else the one named like the action, else `default`.
   *
   * @default - none: connection sources must give `ConnectionArn` as an ARN
   */
  readonly connections?: Record<string, string>;

  /**
   * ECS services by name, for `Deploy`/`ECS` actions: the service named by the action's `ServiceName`,
   * else the one named like the action, else `default`.
   *
   * @default - none: ECS actions import the service from `ClusterName` and `ServiceName`
   */
  readonly services?: Record<string, ecs.IBaseService>;

  /**
   * The task definitions of imported ECS services, under the same names as in `services` (or the
   * `ServiceName`, the action's name, or `default`): the deployment may then pass exactly their roles to
   * ECS and register revisions of their family only. CodePipeline does not need them: without one, the
   * action's role may pass any role of the account, but only to ECS tasks (`iam:PassedToService`
   * `ecs-tasks.amazonaws.com`), and register any family (see `EcsDeployOptions.passRoles`).
   * CodeDeployToECS (blue/green) actions find theirs under the `DeploymentGroupName`, the action's name,
   * or `default`.
   *
   * @default - none (services created in this app need none; imported services get the grants above)
   */
  readonly taskDefinitions?: Record<string, ecs.ITaskDefinition>;

  /**
   * Configuration values added to (and overriding) the spec's, keyed `Action.Key` or `Stage.Action.Key`,
   * e.g. `{ 'SourceAction.BranchName': 'main' }`. Keeps account-specific values out of the reviewed file.
   *
   * @default - none
   */
  readonly configuration?: Record<string, string>;

  /**
   * What becomes of a required configuration value that neither the file nor `configuration` gives.
   *
   * @default MissingValues.PARAMETERS
   */
  readonly missingValues?: MissingValues;

  /**
   * CodePipeline's structural quotas the file is checked against (and the pipeline at synth, see
   * `DeliveryPipelineProps.quotas`): give the raised values when Service Quotas has raised them for the account.
   *
   * @default - CodePipeline's documented defaults: 50 stages, 50 actions per stage, 500 actions
   */
  readonly quotas?: PipelineQuotas;

  /**
   * The pipeline's name, instead of the spec's `name`.
   *
   * @default - the spec's `name`, else derived from the construct path
   */
  readonly pipelineName?: string;

  /**
   * An existing artifact bucket (see `DeliveryPipelineProps.artifactBucket`); the spec must then not set `artifacts`.
   *
   * @default - the library's bucket, configured by the spec's `artifacts`
   */
  readonly artifactBucket?: s3.IBucket;

  /**
   * For a definition imported from `get-pipeline` JSON or a CloudFormation template: keep its pipeline service
   * role (`roleArn`, used as given) and its artifact store (`artifactStore`, imported by name, with its KMS key)
   * instead of the library's least-privilege role and hardened bucket.
   *
   * @default false
   */
  readonly keepImportedRoleAndStore?: boolean;

  /**
   * CodeBuild defaults; they win over the spec's `codeBuild` field by field.
   *
   * @default - the spec's `codeBuild`, else the library's defaults
   */
  readonly codeBuildDefaults?: CodeBuildDefaults;

  /**
   * Monitoring; it wins over the spec's `notifications` and `alarms` field by field.
   *
   * @default - the spec's `notifications` and `alarms`, else the library's defaults
   */
  readonly monitoring?: MonitoringOptions;
}
