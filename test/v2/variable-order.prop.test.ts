import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { ActionVariable, Build, ConditionRule, DeliveryPipeline, Source, Test, VariableOperator } from '../../src';
import { runs } from '../properties/runs';
import { CONNECTION_ARN, testStack } from '../util';

/**
 * For every generated layout of stages, each reading (before entry) a variable of some step, the
 * synth-time check fails exactly when a stage reads a step of its own or a later stage.
 */
test('a before-entry reference is rejected if and only if its producer does not run earlier', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 4 }).chain(n =>
      fc.array(fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: undefined }), { minLength: n, maxLength: n })),
    (reads) => {
      const steps = reads.map((_, i) => Test.codeBuild({ actionName: `Check${i}`, commands: ['echo'] }));
      const stack = testStack();
      new DeliveryPipeline(stack, 'Pipeline', {
        source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
        buildStep: Build.codeBuild({ commands: ['make'] }),
        stages: reads.map((read, i) => ({
          stageName: `Stage${i}`,
          steps: [steps[i]],
          beforeEntry: read === undefined ? undefined : {
            rules: [ConditionRule.variableCheck({ variable: ActionVariable.of(steps[read], 'Verdict').reference(), comparison: VariableOperator.EQUALS, value: 'ok' })],
          },
        })),
      });
      const invalid = reads.some((read, i) => read !== undefined && read >= i);
      let threw = false;
      try {
        Template.fromStack(stack);
      } catch (e) {
        threw = /no action before it has the variables namespace/.test(String(e));
      }
      expect(threw).toBe(invalid);
    },
  ), { numRuns: runs(13) });
});
