import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';

/** How the pipeline reports failures (and, optionally, successes). */
export interface MonitoringOptions {
  /**
   * The topic that receives failure notifications and alarm state changes (on-call). Approval requests
   * go to `approvalTopic` instead.
   *
   * @default - a topic encrypted with a customer managed KMS key (rotation on, about $1 a month;
   * EventBridge and CloudWatch cannot publish to a topic under the AWS managed key) that accepts TLS only
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses subscribed to the topic: they receive failures and alarms, not approval requests
   * (subscribe approvers with `Approval.manual({ notify })`).
   *
   * @default - no subscriptions
   */
  readonly emails?: string[];

  /**
   * The topic manual approvals notify, unless an approval names its own (`Approval.manual({ topic })`).
   * Kept apart from `topic` so approvers receive approval requests only and on-call receives no approval
   * requests; give the same topic as `topic` to send both audiences everything.
   *
   * @default - a topic of its own, created when a manual approval uses it: encrypted with the pipeline's
   * customer managed key, TLS only
   */
  readonly approvalTopic?: sns.ITopic;

  /**
   * Also notify when an execution succeeds.
   *
   * @default false
   */
  readonly notifyOnSuccess?: boolean;

  /**
   * Create CloudWatch alarms on the pipeline's failed executions and each CodeBuild project's failed builds.
   *
   * @default true
   */
  readonly alarms?: boolean;

  /**
   * The period the alarms evaluate (one failure in the period raises the alarm).
   *
   * @default Duration.minutes(5)
   */
  readonly alarmPeriod?: Duration;

  /**
   * Create the delivery insights: the pipeline's EventBridge events kept in an encrypted log group,
   * metric filters for executions and production deploys, and a CloudWatch dashboard with executions by
   * result, durations, failed actions, waiting approvals, the last state per stage and the four DORA
   * figures of the production stage (see docs/insights.md; about $5 a month at list price, $2 within
   * CloudWatch's free dashboards). `EnvironmentPipelines` makes one dashboard across its pipelines.
   *
   * @default true
   */
  readonly dashboard?: boolean;

  /**
   * How long the log group of the pipeline's events keeps them (the dashboard's queries reach back
   * at most this far). The log group is encrypted with the pipeline key and retained when the stack
   * is deleted.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly eventRetention?: logs.RetentionDays;

  /**
   * The stage whose deploys the DORA figures count.
   *
   * @default - the stage of the (last) production environment; without one, the last stage holding a
   * deploy action; without one, the last stage
   */
  readonly productionStage?: string;
}
