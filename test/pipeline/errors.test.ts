import * as s3 from 'aws-cdk-lib/aws-s3';
import { Approval, Build, DeliveryPipeline, DeliveryPipelineProps, Deploy, PipelineArtifact, Source, Test } from '../../src';
import { CONNECTION_ARN, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function attempt(props: (stack: ReturnType<typeof testStack>) => DeliveryPipelineProps): () => void {
  return () => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'Pipeline', props(stack));
  };
}

test('a deploy that needs a build output when no build produces one', () => {
  expect(attempt(stack => ({ source: source(), deploy: Deploy.s3({ bucket: new s3.Bucket(stack, 'Site') }) })))
    .toThrow(/Test\/Pipeline\/Deploy\/DeployS3: this step needs the build output, but no build step before it produces one: add 'buildStep: Build.codeBuild/);
});

test('a step that reads the output of a step that does not run before it', () => {
  expect(attempt(() => ({
    source: source(),
    buildStep: Build.codeBuild({ commands: ['make'], extraInputs: [PipelineArtifact.fromStep('Docs')] }),
  }))).toThrow(/reads the output of 'Docs', but no earlier step is called that \(earlier steps with outputs: 'shop'\)/);
});

test('a stage with no steps', () => {
  expect(attempt(() => ({ source: source(), stages: [{ stageName: 'Verify', steps: [] }] })))
    .toThrow(/Test\/Pipeline: stage 'Verify' has no steps: give it at least one step, or remove it/);
});

test('a pipeline of only a source', () => {
  expect(attempt(() => ({ source: source() }))).toThrow(/a pipeline needs at least two stages, but only 'source' was given/);
});

test('a custom stage named like a named stage', () => {
  expect(attempt(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['x'] }), stages: [{ stageName: 'Build', steps: [Approval.manual()] }] })))
    .toThrow(/two stages are called 'Build'/);
});

test('a source outside the first stage', () => {
  expect(attempt(() => ({ source: source(), stages: [{ stageName: 'More', steps: [Source.connection('acme/docs', 'main', { connectionArn: CONNECTION_ARN })] }] })))
    .toThrow(/stage 'More' holds a source step, but CodePipeline runs sources only in the first stage: pass it as 'additionalSources'/);
});

test('an invalid stage name', () => {
  expect(attempt(() => ({ source: source(), stages: [{ stageName: 'Ship it!', steps: [Approval.manual()] }] })))
    .toThrow(/stages\[0\].stageName must be 1 to 100 characters of letters, digits and . @ _ -, got 'Ship it!'/);
});

test('two steps of a stage with the same name', () => {
  expect(attempt(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['x'] }), tests: [Test.codeBuild({ actionName: 'Unit', commands: ['a'] }), Test.codeBuild({ actionName: 'Unit', commands: ['b'] })] })))
    .toThrow(/two steps of stage 'Test' are called 'Unit': give one of them another 'actionName'/);
});

test('a run order out of range', () => {
  expect(attempt(() => ({ source: source(), stages: [{ stageName: 'Gate', steps: [Approval.manual({ runOrder: 1000 })] }] })))
    .toThrow(/runOrder of 'Approve' must be a whole number from 1 to 999, got 1000/);
});

test('sequential stages number their steps; explicit run orders win', () => {
  const stack = testStack();
  const delivery = new DeliveryPipeline(stack, 'Pipeline', {
    source: source(),
    stages: [{
      stageName: 'Gates',
      sequential: true,
      steps: [Approval.manual({ actionName: 'First' }), Approval.manual({ actionName: 'Second' }), Approval.manual({ actionName: 'Third', runOrder: 7 })],
    }],
  });
  const actions = delivery.pipeline.stages[1].actions.map(a => [a.actionProperties.actionName, a.actionProperties.runOrder]);
  expect(actions).toEqual([['First', 1], ['Second', 2], ['Third', 7]]);
});
