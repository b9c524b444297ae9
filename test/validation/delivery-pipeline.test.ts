import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Approval, Build, DeliveryPipeline, Source, StageOptions } from '../../src';
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
      /Test\/Big\/Pipeline: a pipeline holds at most 50 stages, found 51: merge stages or split the pipeline; 50 is CodePipeline's default .* \[TooManyStages\]/,
    );
  });

  test('51 stages pass with DeliveryPipelineProps.quotas raised (Service Quotas), and the error says so without', () => {
    const stages = (): StageOptions[] => Array.from({ length: 50 }, (_, i) => ({
      stageName: `Stage${i}`, steps: [Approval.manual({ actionName: `Approve${i}` })],
    }));
    const raised = testStack();
    new DeliveryPipeline(raised, 'Big', { source: source(), stages: stages(), quotas: { maxStages: 60 } });
    expect(() => (raised.node.root as any).synth()).not.toThrow();

    const fixed = testStack();
    new DeliveryPipeline(fixed, 'Big', { source: source(), stages: stages(), quotas: { maxActionsPerStage: 60 } });
    expect(() => (fixed.node.root as any).synth()).toThrow(/found 51: merge stages or split the pipeline; 50 is CodePipeline's default of the quota 'Stages per pipeline', which can be raised .*\(quotas\.maxStages\)/);
  });

  test('51 actions in a stage pass with DeliveryPipelineProps.quotas raised', () => {
    const steps = () => Array.from({ length: 51 }, (_, i) => Approval.manual({ actionName: `Approve${i}` }));
    const raised = testStack();
    new DeliveryPipeline(raised, 'Wide', { source: source(), stages: [{ stageName: 'Approve', steps: steps() }], quotas: { maxActionsPerStage: 60 } });
    expect(() => (raised.node.root as any).synth()).not.toThrow();
    const fixed = testStack();
    new DeliveryPipeline(fixed, 'Wide', { source: source(), stages: [{ stageName: 'Approve', steps: steps() }] });
    expect(() => (fixed.node.root as any).synth()).toThrow(/stage 'Approve' holds 51 actions, at most 50 are allowed: .*'Actions per stage'.*\(quotas\.maxActionsPerStage\) \[TooManyActionsInStage\]/);
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
