import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { fail } from '../core/private/errors';
import { IStepContext, PipelineStep, StepBinding, StepCategory, StepOptions } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { newActionRole } from '../providers/private/action-role';

/** Options for `Approval.manual`. */
export interface ManualApprovalOptions extends StepOptions {
  /**
   * Email addresses to notify when an approval is needed. They are subscribed to the approval topic, which
   * carries approval requests only (never failures or alarms).
   *
   * @default - only the topic's existing subscribers are notified
   */
  readonly notify?: string[];

  /**
   * The topic to notify when an approval is needed.
   *
   * @default - the pipeline's approval topic (`monitoring.approvalTopic`, else a topic of its own)
   */
  readonly topic?: sns.ITopic;

  /**
   * A URL for the reviewer to look at before approving (a staging site, a change set, a diff).
   *
   * @default - none
   */
  readonly reviewUrl?: string;

  /**
   * A comment shown to the reviewer.
   *
   * @default - none
   */
  readonly comment?: string;

  /**
   * How long the approval waits before it fails; CodePipeline allows 5 minutes to 60 days.
   *
   * @default Duration.days(7)
   */
  readonly timeout?: Duration;
}

/**
 * A gate: the release waits until a person approves it.
 */
export abstract class Approval extends PipelineStep {
  /**
   * A manual approval that notifies the pipeline's approval topic (and subscribes the given addresses to it).
   *
   * @example
   * Approval.manual({ notify: ['ops@acme.example'], timeout: Duration.hours(8) });
   */
  public static manual(options: ManualApprovalOptions = {}): Approval {
    return new ManualApproval(options);
  }

  public readonly category = StepCategory.APPROVAL;
}

const MIN_TIMEOUT_MINUTES = 5;
const MAX_TIMEOUT_MINUTES = 60 * 24 * 60;

class ManualApproval extends Approval {
  public readonly defaultActionName = 'Approve';

  constructor(private readonly options: ManualApprovalOptions) {
    super(options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const timeout = this.options.timeout ?? Duration.days(7);
    if (!Token.isUnresolved(timeout.toString())) {
      const minutes = timeout.toMinutes({ integral: false });
      if (minutes < MIN_TIMEOUT_MINUTES || minutes > MAX_TIMEOUT_MINUTES || !Number.isInteger(minutes)) {
        fail(scope, 'ApprovalTimeout',
          `timeout must be a whole number of minutes from 5 minutes to 60 days (86400 minutes), got ${timeout.toHumanString()}: ` +
          'use e.g. Duration.hours(8) or Duration.days(7)');
      }
    }
    for (const email of this.options.notify ?? []) {
      if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        fail(scope, 'InvalidEmail', `notify: '${email}' is not an email address: give addresses such as 'ops@example.com'`);
      }
    }
    const topic = this.options.topic ?? context.approvalTopic;
    for (const email of this.options.notify ?? []) {
      // The topic is shared by the pipeline's approvals (and may be its notification topic, when the user
      // chose so), which may already subscribe the address.
      if (!topic.node.tryFindChild(email)) {
        topic.addSubscription(new subscriptions.EmailSubscription(email));
      }
    }
    // aws-cdk-lib's grant for the topic's key includes the pattern kms:GenerateDataKey*; publish exactly.
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    ]);
    topic.masterKey?.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');
    const stack = Stack.of(topic);
    const topicArn = (name: string) => `arn:${stack.partition}:sns:${topic.env.region}:${topic.env.account}:${name}`;
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const topicName = Arn.split(topic.topicArn, ArnFormat.NO_RESOURCE_NAME).resource;
    DocumentedCalls.add(role, { action: 'sns:Publish', resource: topicArn(topicName), documentation: APPROVAL_DOC });
    if (topic.masterKey) {
      const via = { 'kms:ViaService': `sns.${topic.env.region}.amazonaws.com` };
      DocumentedCalls.add(role,
        { action: 'kms:GenerateDataKey', resource: topic.masterKey.keyArn, documentation: SNS_KMS_DOC, context: via },
        { action: 'kms:Decrypt', resource: topic.masterKey.keyArn, documentation: SNS_KMS_DOC, context: via },
      );
    }
    DocumentedCalls.addDenied(role,
      { action: 'sns:Publish', resource: topicArn('intruder'), reason: 'another topic' },
      { action: 'sns:Subscribe', resource: topicArn(topicName), reason: 'the approval notifies subscribers, never adds them' },
      { action: 'sns:DeleteTopic', resource: topicArn(topicName), reason: 'the topic outlives the approval' },
    );
    if (topic !== context.notificationTopic) {
      const notifications = context.notificationTopic;
      const notificationsName = Arn.split(notifications.topicArn, ArnFormat.NO_RESOURCE_NAME).resource;
      DocumentedCalls.addDenied(role, {
        action: 'sns:Publish',
        resource: `arn:${stack.partition}:sns:${notifications.env.region}:${notifications.env.account}:${notificationsName}`,
        reason: "the on-call notification topic: approval requests go to the approvers' topic",
      });
    }
    return {
      actions: [new actions.ManualApprovalAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        notificationTopic: topic,
        externalEntityLink: this.options.reviewUrl,
        additionalInformation: this.options.comment,
        timeout,
      })],
    };
  }
}

/** "Grant Amazon SNS permissions to a CodePipeline service role": sns:Publish on the notification topic. */
const APPROVAL_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-service-role-permissions.html';

/** Publishing to an encrypted topic needs kms:GenerateDataKey and kms:Decrypt on the topic's key. */
const SNS_KMS_DOC = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse';

function fromFile(a: ActionContext): StepFactory | undefined {
  const topicArn = a.config.NotificationArn;
  const timeout: number | undefined = a.data.timeoutInMinutes;
  const notify: string[] | undefined = a.data.notify;
  return scope => Approval.manual({
    actionName: a.name,
    runOrder: a.data.runOrder,
    comment: a.config.CustomData,
    reviewUrl: a.config.ExternalEntityLink,
    notify,
    topic: topicArn !== undefined ? sns.Topic.fromTopicArn(scope, 'Topic', topicArn) : undefined,
    timeout: timeout !== undefined ? Duration.minutes(timeout) : undefined,
  });
}

/** The manual approval provider (action reference: approvals-action-add, "Manual approval action"). */
export const MANUAL_APPROVAL_PROVIDER: ProviderDefinition = {
  title: 'Manual approval',
  category: 'Approval',
  owner: 'AWS',
  provider: 'Manual',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-action-add.html',
  factory: 'Approval.manual',
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'NotificationArn', kind: KeyKind.STRING, option: 'topic', description: 'The SNS topic notified when the approval is needed (the pipeline\'s approval topic when left out).', example: 'arn:aws:sns:us-east-1:123456789012:approvals' },
    { name: 'CustomData', kind: KeyKind.STRING, option: 'comment', description: 'A comment shown to the reviewer and included in the notification.', example: 'Check the staging site before approving' },
    { name: 'ExternalEntityLink', kind: KeyKind.STRING, option: 'reviewUrl', description: 'A URL for the reviewer to look at before approving.', example: 'https://staging.example.com' },
  ],
  // The action's own timeoutInMinutes (5 to 86400) and the addresses to subscribe to the topic.
  fileKeys: ['timeoutInMinutes', 'notify'],
  fromFile,
};
