import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AlarmState, Build, ConditionRule, DeliveryPipeline, DeliveryPipelineProps, Deploy, EntryResult, FailureResult,
  PipelineArtifact, RetryMode, Source, StageConditions, Test, VariableOperator,
} from '../../src';
import { CONNECTION_ARN, ENV, importedService, synthPipeline, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });
const alarmArn = `arn:aws:cloudwatch:${ENV.region}:${ENV.account}:alarm:shop-5xx`;

/** A pipeline with one custom `Verify` stage holding a test, with the given conditions. */
function withConditions(conditions: (stack: Stack) => StageConditions, extra: Partial<DeliveryPipelineProps> = {}) {
  return synthPipeline(stack => ({
    source: source(),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    stages: [{ stageName: 'Verify', steps: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'] })], ...conditions(stack) }],
    ...extra,
  }));
}

function verifyStage(template: Template): any {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  return pipeline.Properties.Stages.find((s: any) => s.Name === 'Verify');
}

function pipelineRoleStatements(template: Template): any[] {
  return Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id]) => id.startsWith('PipelinePipelineRole'))
    .flatMap(([, r]: any) => r.Properties.PolicyDocument.Statement);
}

function attempt(conditions: (stack: Stack) => StageConditions, extra: Partial<DeliveryPipelineProps> = {}): () => void {
  return () => withConditions(conditions, extra);
}

