import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EnvironmentStep, SELF_TARGETING, TARGET_ACCOUNTS } from './environment-step';
import { fail, show } from './errors';
import { constructId } from './names';
import { Approval } from '../approvals/approval';
import { ConditionRule } from '../conditions/condition-rule';
import { EntryResult, FailureResult, StageConditions, SuccessResult } from '../conditions/stage-conditions';
import { PipelineStep } from '../core/step';
import { DeliveryEnvironment } from '../environments/environment';
import { StageOptions } from '../pipeline/stage-options';

/** A stage as laid out for binding: `phases[i]` > `phases[i-1]` makes step i run after everything before it. */
export interface LaidOutStage extends StageOptions {
  readonly phases?: number[];
}

/** Where an environment is, relative to the pipeline. */
export interface EnvironmentPlacement {
  readonly environment: DeliveryEnvironment;
  /** The environment's account, when it is not the pipeline's. */
  readonly otherAccount?: string;
  /** The environment's region, when it is not the pipeline's. */
  readonly otherRegion?: string;
}

const MAX_ALARMS = 5;

/** Whether the environment is production: flagged, or named prod/production. */
export function isProduction(environment: DeliveryEnvironment): boolean {
  return environment.production ?? /^prod(uction)?$/i.test(environment.name);
}

/** Where each environment is relative to the pipeline's stack; fails on what cannot work. */
export function placeEnvironments(scope: Construct, environments: DeliveryEnvironment[]): EnvironmentPlacement[] {
  const stack = Stack.of(scope);
  const names = new Set<string>();
  return environments.map(environment => {
    const key = environment.name.toLowerCase();
    if (names.has(key)) {
      fail(scope, 'DuplicateEnvironment', `two environments are called '${environment.name}': environment names become stage names and must be unique`);
    }
    names.add(key);
    const differs = (wanted: string | undefined, actual: string, what: string): string | undefined => {
      if (wanted === undefined || Token.isUnresolved(wanted)) return undefined;
      if (Token.isUnresolved(actual)) {
        fail(scope, 'EnvironmentAgnosticPipeline',
          `environment '${environment.name}' names ${what} ${show(wanted)}, but the pipeline's stack has no explicit ${what}: give the stack an 'env' with account and region`);
      }
      return wanted !== actual ? wanted : undefined;
    };
    const otherAccount = differs(environment.account, stack.account, 'account');
    const otherRegion = differs(environment.region, stack.region, 'region');
    if (otherRegion && !environment.replicationBucket) {
      fail(scope, 'CrossRegionNeedsReplicationBucket',
        `environment '${environment.name}' is in region ${otherRegion}, but the pipeline is in ${stack.region}: CodePipeline copies artifacts to a bucket in the target region, ` +
        "so set 'replicationBucket' to a versioned bucket in that region (with a KMS key when the environment is also in another account)");
    }
    if (otherAccount && otherRegion && environment.replicationBucket && !environment.replicationBucket.encryptionKey) {
      fail(scope, 'CrossAccountReplicationNeedsKey',
        `environment '${environment.name}' is in another account and region, so its replication bucket must be encrypted with a customer managed KMS key that admits that account: ` +
        'import it with s3.Bucket.fromBucketAttributes(..., { encryptionKey })');
    }
    return { environment, otherAccount, otherRegion };
  });
}

/** The role an environment's deploy runs as in another account. */
export function deployRoleFor(scope: Construct, placement: EnvironmentPlacement): iam.IRole | undefined {
  const env = placement.environment;
  if (!placement.otherAccount) return undefined;
  if (env.deployRole) return env.deployRole;
  const region = env.region ?? Stack.of(scope).region;
  const account = placement.otherAccount;
  return iam.Role.fromRoleArn(scope, `${constructId(env.name) || 'Environment'}DeployRole`,
    Stack.of(scope).formatArn({ service: 'iam', region: '', account, resource: 'role', resourceName: `cdk-hnb659fds-deploy-role-${account}-${region}` }),
    { mutable: false });
}

