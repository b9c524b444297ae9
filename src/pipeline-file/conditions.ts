import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AlarmState, ConditionRule, VariableOperator } from '../conditions/condition-rule';
import { EntryResult, FailureResult, RetryMode, StageConditions, SuccessResult } from '../conditions/stage-conditions';
import { constructId } from '../core/private/names';

/** One rule of a pipeline file's condition as the typed rule (imported resources under `scope`). */
function ruleOf(scope: Construct, id: string, rule: any): ConditionRule {
  const c: Record<string, string> = Object.fromEntries(Object.entries(rule.configuration ?? {}).map(([k, v]) => [k, String(v)]));
  const stack = Stack.of(scope);
  let typed: ConditionRule;
  switch (rule.provider) {
    case 'CloudWatchAlarm': {
      const name = c.AlarmName ?? '';
      const alarm = cloudwatch.Alarm.fromAlarmArn(scope, `${id}Alarm`, name.startsWith('arn:') ? name
        : stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      typed = ConditionRule.cloudWatchAlarm(alarm, {
        states: c.AlarmStates?.split(',').map(s => s.trim() as AlarmState),
        waitTime: c.WaitTime !== undefined ? Duration.minutes(Number(c.WaitTime)) : undefined,
      });
      break;
    }
    case 'DeploymentWindow':
      typed = ConditionRule.deploymentWindow({ cron: c.Cron ?? '', timeZone: c.TimeZone });
      break;
    case 'VariableCheck':
      typed = ConditionRule.variableCheck({ variable: c.Variable ?? '', comparison: c.Operator as VariableOperator, value: c.Value ?? '' });
      break;
    case 'LambdaInvoke': {
      const fn = c.FunctionName ?? '';
      typed = ConditionRule.lambdaFunction(fn.startsWith('arn:')
        ? lambda.Function.fromFunctionArn(scope, `${id}Function`, fn)
        : lambda.Function.fromFunctionName(scope, `${id}Function`, fn), { userParameters: c.UserParameters });
      break;
    }
    default:
      typed = ConditionRule.commands({ commands: rule.commands ?? [] });
  }
  return rule.name !== undefined ? typed.named(rule.name) : typed;
}

/** A pipeline file stage's `beforeEntry`, `onSuccess` and `onFailure`, as the typed `StageConditions`. */
export function stageConditionsOf(scope: Construct, stage: any): StageConditions {
  const id = constructId(stage.name) || 'Stage';
  const rules = (hook: string, condition: any) =>
    (condition.rules as any[]).map((rule, i) => ruleOf(scope, `${id}${hook}${constructId(rule.name ?? '') || i}`, rule));
  // CodePipeline takes one condition per hook (the schema says so).
  const entry = stage.beforeEntry?.conditions?.[0];
  const success = stage.onSuccess?.conditions?.[0];
  const failure = stage.onFailure;
  const beforeEntry = entry ? { rules: rules('BeforeEntry', entry), result: entry.result as EntryResult | undefined } : undefined;
  const onSuccess = success ? { rules: rules('OnSuccess', success), result: success.result as SuccessResult | undefined } : undefined;
  const onFailure = failure ? {
    result: (failure.result ?? 'FAIL') as FailureResult,
    retryMode: failure.retryMode as RetryMode | undefined,
    rules: failure.conditions?.[0] ? rules('OnFailure', failure.conditions[0]) : undefined,
  } : undefined;
  return { beforeEntry, onSuccess, onFailure };
}
