import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Build, DeliveryPipeline, Source, StageOptions } from '../../src';
import { modelOfPipeline } from '../../src/validation/from-pipeline';
import { CONNECTION_ARN, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

describe('DeliveryPipeline checks CodePipeline rules at synth', () => {
  test('51 stages fail synthesis with the construct path and a fix', () => {
    const stack = testStack();
    const stages: StageOptions[] = Array.from({ length: 50 }, (_, i) => ({
      stageName: `Stage${i}`, steps: [Build.codeBuild({ actionName: `Build${i}`, commands: ['make'] })],
    }));
    new DeliveryPipeline(stack, 'Big', { source: source(), stages });
    expect(() => (stack.node.root as any).synth()).toThrow(
      /Test\/Big\/Pipeline: a pipeline holds at most 50 stages, found 51: merge stages or split the pipeline \[TooManyStages\]/,
    );
  });

  test('configuration values over 1000 characters are reported per action', () => {
    const stack = testStack();
    const longBranch = 'b'.repeat(1001);
    new DeliveryPipeline(stack, 'P', {
      source: Source.connection('acme/shop', longBranch, { connectionArn: CONNECTION_ARN }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    });
    expect(() => (stack.node.root as any).synth()).toThrow(
      /Test\/P\/Pipeline stage 'Source' action 'shop': configuration value of 'BranchName' has 1001 characters, CodePipeline allows 1 to 1000/,
    );
  });

  test('the model is the pipeline as built, not the rendered template: CloudFormation overrides are not read back', () => {
    const stack = testStack();
    const pipeline = new DeliveryPipeline(stack, 'P', {
      source: source(), buildStep: Build.codeBuild({ commands: ['make'] }), pipelineType: codepipeline.PipelineType.V1,
    });
    // An override is the user's own CloudFormation: the model (and its checks) see the typed pipeline only.
    (pipeline.pipeline.node.defaultChild as codepipeline.CfnPipeline).addPropertyOverride('Stages.1.OnFailure', { Result: 'ROLLBACK' });
    const model = modelOfPipeline(pipeline.pipeline);
    expect(model.stages.map(s => [s.name, s.rollbackOnFailure])).toEqual([['Source', false], ['Build', false]]);
    expect(model.pipelineType).toBe('V1');
    expect(model.stages[1].actions[0]).toMatchObject({ name: 'Build', category: 'Build', provider: 'CodeBuild' });
    expect(model.stages[0].actions[0].configuration).toMatchObject({ FullRepositoryId: 'acme/shop', BranchName: 'main' });
  });

  test('a valid pipeline synthesizes', () => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'P', { source: source(), buildStep: Build.codeBuild({ commands: ['make'] }) });
    expect(() => (stack.node.root as any).synth()).not.toThrow();
  });
});