/**
 * Where the L2 pipeline keeps artifacts: the artifact bucket, or — when environments are in other
 * regions — the buckets by region, the artifact bucket being the one of the pipeline's region.
 */
export function artifactStores(scope: Construct, artifactBucket: s3.IBucket, placements: EnvironmentPlacement[]):
Pick<codepipeline.PipelineProps, 'artifactBucket' | 'crossRegionReplicationBuckets'> {
  const buckets: Record<string, s3.IBucket> = {};
  for (const p of placements) {
    if (p.otherRegion) buckets[p.otherRegion] = p.environment.replicationBucket!;
  }
  if (Object.keys(buckets).length === 0) return { artifactBucket };
  return { crossRegionReplicationBuckets: { ...buckets, [Stack.of(scope).region]: artifactBucket } };
}

/** The stages of the environments, in promotion order. */
export function environmentStages(scope: Construct, placements: EnvironmentPlacement[]): LaidOutStage[] {
  const stages: LaidOutStage[] = [];
  for (const placement of placements) {
    const env = placement.environment;
    const production = isProduction(env);
    if (env.approval && env.requireApproval === false) {
      fail(scope, 'ApprovalNotRequired', `environment '${env.name}' has an 'approval' but 'requireApproval' is false: drop one of them`);
    }
    const approval = env.approval ?? ((env.requireApproval ?? production)
      ? Approval.manual({ comment: `Promote the release to ${env.name}` })
      : undefined);
    if (approval) stages.push({ stageName: `Approve-${env.name}`.slice(0, 100), steps: [approval] });

    // A CDK stage's stacks name their accounts: they must be the environment's.
    const wanted = env.account ?? Stack.of(scope).account;
    for (const target of TARGET_ACCOUNTS.get(env.deploy)?.() ?? []) {
      if (!Token.isUnresolved(target.account) && !Token.isUnresolved(wanted) && target.account !== wanted) {
        fail(target.scope, 'StageAccountMismatch',
          `the stack deploys to account ${show(target.account)}, but it is deployed in environment '${env.name}', which is in account ${show(wanted)}` +
          `${env.account ? '' : " (the pipeline's, as the environment names no 'account')"}: set the environment's 'account' to ${show(target.account)}, or give the stage that environment's account`);
      }
    }
    const role = SELF_TARGETING.has(env.deploy) ? undefined : deployRoleFor(scope, placement);
    const deploy: PipelineStep = !SELF_TARGETING.has(env.deploy) && (role || placement.otherRegion)
      ? new EnvironmentStep(env.deploy, { role, region: placement.otherRegion })
      : env.deploy;
    const tests = env.tests ?? [];
    stages.push({
      stageName: env.name,
      steps: [deploy, ...tests],
      phases: [0, ...tests.map(() => 1)],
      ...environmentConditions(scope, env, production),
    });
  }
  return stages;
}

function environmentConditions(scope: Construct, env: DeliveryEnvironment, production: boolean): StageConditions {
  const alarms = env.alarms ?? [];
  if (alarms.length > MAX_ALARMS) {
    fail(scope, 'TooManyEnvironmentAlarms',
      `environment '${env.name}' has ${alarms.length} alarms; a stage condition takes ${MAX_ALARMS} rules: combine them into a cloudwatch.CompositeAlarm`);
  }
  const bakeTime = env.bakeTime ?? Duration.minutes(10);
  const own = env.conditions ?? {};
  return {
    beforeEntry: own.beforeEntry ?? (alarms.length > 0 ? {
      rules: alarms.map(alarm => ConditionRule.cloudWatchAlarm(alarm, { role: env.alarmRole })),
      result: EntryResult.FAIL,
    } : undefined),
    onSuccess: own.onSuccess ?? (alarms.length > 0 ? {
      rules: alarms.map(alarm => ConditionRule.cloudWatchAlarm(alarm, { waitTime: bakeTime, role: env.alarmRole })),
      result: SuccessResult.ROLLBACK,
    } : undefined),
    onFailure: own.onFailure ?? ((env.rollbackOnFailure ?? production) ? { result: FailureResult.ROLLBACK } : undefined),
  };
}
