import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { givenRole, givenRoleAccount } from './given-role';
import { fail, show } from '../../core/private/errors';
import { constructId } from '../../core/private/names';
import type { PipelineStep } from '../../core/step';
import { StepCategory } from '../../core/step';
import { EnvironmentStep } from '../../environments/private/environment-step';
import { targetAccountOf } from '../../providers/provider-action';

/** Where something that runs actions (an environment, a step) is, relative to the pipeline. */
export interface Placement {
  /** What is placed, for messages: `environment 'Prod'`, `step 'Deploy-shop' of stage 'Release'`. */
  readonly what: string;
  /** The account, when it is not the pipeline's. */
  readonly otherAccount?: string;
  /** The region, when it is not the pipeline's. */
  readonly otherRegion?: string;
  /** The bucket CodePipeline copies artifacts to in `otherRegion`. */
  readonly replicationBucket?: s3.IBucket;
}

/** What a placement is asked for: the explicit account and region, and the one the target implies. */
export interface PlacementRequest {
  readonly what: string;
  readonly account?: string;
  /** The account the step's target names (e.g. a deployment role's): ignored when the stack's account is unknown. */
  readonly impliedAccount?: string;
  readonly region?: string;
  readonly replicationBucket?: s3.IBucket;
}

/**
 * Where `request` is relative to the pipeline's stack; fails on what cannot work. A missing replication
 * bucket is taken from `known` (the buckets other placements give, by region).
 */
export function place(scope: Construct, request: PlacementRequest, known: Map<string, s3.IBucket> = new Map()): Placement {
  const stack = Stack.of(scope);
  const differs = (wanted: string | undefined, actual: string, what: string): string | undefined => {
    if (wanted === undefined || Token.isUnresolved(wanted)) return undefined;
    if (Token.isUnresolved(actual)) {
      fail(scope, 'EnvironmentAgnosticPipeline',
        `${request.what} names ${what} ${show(wanted)}, but the pipeline's stack has no explicit ${what}: give the stack an 'env' with account and region`);
    }
    return wanted !== actual ? wanted : undefined;
  };
  const implied = request.account === undefined && request.impliedAccount !== undefined && !Token.isUnresolved(stack.account)
    ? request.impliedAccount : undefined;
  const otherAccount = differs(request.account ?? implied, stack.account, 'account');
  const otherRegion = differs(request.region, stack.region, 'region');
  const replicationBucket = otherRegion ? request.replicationBucket ?? known.get(otherRegion) : undefined;
  if (otherRegion && !replicationBucket) {
    fail(scope, 'CrossRegionNeedsReplicationBucket',
      `${request.what} is in region ${otherRegion}, but the pipeline is in ${stack.region}: CodePipeline copies artifacts to a bucket in the target region, ` +
      "so give a versioned bucket in that region (with a KMS key when it is also in another account): the step's or environment's 'replicationBucket', the pipeline's " +
      "'replicationBuckets', or in a pipeline file 'artifacts.replicationBuckets'");
  }
  if (otherAccount && otherRegion && replicationBucket && !replicationBucket.encryptionKey) {
    fail(scope, 'CrossAccountReplicationNeedsKey',
      `${request.what} is in another account and region, so its replication bucket must be encrypted with a customer managed KMS key that admits that account: ` +
      'import it with s3.Bucket.fromBucketAttributes(..., { encryptionKey })');
  }
  if (otherRegion && replicationBucket) known.set(otherRegion, replicationBucket);
  return { what: request.what, otherAccount, otherRegion, replicationBucket };
}

/** The placement request of a step, from its options and its target. */
export function stepRequest(what: string, step: PipelineStep): PlacementRequest {
  return {
    what,
    account: step.account,
    impliedAccount: givenRoleAccount(step) ?? targetAccountOf(step),
    region: step.region,
    replicationBucket: step.replicationBucket,
  };
}

/** The CDK bootstrap deploy role of `account` in `region`, referenced by ARN. */
export function bootstrapDeployRole(scope: Construct, id: string, account: string, region: string): iam.IRole {
  return iam.Role.fromRoleArn(scope, id,
    Stack.of(scope).formatArn({ service: 'iam', region: '', account, resource: 'role', resourceName: `cdk-hnb659fds-deploy-role-${account}-${region}` }),
    { mutable: false });
}

/**
 * The step as it runs where its placement says: in the pipeline's account and region unchanged,
 * otherwise wrapped so that its actions run as the target account's role and in the target region.
 */
export function targetedStep(scope: Construct, step: PipelineStep, placement: Placement, stageName: string): PipelineStep {
  const id = `${constructId(stageName) || 'Stage'}${constructId(step.actionName ?? step.defaultActionName) || 'Step'}`;
  const given = givenRole(scope, step, `${id}Role`);
  if (!placement.otherAccount && !placement.otherRegion && !given) return step;
  if (step.category === StepCategory.APPROVAL && (placement.otherAccount || placement.otherRegion)) {
    fail(scope, 'ApprovalInAnotherAccount',
      `${placement.what} is an approval, which runs in the pipeline itself: drop its 'account' and 'region'`);
  }
  const account = placement.otherAccount;
  const role = given ?? (account
    ? step.crossAccountRole ?? bootstrapDeployRole(scope, `${id}CrossAccountRole`, account, step.region ?? Stack.of(scope).region)
    : undefined);
  return new EnvironmentStep(step, { role, region: placement.otherRegion, what: placement.what, otherAccount: account !== undefined });
}
