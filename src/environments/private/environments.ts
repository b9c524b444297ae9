import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EnvironmentStep } from './environment-step';
import { Approval } from '../../approvals/approval';
import { ConditionRule } from '../../conditions/condition-rule';
import type { StageConditions } from '../../conditions/stage-conditions';
import { EntryResult, FailureResult, SuccessResult } from '../../conditions/stage-conditions';
import { fail, show } from '../../core/private/errors';
import { constructId } from '../../core/private/names';
import type { PipelineStep } from '../../core/step';
import { givenRole, givenRoleAccount } from '../../pipeline/private/given-role';
import type { Placement } from '../../pipeline/private/step-targets';
import { bootstrapDeployRole, place, targetedStep } from '../../pipeline/private/step-targets';
import type { StageOptions } from '../../pipeline/stage-options';
import { binderOf, targetAccountOf } from '../../providers/provider-action';
import type { DeliveryEnvironment } from '../environment';

/** A stage as laid out for binding: `phases[i]` > `phases[i-1]` makes step i run after everything before it. */
export interface LaidOutStage extends StageOptions {
  readonly phases?: number[];
}

/** Where an environment is, relative to the pipeline. */
export interface EnvironmentPlacement extends Placement {
  readonly environment: DeliveryEnvironment;
}

const MAX_ALARMS = 5;

/** Whether the environment is production: flagged, or named prod/production. */
export function isProduction(environment: DeliveryEnvironment): boolean {
  return environment.production ?? /^prod(uction)?$/i.test(environment.name);
}

/**
 * Where each environment is relative to the pipeline's stack; fails on what cannot work. An environment
 * without its own `account`, `region` or `replicationBucket` takes its deploy step's (a CloudFormation
 * deploy's account is its deployment role's). A missing replication bucket is taken from `known` (the
 * buckets by region), which gains each environment's.
 */
export function placeEnvironments(scope: Construct, environments: DeliveryEnvironment[],
  known: Map<string, s3.IBucket> = new Map()): EnvironmentPlacement[] {
  const names = new Set<string>();
  return environments.map(environment => {
    const key = environment.name.toLowerCase();
    if (names.has(key)) {
      fail(scope, 'DuplicateEnvironment', `two environments are called '${environment.name}': environment names become stage names and must be unique`);
    }
    names.add(key);
    const deploy = environment.deploy;
    const placement = place(scope, {
      what: `environment '${environment.name}'`,
      account: environment.account ?? deploy.account,
      impliedAccount: givenRoleAccount(deploy) ?? targetAccountOf(deploy),
      region: environment.region ?? deploy.region,
      replicationBucket: environment.replicationBucket ?? deploy.replicationBucket,
    }, known);
    return { ...placement, environment };
  });
}

/**
 * The role an environment's deploy runs as: the deploy's given role (`StepOptions.role`) wherever the
 * environment is, otherwise in another account its `deployRole`, the deploy's `crossAccountRole` or the
 * CDK bootstrap deploy role.
 */
export function deployRoleFor(scope: Construct, placement: EnvironmentPlacement): iam.IRole | undefined {
  const env = placement.environment;
  const given = givenRole(scope, env.deploy, `${constructId(env.name) || 'Environment'}DeployGivenRole`);
  if (given) return given;
  if (!placement.otherAccount) return undefined;
  if (env.deployRole ?? env.deploy.crossAccountRole) return env.deployRole ?? env.deploy.crossAccountRole;
  const region = placement.otherRegion ?? Stack.of(scope).region;
  return bootstrapDeployRole(scope, `${constructId(env.name) || 'Environment'}DeployRole`, placement.otherAccount, region);
}

/**
 * Where the L2 pipeline keeps artifacts: the artifact bucket, or — when environments or steps are in
 * other regions — the buckets by region, the artifact bucket being the one of the pipeline's region.
 */
