import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { mutationArb, validSpecArb } from './arbitraries';
import { runs } from './runs';
import { DeliveryPipeline } from '../../src';
import { DeliveryPipelineError } from '../../src/core/private/errors';
import { PipelineFileError } from '../../src/pipeline-file/file-error';
import { CONNECTION_ARN, testStack } from '../util';

function load(stack: Stack, text: string): DeliveryPipeline {
  return DeliveryPipeline.fromFile(stack, 'App', { text, connections: { default: CONNECTION_ARN } });
}

describe('spec loader properties', () => {
  test('every generated valid spec synthesizes, from YAML and from JSON alike', () => {
    fc.assert(fc.property(validSpecArb, fc.boolean(), (spec, asJson) => {
      const stack = testStack();
      load(stack, asJson ? JSON.stringify(spec) : YAML.stringify(spec));
      (stack.node.root as App).synth();
    }), { numRuns: runs(20) });
  });

  test('a mutated spec either synthesizes or throws the library\'s error, never another exception', () => {
    fc.assert(fc.property(validSpecArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (spec, mutations) => {
      for (const mutate of mutations) {
        try {
          mutate(spec);
        } catch {
          // an earlier mutation removed what this one changes
        }
      }
      const stack = testStack();
      try {
        load(stack, YAML.stringify(spec));
        (stack.node.root as App).synth();
      } catch (error) {
        const ours = DeliveryPipelineError.isDeliveryPipelineError(error)
          // The DeliveryPipeline's synth-time rule checks surface through aws-cdk-lib's validation report.
          || /Validation failed with the following errors/.test((error as Error).message);
        if (!ours) throw error;
        if (PipelineFileError.isPipelineFileError(error)) expect((error as PipelineFileError).problems.length).toBeGreaterThan(0);
      }
    }), { numRuns: runs(50) });
  });

  test('arbitrary text never throws anything but a PipelineFileError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), text => {
      try {
        load(testStack(), text);
      } catch (error) {
        if (!PipelineFileError.isPipelineFileError(error)) throw error;
      }
    }), { numRuns: runs(150) });
  });

  test('a consumer moved before its producer is always flagged', () => {
    const withProducer = validSpecArb.filter(s => s.pipeline.stages.slice(1).some((st: any) => st.actions.some((a: any) => a.outputArtifacts)));
    fc.assert(fc.property(withProducer, spec => {
      const stages = spec.pipeline.stages;
      const producerStage = stages.findIndex((st: any, i: number) => i > 0 && st.actions.some((a: any) => a.outputArtifacts));
      const producer = stages[producerStage].actions.find((a: any) => a.outputArtifacts);
      // A consumer of the producer's output, placed in a stage before the producer's.
      stages.splice(producerStage, 0, {
        name: 'Early',
        actions: [{ name: 'Consumer', actionType: 'Test', provider: 'CodeBuild', commands: ['x'], inputArtifacts: [{ name: producer.outputArtifacts[0].name }] }],
      });
      try {
        load(testStack(), YAML.stringify(spec));
        throw new Error('not flagged');
      } catch (error) {
        expect(PipelineFileError.isPipelineFileError(error)).toBe(true);
        expect((error as PipelineFileError).problems.map(p => p.code)).toContain('ArtifactConsumedBeforeProduced');
      }
    }), { numRuns: runs(50) });
  });

  // Every accepted spec's template passing the built-in CloudFormation validation: test/compliance.test.ts.
});
