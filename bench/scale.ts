import { App, Stack } from 'aws-cdk-lib';
import { Build, DeliveryPipeline, Source, Test } from '../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const CONNECTION_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/**
 * One stack with one pipeline: the Source stage, then `stages` custom stages (the library's `stages`
 * prop) of `actions` parallel CodeBuild test actions each; with `stageStacks`, a nested stack per stage.
 */
export function scalePipelineApp(stages: number, actions: number, stageStacks: boolean): (app: App) => Stack[] {
  return (app) => {
    const stack = new Stack(app, `Scale${stages}x${actions}`, { env: ENV });
    new DeliveryPipeline(stack, 'Pipeline', {
      stageStacks,
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
      stages: range(stages).map(s => ({
        stageName: `Stage${s + 1}`,
        steps: range(actions).map(a => Test.codeBuild({ actionName: `Test${a + 1}`, commands: ['npm ci', `npm run test:${s + 1}.${a + 1}`] })),
      })),
    });
    return [stack];
  };
}

/** An app of `count` stacks with one small pipeline each (source, build, one test). */
export function manyPipelinesApp(count: number): (app: App) => Stack[] {
  return (app) => range(count).map((i) => {
    const stack = new Stack(app, `Service${i + 1}Pipeline`, { env: ENV });
    new DeliveryPipeline(stack, 'Pipeline', {
      source: Source.connection(`acme/service-${i + 1}`, 'main', { connectionArn: CONNECTION_ARN }),
      buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build'] }),
      tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm ci', 'npm test'] })],
    });
    return stack;
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
