import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { fail } from '../core/private/errors';
import { IStepContext, PipelineStep, StepBinding, StepCategory, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction, registerProviderStep, StepBinder } from '../providers/provider-action';

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
    return new ImplementedApproval(new ManualApproval(options));
  }

  public readonly category = StepCategory.APPROVAL;
}

const MIN_TIMEOUT_MINUTES = 5;
const MAX_TIMEOUT_MINUTES = 60 * 24 * 60;

/** What the manual approval's IAM and action read, resolved from its options. */
interface ManualApprovalTargets {
  readonly timeout: Duration;
  /** The topic the approval notifies. */
  readonly topic: sns.ITopic;
  /** The topic's ARN, as granted. */
  readonly topicArn: string;
  /** The ARN of the topic of this name in the topic's account and region (the calls' resource). */
  readonly topicNamed: (name: string) => string;
  /** The topic's name, from its ARN. */
  readonly topicName: string;
  /** The key that encrypts the topic, when it has one. */
  readonly keyArn?: string;
  /** The topic's region, whose SNS endpoint uses that key. */
  readonly topicRegion: string;
  /** The ARN of the pipeline's notification topic, when the approval notifies another topic. */
  readonly notificationTopicArn?: string;
}

/** The manual approval's IAM ("Grant Amazon SNS permissions to a CodePipeline service role"), with the calls it makes. */
export const MANUAL_APPROVAL_IAM: ProviderIam<ManualApprovalTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-service-role-permissions.html',
  artifacts: ArtifactAccess.NONE,
  statements: [
    {
      actions: ['sns:Publish'],
      resources: t => [t.topicArn],
      calls: t => [{ resource: t.topicNamed(t.topicName) }],
    },
    {
      // aws-cdk-lib's grant for the topic's key includes the pattern kms:GenerateDataKey*; publish exactly.
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: t => (t.keyArn !== undefined ? [t.keyArn] : []),
      // Publishing to an encrypted topic needs kms:GenerateDataKey and kms:Decrypt on the topic's key.
      calls: t => [{
        resource: t.keyArn!,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        context: { 'kms:ViaService': `sns.${t.topicRegion}.amazonaws.com` },
        documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse',
      }],
    },
  ],
  denied: t => [
    { action: 'sns:Publish', resource: t.topicNamed('intruder'), reason: 'another topic' },
    { action: 'sns:Subscribe', resource: t.topicNamed(t.topicName), reason: 'the approval notifies subscribers, never adds them' },
    { action: 'sns:DeleteTopic', resource: t.topicNamed(t.topicName), reason: 'the topic outlives the approval' },
    ...(t.notificationTopicArn !== undefined
      ? [{ action: 'sns:Publish', resource: t.notificationTopicArn, reason: "the on-call notification topic: approval requests go to the approvers' topic" }]
      : []),
  ],
};

class ManualApproval extends ProviderAction<ManualApprovalOptions, ManualApprovalTargets> {
  public readonly defaultActionName = 'Approve';
  protected readonly permissions = MANUAL_APPROVAL_IAM;

  protected targets(scope: Construct, context: IStepContext): ManualApprovalTargets {
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
    const stack = Stack.of(topic);
    const notifications = context.notificationTopic;
    return {
      timeout,
      topic,
      topicArn: topic.topicArn,
      topicNamed: name => `arn:${stack.partition}:sns:${topic.env.region}:${topic.env.account}:${name}`,
      // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
      // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
      topicName: Arn.split(topic.topicArn, ArnFormat.NO_RESOURCE_NAME).resource,
      keyArn: topic.masterKey?.keyArn,
      topicRegion: topic.env.region,
      notificationTopicArn: topic !== notifications
        ? `arn:${stack.partition}:sns:${notifications.env.region}:${notifications.env.account}:${Arn.split(notifications.topicArn, ArnFormat.NO_RESOURCE_NAME).resource}`
        : undefined,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: ManualApprovalTargets, base: ActionBase): codepipeline.IAction[] {
    return [new actions.ManualApprovalAction({
      ...base,
      notificationTopic: t.topic,
      externalEntityLink: this.options.reviewUrl,
      additionalInformation: this.options.comment,
      timeout: t.timeout,
    })];
  }
}

/**
 * What `Approval.manual` returns: an approval that binds through its binder. Private, as in aws-cdk-lib's
 * `CodePipelineSource`: users see `Approval`, and `bind` is the binder's.
 */
class ImplementedApproval extends Approval {
  public readonly defaultActionName: string;

  constructor(private readonly binder: StepBinder) {
    super(binder.options);
    this.defaultActionName = binder.defaultActionName;
    registerProviderStep(this, binder);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.binder.bind(scope, context);
  }
}

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
  iam: [MANUAL_APPROVAL_IAM],
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
