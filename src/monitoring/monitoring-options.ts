import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/** How the pipeline reports failures (and, optionally, successes). */
export interface MonitoringOptions {
  /**
   * The topic that receives failure notifications, alarm state changes and approval requests.
   *
   * @default - a topic encrypted with a customer managed KMS key (rotation on, about $1 a month;
   * EventBridge and CloudWatch cannot publish to a topic under the AWS managed key) that accepts TLS only
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses subscribed to the topic.
   *
   * @default - no subscriptions
   */
  readonly emails?: string[];

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