describe('stage conditions', () => {
  test('a CloudWatch alarm rule before entry fails the stage, and the pipeline role may read exactly that alarm', () => {
    const { template } = withConditions(stack => ({
      beforeEntry: { rules: [ConditionRule.cloudWatchAlarm(cloudwatch.Alarm.fromAlarmArn(stack, 'A', alarmArn))] },
    }));
    expect(verifyStage(template).BeforeEntry).toEqual({
      Conditions: [{
        Result: 'FAIL',
        Rules: [{
          Name: 'Verify-BeforeEntry-Alarm-1',
          RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'CloudWatchAlarm', Version: '1' },
          Configuration: { AlarmName: 'shop-5xx', AlarmStates: 'ALARM' },
        }],
      }],
    });
    expect(pipelineRoleStatements(template)).toContainEqual({
      Effect: 'Allow', Action: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms'], Resource: alarmArn,
    });
  });

  test('an entry condition may skip the stage instead', () => {
    const { template } = withConditions(() => ({
      beforeEntry: { rules: [ConditionRule.deploymentWindow({ cron: '* 0-59 9-16 ? * MON-THU', timeZone: 'Europe/Berlin' })], result: EntryResult.SKIP },
    }));
    expect(verifyStage(template).BeforeEntry.Conditions[0]).toEqual({
      Result: 'SKIP',
      Rules: [expect.objectContaining({
        RuleTypeId: expect.objectContaining({ Provider: 'DeploymentWindow' }),
        Configuration: { Cron: '* 0-59 9-16 ? * MON-THU', TimeZone: 'Europe/Berlin' },
      })],
    });
  });

  test('a success condition watches alarms for the wait time and rolls back', () => {
    const { template } = withConditions(stack => ({
      onSuccess: {
        rules: [ConditionRule.cloudWatchAlarm(cloudwatch.Alarm.fromAlarmArn(stack, 'A', alarmArn), {
          waitTime: Duration.minutes(20), states: [AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA],
        })],
      },
    }));
    expect(verifyStage(template).OnSuccess.Conditions[0]).toEqual({
      Result: 'ROLLBACK',
      Rules: [expect.objectContaining({ Configuration: { AlarmName: 'shop-5xx', AlarmStates: 'ALARM,INSUFFICIENT_DATA', WaitTime: '20' } })],
    });
  });

  test('automatic rollback on failure', () => {
    const { template } = withConditions(() => ({ onFailure: { result: FailureResult.ROLLBACK } }));
    expect(verifyStage(template).OnFailure).toEqual({ Result: 'ROLLBACK' });
  });

  test('automatic retry on failure, of the failed actions by default or of all actions', () => {
    expect(verifyStage(withConditions(() => ({ onFailure: { result: FailureResult.RETRY } })).template).OnFailure)
      .toEqual({ Result: 'RETRY', RetryConfiguration: { RetryMode: 'FAILED_ACTIONS' } });
    expect(verifyStage(withConditions(() => ({ onFailure: { result: FailureResult.RETRY, retryMode: RetryMode.ALL_ACTIONS } })).template).OnFailure)
      .toEqual({ Result: 'RETRY', RetryConfiguration: { RetryMode: 'ALL_ACTIONS' } });
  });

  test('a rollback on failure limited by rules (e.g. a deployment window)', () => {
    const { template } = withConditions(() => ({
      onFailure: { result: FailureResult.ROLLBACK, rules: [ConditionRule.deploymentWindow({ cron: '* * 9-16 ? * MON-FRI' })] },
    }));
    expect(verifyStage(template).OnFailure).toEqual({
      Result: 'ROLLBACK',
      Conditions: [{ Result: 'ROLLBACK', Rules: [expect.objectContaining({ Configuration: { Cron: '* * 9-16 ? * MON-FRI', TimeZone: 'UTC' } })] }],
    });
  });

  test('a variable check rule', () => {
    const { template } = withConditions(() => ({
      beforeEntry: { rules: [ConditionRule.variableCheck({ variable: '#{codepipeline.PipelineExecutionId}', comparison: VariableOperator.NOT_EQUALS, value: 'x' })] },
    }));
    expect(verifyStage(template).BeforeEntry.Conditions[0].Rules[0]).toEqual(expect.objectContaining({
      RuleTypeId: expect.objectContaining({ Provider: 'VariableCheck' }),
      Configuration: { Variable: '#{codepipeline.PipelineExecutionId}', Operator: 'NE', Value: 'x' },
    }));
  });

  test('a Lambda rule, with exactly lambda:InvokeFunction on the function for the pipeline role', () => {
    const { template } = withConditions(stack => ({
      onSuccess: { rules: [ConditionRule.lambdaFunction(lambda.Function.fromFunctionArn(stack, 'Check', `arn:aws:lambda:${ENV.region}:${ENV.account}:function:shop-health`), { userParameters: 'prod' })] },
    }));
    expect(verifyStage(template).OnSuccess.Conditions[0].Rules[0]).toEqual(expect.objectContaining({
      RuleTypeId: expect.objectContaining({ Provider: 'LambdaInvoke' }),
      Configuration: { FunctionName: 'shop-health', UserParameters: 'prod' },
    }));
    expect(pipelineRoleStatements(template)).toContainEqual(expect.objectContaining({
      Action: 'lambda:InvokeFunction',
      Resource: `arn:aws:lambda:${ENV.region}:${ENV.account}:function:shop-health`,
    }));
  });

  test('a Commands rule runs in an artifact and may write to the pipeline log group only', () => {
    const { template } = withConditions(() => ({
      beforeEntry: { rules: [ConditionRule.commands({ commands: ['test -f dist/app.js'], input: PipelineArtifact.BUILD_OUTPUT })] },
    }));
    expect(verifyStage(template).BeforeEntry.Conditions[0].Rules[0]).toEqual(expect.objectContaining({
      RuleTypeId: expect.objectContaining({ Provider: 'Commands' }),
      Commands: ['test -f dist/app.js'],
      InputArtifacts: [{ Name: 'Build_Output' }],
    }));
    const statements = pipelineRoleStatements(template);
    const streams = statements.find(s => JSON.stringify(s.Action).includes('logs:PutLogEvents'));
    const group = statements.find(s => JSON.stringify(s.Action).includes('logs:CreateLogGroup'));
    // Each action on the ARN form of its resource type: log streams for CreateLogStream/PutLogEvents, the
    // log group for CreateLogGroup (a statement pairing all three with both forms is half dead).
    expect(streams.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(streams.Resource)).toMatch(/:log-group:\/aws\/codepipeline\/[^"]*:log-stream:\*"/);
    expect(group.Action).toEqual('logs:CreateLogGroup');
    expect(JSON.stringify(group.Resource)).toContain(':log-group:/aws/codepipeline/');
    expect(JSON.stringify(group.Resource)).not.toContain(':log-stream:');
  });

  test('a rule reading an alarm in another account runs as the given role, which the pipeline role may assume', () => {
    const { template } = withConditions(stack => ({
      onSuccess: {
        rules: [ConditionRule.cloudWatchAlarm(cloudwatch.Alarm.fromAlarmArn(stack, 'A', 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:prod-5xx'), {
          role: iam.Role.fromRoleArn(stack, 'Reader', 'arn:aws:iam::222222222222:role/alarm-reader'),
        })],
      },
    }));
    expect(verifyStage(template).OnSuccess.Conditions[0].Rules[0].RoleArn).toBe('arn:aws:iam::222222222222:role/alarm-reader');
    expect(pipelineRoleStatements(template)).toContainEqual({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/alarm-reader' });
  });

  test('the Deploy stage takes conditions through deployConditions', () => {
    const { template } = synthPipeline(stack => {
      const { service, taskDefinition } = importedService(stack);
      return {
        source: source(),
        buildStep: Build.codeBuild({ commands: ['make'] }),
        deploy: Deploy.ecs({ service, taskDefinition }),
        deployConditions: { onFailure: { result: FailureResult.ROLLBACK } },
      };
    });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Name: 'Deploy', OnFailure: { Result: 'ROLLBACK' } })]),
    });
  });
});

