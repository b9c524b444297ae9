import * as fc from 'fast-check';
import { anyModelArb, linearModelArb } from './arbitraries';
import { runs } from './runs';
import { PipelineValidator } from '../../src';

describe('validator properties', () => {
  test('any model is reported on, never thrown on, and every problem names its place and code', () => {
    fc.assert(fc.property(anyModelArb, model => {
      for (const problem of PipelineValidator.validate(model)) {
        expect(problem.code).toMatch(/^[A-Z][A-Za-z0-9]+$/);
        expect(problem.location.length).toBeGreaterThan(0);
        expect(problem.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: runs(500) });
  });

  test('a consumer is flagged if and only if it runs before its producer', () => {
    fc.assert(fc.property(linearModelArb, fc.nat(), fc.nat(), (model, a, b) => {
      expect(PipelineValidator.validate(model)).toEqual([]);
      // Move one consumer stage to a random position: flagged iff it now precedes its producer stage.
      const stages = [...model.stages];
      const from = 1 + (a % (stages.length - 1));
      const to = 1 + (b % (stages.length - 1));
      const [moved] = stages.splice(from, 1);
      stages.splice(to, 0, moved);
      const producerOf = new Map<string, number>();
      stages.forEach((s, i) => s.actions.forEach(x => (x.outputArtifacts ?? []).forEach(o => producerOf.set(o, i))));
      const expected = stages.some((s, i) => s.actions.some(x => (x.inputArtifacts ?? []).some(input => (producerOf.get(input) ?? -1) >= i)));
      const flagged = PipelineValidator.validate({ stages }).some(p => p.code === 'ArtifactConsumedBeforeProduced');
      expect(flagged).toBe(expected);
    }), { numRuns: runs(1000) });
  });

  test('within a stage, a consumer needs a strictly lower producer runOrder', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }), (producerOrder, consumerOrder) => {
      const problems = PipelineValidator.validate({
        stages: [
          { name: 'Source', actions: [{ name: 'S', category: 'Source', provider: 'S3', outputArtifacts: ['Src'] }] },
          {
            name: 'Build',
            actions: [
              { name: 'P', category: 'Build', provider: 'CodeBuild', inputArtifacts: ['Src'], outputArtifacts: ['App'], runOrder: producerOrder },
              { name: 'C', category: 'Test', provider: 'CodeBuild', inputArtifacts: ['App'], runOrder: consumerOrder },
            ],
          },
        ],
      });
      expect(problems.some(p => p.code === 'ArtifactConsumedBeforeProduced')).toBe(producerOrder >= consumerOrder);
    }), { numRuns: runs(500) });
  });
});
