import { specError, spec, synthSpec } from './helpers';

/** `count` stages of one manual approval each. */
const approvalStages = (count: number) => Array.from({ length: count }, (_, i) => `    - name: S${i}
      actions:
        - { name: A${i}, actionType: Approval, provider: Manual }
`).join('');

/** One stage of `count` manual approvals. */
const wideStage = (count: number) => `    - name: Approve
      actions:
${Array.from({ length: count }, (_, i) => `        - { name: A${i}, actionType: Approval, provider: Manual }\n`).join('')}`;

describe('PipelineFileOptions.quotas: the structural quotas are defaults an account can raise', () => {
  test('a file of 51 stages fails with the default quota, saying it can be raised, and loads with PipelineFileOptions.quotas', () => {
    expect(specError(spec(approvalStages(50)))).toMatch(
      /pipeline \(line 2, column 3\): a pipeline holds at most 50 stages, found 51: merge stages or split the pipeline; 50 is CodePipeline's default of the quota 'Stages per pipeline', which can be raised for an account \(Service Quotas\): if yours was, give the raised value with the 'quotas' option \(quotas\.maxStages\)/);
    const { pipeline } = synthSpec(spec(approvalStages(50)), { quotas: { maxStages: 60 } });
    expect(pipeline.pipeline.stages).toHaveLength(51);
  });

  test('a stage of 51 actions fails with the default quota and loads with PipelineFileOptions.quotas', () => {
    expect(specError(spec(wideStage(51)))).toMatch(/stage 'Approve' holds 51 actions, at most 50 are allowed: move some actions to another stage; .*\(quotas\.maxActionsPerStage\)/);
    const { pipeline } = synthSpec(spec(wideStage(51)), { quotas: { maxActionsPerStage: 60, maxActionsPerPipeline: 600 } });
    expect(pipeline.pipeline.stages[1].actions).toHaveLength(51);
  });
});