export function artifactStores(scope: Construct, artifactBucket: s3.IBucket, placements: Placement[]):
Pick<codepipeline.PipelineProps, 'artifactBucket' | 'crossRegionReplicationBuckets'> {
  const buckets: Record<string, s3.IBucket> = {};
  for (const p of placements) {
    if (p.otherRegion && !buckets[p.otherRegion]) buckets[p.otherRegion] = p.replicationBucket!;
  }
  if (Object.keys(buckets).length === 0) return { artifactBucket };
  return { crossRegionReplicationBuckets: { ...buckets, [Stack.of(scope).region]: artifactBucket } };
}

/** The stages of the environments, in promotion order. */
export function environmentStages(scope: Construct, placements: EnvironmentPlacement[],
  testPlacements: Map<PipelineStep, Placement> = new Map()): LaidOutStage[] {
  const stages: LaidOutStage[] = [];
  for (const placement of placements) {
    const env = placement.environment;
    const production = isProduction(env);
    if (production && env.production === undefined) announceImpliedProduction(scope, env);
    if (env.approval && env.requireApproval === false) {
      fail(scope, 'ApprovalNotRequired', `environment '${env.name}' has an 'approval' but 'requireApproval' is false: drop one of them`);
    }
    const approval = env.approval ?? ((env.requireApproval ?? production)
      ? Approval.manual({ comment: `Promote the release to ${env.name}` })
      : undefined);
    if (approval) stages.push({ stageName: `Approve-${env.name}`.slice(0, 100), steps: [approval] });

    // A CDK stage's stacks name their accounts: they must be the environment's.
    const wanted = env.account ?? Stack.of(scope).account;
    const binder = binderOf(env.deploy);
    for (const target of binder?.targetAccounts?.() ?? []) {
      if (!Token.isUnresolved(target.account) && !Token.isUnresolved(wanted) && target.account !== wanted) {
        fail(target.scope, 'StageAccountMismatch',
          `the stack deploys to account ${show(target.account)}, but it is deployed in environment '${env.name}', which is in account ${show(wanted)}` +
          `${env.account ? '' : " (the pipeline's, as the environment names no 'account')"}: set the environment's 'account' to ${show(target.account)}, or give the stage that environment's account`);
      }
    }
    const role = binder?.selfTargeting ? undefined : deployRoleFor(scope, placement);
    const deploy: PipelineStep = !binder?.selfTargeting && (role || placement.otherRegion)
      ? new EnvironmentStep(env.deploy,
        { role, region: placement.otherRegion, what: placement.what, otherAccount: placement.otherAccount !== undefined })
      : env.deploy;
    // Tests run in the pipeline's account and region unless a test says otherwise.
    const tests = (env.tests ?? []).map(test => testPlacements.has(test) ? targetedStep(scope, test, testPlacements.get(test)!, env.name) : test);
    stages.push({
      stageName: env.name,
      steps: [deploy, ...tests],
      phases: [0, ...tests.map(() => 1)],
      ...environmentConditions(scope, env, production),
    });
  }
  return stages;
}

/**
 * Says at synth what an environment gains by its name alone: a name such as `Prod` makes it production,
 * and production gets an approval stage and rollback nobody asked for explicitly.
 */
function announceImpliedProduction(scope: Construct, env: DeliveryEnvironment): void {
  const gains: string[] = [];
  if (!env.approval && env.requireApproval === undefined) gains.push(`a manual approval in stage 'Approve-${env.name}'`);
  if (env.rollbackOnFailure === undefined && !env.conditions?.onFailure) gains.push('automatic rollback of its stage on failure');
  if ((env.alarms ?? []).length > 0 && env.conditions?.onSuccess === undefined) gains.push('rollback when an alarm fires within the bake time');
  if (gains.length === 0) return;
  Annotations.of(scope).addInfo(
    `environment '${env.name}' is production because of its name, so it gets ${gains.join(' and ')}: ` +
    "set 'production: true' on it to make that explicit, or 'production: false' (or 'requireApproval' / 'rollbackOnFailure') to opt out");
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
