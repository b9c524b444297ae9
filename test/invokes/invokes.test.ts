import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Approval, Build, DeliveryPipeline, Invoke, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const before = () => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({ commands: ['make'] }),
});

test('Lambda invoke with user parameters', () => {
  const { template } = synthPipeline(stack => ({
    ...before(),
    invoke: Invoke.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Smoke', 'smoke-test'), { userParameters: { url: 'https://shop.example' } }),
  }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Name: 'Invoke',
      Actions: [Match.objectLike({
        Name: 'Smoke',
        ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
        Configuration: { FunctionName: Match.anyValue(), UserParameters: '{"url":"https://shop.example"}' },
      })],
    })]),
  });
});

test('Step Functions invoke with a literal input', () => {
  const { template } = synthPipeline(stack => ({
    ...before(),
    invoke: Invoke.stepFunctions(sfn.StateMachine.fromStateMachineName(stack, 'Checks', 'release-checks'), { input: { stage: 'prod' } }),
  }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Name: 'Invoke',
      Actions: [Match.objectLike({
        ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'StepFunctions', Version: '1' },
        Configuration: Match.objectLike({ InputType: 'Literal', Input: '{"stage":"prod"}', ExecutionNamePrefix: 'Checks' }),
      })],
    })]),
  });
});

describe('manual approval', () => {
  test('review URL, comment and timeout', () => {
    const { template } = synthPipeline(() => ({
      ...before(),
      approval: Approval.manual({ reviewUrl: 'https://staging.shop.example', comment: 'Check the checkout', timeout: Duration.hours(8) }),
    }));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Approve',
        Actions: [Match.objectLike({
          ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
          Configuration: Match.objectLike({ ExternalEntityLink: 'https://staging.shop.example', CustomData: 'Check the checkout' }),
          TimeoutInMinutes: 480,
        })],
      })]),
    });
  });

  test.each([
    [Duration.minutes(4), /timeout must be a whole number of minutes from 5 minutes to 60 days \(86400 minutes\), got 4 minutes/],
    [Duration.days(61), /got 61 days/],
  ])('timeout %s is out of range', (timeout, message) => {
    expect(() => new DeliveryPipeline(testStack(), 'Pipeline', { ...before(), approval: Approval.manual({ timeout }) })).toThrow(message);
  });

  test('notify takes email addresses', () => {
    expect(() => new DeliveryPipeline(testStack(), 'Pipeline', { ...before(), approval: Approval.manual({ notify: ['ops'] }) }))
      .toThrow(/notify: 'ops' is not an email address/);
  });
});
