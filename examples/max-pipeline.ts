import { App, Stack } from 'aws-cdk-lib';
import { Build, DeliveryPipeline, DeliveryPipelineProps, Source, Test } from '../src';

/** The props of a pipeline of CodePipeline's maximum size: 500 actions (source, build, 9 stages of 50 tests, one of 48). */
export function maxPipelineProps(connectionArn: string): DeliveryPipelineProps {
  const stageSizes = [...Array(9).fill(50), 48];
  return {
    source: Source.connection('acme/shop', 'main', { connectionArn }),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    stages: stageSizes.map((size, s) => ({
      stageName: `Tests${s + 1}`,
      steps: Array.from({ length: size }, (_, a) => Test.codeBuild({ actionName: `Suite${a + 1}`, commands: [`make test-${s}-${a}`] })),
    })),
  };
}

/** Adds the 500-action pipeline, with a nested stack per stage, to an app. */
export function buildMaxPipelineApp(app: App): { stack: Stack; delivery: DeliveryPipeline } {
  const stack = new Stack(app, 'MaxPipeline', { env: { account: '123456789012', region: 'eu-west-1' } });
  const delivery = new DeliveryPipeline(stack, 'Pipeline', {
    ...maxPipelineProps('arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789'),
    stageStacks: true,
  });
  return { stack, delivery };
}