describe('stage condition errors', () => {
  const window = () => ConditionRule.deploymentWindow({ cron: '* * 9-16 ? * MON-FRI' });

  test('conditions on a V1 pipeline name the feature', () => {
    expect(attempt(() => ({ beforeEntry: { rules: [window()] } }), { pipelineType: codepipeline.PipelineType.V1 }))
      .toThrow(/stage 'Verify' uses 'beforeEntry' \(stage conditions\), a CodePipeline V2 feature, but pipelineType is V1/);
    expect(attempt(() => ({ onFailure: { result: FailureResult.ROLLBACK } }), { pipelineType: codepipeline.PipelineType.V1 }))
      .toThrow(/stage 'Verify' uses 'onFailure' \(automatic rollback\), a CodePipeline V2 feature/);
  });

  test('a retry mode without a retry', () => {
    expect(attempt(() => ({ onFailure: { result: FailureResult.ROLLBACK, retryMode: RetryMode.ALL_ACTIONS } })))
      .toThrow(/stage 'Verify': onFailure.retryMode applies to automatic retries only, but the result is ROLLBACK: use FailureResult.RETRY/);
  });

  test('failure rules with a result other than rollback', () => {
    expect(attempt(() => ({ onFailure: { result: FailureResult.RETRY, rules: [window()] } })))
      .toThrow(/stage 'Verify': onFailure.rules decide whether to roll back, but the result is RETRY: use FailureResult.ROLLBACK/);
  });

  test('a condition without rules or with more than five', () => {
    expect(attempt(() => ({ beforeEntry: { rules: [] } }))).toThrow(/a BeforeEntry condition takes 1 to 5 rules, got 0/);
    expect(attempt(() => ({ onSuccess: { rules: [1, 2, 3, 4, 5, 6].map(() => window()) } }))).toThrow(/a OnSuccess condition takes 1 to 5 rules, got 6: combine alarms into a composite alarm/);
  });

  test('an alarm in another account without a role', () => {
    expect(attempt(stack => ({
      beforeEntry: { rules: [ConditionRule.cloudWatchAlarm(cloudwatch.Alarm.fromAlarmArn(stack, 'A', 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:prod-5xx'))] },
    }))).toThrow(/the CloudWatchAlarm rule reads a resource in account 222222222222, but the pipeline is in 111111111111: give the rule a 'role'/);
  });

  test('deployConditions without a deploy', () => {
    expect(() => synthPipeline(() => ({
      source: source(), buildStep: Build.codeBuild({ commands: ['make'] }), deployConditions: { onFailure: { result: FailureResult.ROLLBACK } },
    }))).toThrow(/'deployConditions' configures the Deploy stage, but there is no 'deploy'/);
  });
});

describe('rule errors', () => {
  test('a deployment window cron with the wrong number of fields, or seconds', () => {
    expect(() => ConditionRule.deploymentWindow({ cron: '0 9 * * MON' })).toThrow(/cron must have 6 or 7 fields .*, got 5 in '0 9 \* \* MON'/);
    expect(() => ConditionRule.deploymentWindow({ cron: '0 * 9-16 ? * MON-FRI' })).toThrow(/the seconds field of cron must be '\*', got '0'/);
  });

  test('a deployment window time zone that is not an IANA name', () => {
    expect(() => ConditionRule.deploymentWindow({ cron: '* * 9-16 ? * MON-FRI', timeZone: 'CET +1' })).toThrow(/timeZone must be an IANA time zone such as 'Europe\/Berlin'/);
  });

  test('an alarm wait time that is not whole minutes from 1 to 60, and no states', () => {
    const stack = testStack();
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'A', alarmArn);
    expect(() => ConditionRule.cloudWatchAlarm(alarm, { waitTime: Duration.seconds(90) })).toThrow(/waitTime must be whole minutes from 1 to 60, got 1 minute 30 seconds/);
    expect(() => ConditionRule.cloudWatchAlarm(alarm, { waitTime: Duration.hours(2) })).toThrow(/waitTime must be whole minutes from 1 to 60, got 2 hours/);
    expect(() => ConditionRule.cloudWatchAlarm(alarm, { states: [] })).toThrow(/states is empty: give at least one AlarmState/);
  });

  test('a variable check of something that is not a variable reference', () => {
    expect(() => ConditionRule.variableCheck({ variable: 'Release', comparison: VariableOperator.EQUALS, value: 'x' }))
      .toThrow(/variable must be a reference like '#\{variables.Release\}' .*, got 'Release'/);
  });

  test('empty or multi-line commands', () => {
    expect(() => ConditionRule.commands({ commands: [] })).toThrow(/commands is empty: give at least one shell command/);
    expect(() => ConditionRule.commands({ commands: ['a\nb'] })).toThrow(/commands\[0\] must be one non-empty line/);
  });
});

test('a pipeline without conditions renders none', () => {
  const stack = testStack();
  new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: Build.codeBuild({ commands: ['make'] }) });
  const pipeline = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  for (const stage of pipeline.Properties.Stages) {
    expect(stage.BeforeEntry ?? stage.OnSuccess ?? stage.OnFailure).toBeUndefined();
  }
});
