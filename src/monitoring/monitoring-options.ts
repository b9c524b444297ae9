import { Duration } from 'aws-cdk-lib';
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
}
