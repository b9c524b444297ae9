import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { RoleRule } from './rule-declaration';
import { fail } from '../../core/private/errors';
import { DocumentedCalls } from '../../iam/documented-calls';
import type { ArtifactRegistry } from '../../pipeline/private/step-context';
import { resolveIam } from '../../providers/permissions';
import { pipelineLogGroupTargets, pipelineLogIam } from '../../providers/private/pipeline-logs';
import type { ConditionRules } from '../../variables/private/variable-references';
import type { ConditionRule } from '../condition-rule';
import type { StageConditions } from '../stage-conditions';
import { EntryResult, FailureResult, RetryMode, SuccessResult } from '../stage-conditions';

/** What rendering a stage's conditions needs from the pipeline. */
export interface ConditionContext {
  readonly pipelineName: string;
  readonly pipelineRole: iam.IRole;
  readonly registry: ArtifactRegistry;
}

const MAX_RULES = 5;

/** Fails when a stage uses conditions on a V1 pipeline, naming the feature. */
export function checkConditionsAllowed(scope: Construct, stageName: string, conditions: StageConditions,
  pipelineType: codepipeline.PipelineType): void {
  if (pipelineType !== codepipeline.PipelineType.V1) return;
  const used = (['beforeEntry', 'onSuccess', 'onFailure'] as const).filter(hook => conditions[hook] !== undefined);
  if (used.length > 0) {
    const feature = used[0] === 'onFailure' ? `'onFailure' (automatic ${conditions.onFailure!.result.toLowerCase()})` : `'${used[0]}' (stage conditions)`;
    fail(scope, 'V2FeatureOnV1',
      `stage '${stageName}' uses ${feature}, a CodePipeline V2 feature, but pipelineType is V1: use PipelineType.V2 (the default), or remove it`);
  }
}

/** The L2 `beforeEntry` of a stage (rendered before the stage's steps bind: it reads earlier stages only). */
export function renderBeforeEntry(scope: Construct, stageName: string, conditions: StageConditions,
  ctx: ConditionContext): codepipeline.Conditions | undefined {
  const entry = conditions.beforeEntry;
  if (!entry) return undefined;
  const rules = renderRules(scope, stageName, 'BeforeEntry', entry.rules, ctx);
  return { conditions: [{ rules, result: (entry.result ?? EntryResult.FAIL) as string as codepipeline.Result }] };
}

/** The L2 `onSuccess` and `onFailure` of a stage (rendered after the stage's steps bound). */
export function renderAfterStage(scope: Construct, stageName: string, conditions: StageConditions, ctx: ConditionContext):
{ onSuccess?: codepipeline.Conditions; onFailure?: codepipeline.FailureConditions } {
  const ret: { onSuccess?: codepipeline.Conditions; onFailure?: codepipeline.FailureConditions } = {};
  const success = conditions.onSuccess;
  if (success) {
    const rules = renderRules(scope, stageName, 'OnSuccess', success.rules, ctx);
    ret.onSuccess = { conditions: [{ rules, result: (success.result ?? SuccessResult.ROLLBACK) as string as codepipeline.Result }] };
  }
  const failure = conditions.onFailure;
  if (failure) {
    if (failure.retryMode !== undefined && failure.result !== FailureResult.RETRY) {
      fail(scope, 'RetryModeWithoutRetry',
        `stage '${stageName}': onFailure.retryMode applies to automatic retries only, but the result is ${failure.result}: use FailureResult.RETRY, or drop retryMode`);
    }
    const hasRules = (failure.rules ?? []).length > 0;
    if (hasRules && failure.result !== FailureResult.ROLLBACK) {
      fail(scope, 'FailureRulesNeedRollback',
        `stage '${stageName}': onFailure.rules decide whether to roll back, but the result is ${failure.result}: use FailureResult.ROLLBACK, or drop the rules`);
    }
    const rules = hasRules ? renderRules(scope, stageName, 'OnFailure', failure.rules!, ctx) : undefined;
    ret.onFailure = {
      result: failure.result as string as codepipeline.Result,
      retryMode: failure.result === FailureResult.RETRY
        ? (failure.retryMode ?? RetryMode.FAILED_ACTIONS) as string as codepipeline.RetryMode
        : undefined,
      conditions: rules ? [{ rules, result: codepipeline.Result.ROLLBACK }] : undefined,
    };
  }
  return ret;
}

