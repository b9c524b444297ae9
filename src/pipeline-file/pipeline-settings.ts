import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { DeliveryPipeline } from '../pipeline/delivery-pipeline';

/**
 * Applies a spec's stage conditions, rollback and retry to the pipeline's CloudFormation resource
 * (variables, triggers and the execution mode go through DeliveryPipelineProps).
 */
export function applyPipelineSettings(pipeline: DeliveryPipeline, spec: any): void {
  const cfn = pipeline.pipeline.node.defaultChild as codepipeline.CfnPipeline;
  (spec.stages as any[]).forEach((stage, i) => {
    if (stage.beforeEntry) cfn.addPropertyOverride(`Stages.${i}.BeforeEntry`, { Conditions: conditions(pipeline, stage.beforeEntry.conditions) });
    if (stage.onSuccess) cfn.addPropertyOverride(`Stages.${i}.OnSuccess`, { Conditions: conditions(pipeline, stage.onSuccess.conditions) });
    if (stage.onFailure) {
      cfn.addPropertyOverride(`Stages.${i}.OnFailure`, {
        Result: stage.onFailure.result,
        RetryConfiguration: stage.onFailure.retryMode ? { RetryMode: stage.onFailure.retryMode } : undefined,
        Conditions: stage.onFailure.conditions ? conditions(pipeline, stage.onFailure.conditions) : undefined,
      });
    }
  });
}

function conditions(pipeline: DeliveryPipeline, list: any[]): unknown[] {
  return list.map(condition => ({
    Result: condition.result,
    Rules: condition.rules.map((rule: any) => {
      const configuration = Object.fromEntries(Object.entries(rule.configuration ?? {}).map(([k, v]) => [k, String(v)]));
      grantRule(pipeline, rule.provider, configuration);
      return {
        Name: rule.name,
        RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: rule.provider, Version: '1' },
        Configuration: Object.keys(configuration).length > 0 ? configuration : undefined,
      };
    }),
  }));
}

/** Rules run as the pipeline's role: give it exactly what the rule reads. */
function grantRule(pipeline: DeliveryPipeline, provider: string, configuration: Record<string, string>): void {
  const stack = Stack.of(pipeline);
  if (provider === 'CloudWatchAlarm' && configuration.AlarmName) {
    pipeline.pipeline.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: configuration.AlarmName.split(',').map(name => stack.formatArn({
        service: 'cloudwatch', resource: 'alarm', resourceName: name.trim(), arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
    }));
  }
  if (provider === 'LambdaInvoke' && configuration.FunctionName) {
    const fn = configuration.FunctionName;
    pipeline.pipeline.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [fn.startsWith('arn:') ? fn : stack.formatArn({ service: 'lambda', resource: 'function', resourceName: fn, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
  }
}