function renderRules(scope: Construct, stageName: string, hook: string, rules: ConditionRule[], ctx: ConditionContext): codepipeline.Rule[] {
  if (rules.length < 1 || rules.length > MAX_RULES) {
    fail(scope, 'ConditionRuleCount',
      `stage '${stageName}': a ${hook} condition takes 1 to ${MAX_RULES} rules, got ${rules.length}: combine alarms into a composite alarm, or split the checks across stages`);
  }
  const stack = Stack.of(scope);
  return rules.map((rule, i) => {
    const config = rule._config();
    const account = rule._account();
    if (!config.role && account && !Token.isUnresolved(account) && !Token.isUnresolved(stack.account) && account !== stack.account) {
      fail(scope, 'CrossAccountRuleNeedsRole',
        `stage '${stageName}': the ${config.provider} rule reads a resource in account ${account}, but the pipeline is in ${stack.account}: ` +
        "give the rule a 'role' in that account (alarmRole for environments) that the pipeline's role may assume");
    }
    if (config.role) {
      config.role.grantAssumeRole(ctx.pipelineRole);
    } else {
      config.statements.forEach(statement => ctx.pipelineRole.addToPrincipalPolicy(statement));
      DocumentedCalls.add(ctx.pipelineRole, ...(config.calls ?? []));
    }
    let inputArtifacts: string[] | undefined;
    if (config.provider === 'Commands') {
      inputArtifacts = [ctx.registry.resolve(config.input!, scope).artifactName!];
      // The Commands rule writes its output to the pipeline's log group; log streams are created per run.
      const logs = resolveIam(scope, pipelineLogIam(COMMANDS_RULE_DOC), { logs: pipelineLogGroupTargets(stack, ctx.pipelineName) });
      logs.statements.forEach(statement => ctx.pipelineRole.addToPrincipalPolicy(statement));
      DocumentedCalls.add(ctx.pipelineRole, ...logs.calls);
    }
    const region = config.region && !Token.isUnresolved(config.region) && config.region !== stack.region ? config.region : undefined;
    return new RoleRule({
      name: ruleNameOf(stageName, hook, rule, i),
      provider: config.provider,
      version: '1',
      configuration: config.configuration,
      commands: config.commands,
      inputArtifacts,
      region,
    }, config.role);
  });
}

/** The Commands rule runs on the compute of the Commands action, which logs to `/aws/codepipeline/<pipeline>`. */
const COMMANDS_RULE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-Commands.html';

/** A rule's name in its condition: its own (`ConditionRule.named`), else `<stage>-<hook>-<kind>-<n>`. */
export function ruleNameOf(stageName: string, hook: string, rule: ConditionRule, index: number): string {
  return rule.ruleName ?? `${stageName}-${hook}-${rule.kind}-${index + 1}`.replace(/[^A-Za-z0-9.@_-]/g, '-').slice(0, 100);
}

/** The rules of a stage's conditions, by hook, as the variable-reference check reads them (names and configurations). */
export function conditionRulesOf(stageName: string, conditions: StageConditions): ConditionRules {
  const of = (hook: string, rules: ConditionRule[] | undefined) =>
    (rules ?? []).map((rule, i) => ({ name: ruleNameOf(stageName, hook, rule, i), configuration: rule._config().configuration }));
  return {
    beforeEntry: of('BeforeEntry', conditions.beforeEntry?.rules),
    onSuccess: of('OnSuccess', conditions.onSuccess?.rules),
    onFailure: of('OnFailure', conditions.onFailure?.rules),
  };
}
