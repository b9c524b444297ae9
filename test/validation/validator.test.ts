import { ActionModel, PipelineModel, PipelineValidator, StageModel } from '../../src';

const source = (name = 'Checkout', output = 'Src'): ActionModel =>
  ({ name, category: 'Source', provider: 'CodeStarSourceConnection', outputArtifacts: [output] });
const build = (name = 'Compile', input = 'Src', output?: string, extra: Partial<ActionModel> = {}): ActionModel =>
  ({ name, category: 'Build', provider: 'CodeBuild', inputArtifacts: [input], outputArtifacts: output ? [output] : [], ...extra });
const stage = (name: string, actions: ActionModel[], extra: Partial<StageModel> = {}): StageModel => ({ name, actions, ...extra });

function valid(extra: Partial<PipelineModel> = {}): PipelineModel {
  return { name: 'shop', stages: [stage('Source', [source()]), stage('Build', [build('Compile', 'Src', 'App')])], ...extra };
}

function problems(model: PipelineModel) {
  return PipelineValidator.validate(model);
}

function expectProblem(model: PipelineModel, code: string, message: RegExp, location?: string): void {
  const found = problems(model).filter(p => p.code === code);
  expect(found).toHaveLength(1);
  expect(found[0].message).toMatch(message);
  if (location) expect(found[0].location).toBe(location);
}

describe('PipelineValidator', () => {
  test('a valid pipeline has no problems', () => {
    expect(problems(valid())).toEqual([]);
  });

  test('fewer than 2 stages', () => {
    expectProblem({ stages: [stage('Source', [source()])] }, 'TooFewStages', /at least 2 stages .* found 1: add a stage/, 'pipeline');
  });

  test('more than 50 stages', () => {
    const stages = [stage('Source', [source()]), ...Array.from({ length: 50 }, (_, i) => stage(`S${i}`, [build(`B${i}`)]))];
    expectProblem({ stages }, 'TooManyStages', /at most 50 stages, found 51: merge stages or split the pipeline/);
  });

  test('the pipeline invoke action (provider CodePipeline) takes no artifacts', () => {
    const invoke: ActionModel = { name: 'Downstream', category: 'Invoke', provider: 'CodePipeline', inputArtifacts: ['App'] };
    expectProblem(valid({ stages: [...valid().stages, stage('Invoke', [invoke])] }), 'InputArtifactCount', /an Invoke action of provider CodePipeline takes exactly 0 input artifact\(s\), found 1: fix inputArtifacts/);
  });

  test('an empty stage', () => {
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [])] }, 'EmptyStage', /stage 'Build' has no actions/, "stages[1] ('Build')");
  });

  test('more than 50 actions in a stage', () => {
    const actions = Array.from({ length: 51 }, (_, i) => build(`B${i}`));
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', actions)] }, 'TooManyActionsInStage', /holds 51 actions, at most 50/);
  });

  test('more than 500 actions in the pipeline', () => {
    const stages = [stage('Source', [source()]), ...Array.from({ length: 10 }, (_, s) => stage(`S${s}`, Array.from({ length: 50 }, (__, i) => build(`B${i}`))))];
    expectProblem({ stages }, 'TooManyActions', /at most 500 actions, found 501/);
  });

  describe('quotas are defaults an account can raise', () => {
    const fiftyOneStages = () => ({ stages: [stage('Source', [source()]), ...Array.from({ length: 50 }, (_, i) => stage(`S${i}`, [build(`B${i}`)]))] });
    const fiftyOneActions = () => ({ stages: [stage('Source', [source()]), stage('Build', Array.from({ length: 51 }, (_, i) => build(`B${i}`)))] });

    test('the quota messages say the quota can be raised and how to tell the library', () => {
      expectProblem(fiftyOneStages(), 'TooManyStages',
        /; 50 is CodePipeline's default of the quota 'Stages per pipeline', which can be raised for an account \(Service Quotas\): if yours was, give the raised value with the 'quotas' option \(quotas\.maxStages\)$/);
      expectProblem(fiftyOneActions(), 'TooManyActionsInStage', /'Actions per stage', which can be raised .*\(quotas\.maxActionsPerStage\)$/);
    });

    test('51 stages and 51 actions in a stage pass with raised quotas', () => {
      expect(PipelineValidator.validate(fiftyOneStages(), { maxStages: 51 })).toEqual([]);
      expect(PipelineValidator.validate(fiftyOneActions(), { maxActionsPerStage: 60 })).toEqual([]);
    });

    test('a quota given is applied as given, and said to be the one given', () => {
      const found = PipelineValidator.validate(fiftyOneActions(), { maxActionsPerStage: 60, maxActionsPerPipeline: 40 });
      expect(found.map(p => p.code)).toEqual(['TooManyActions']);
      expect(found[0].message).toMatch(/at most 40 actions, found 52: split the pipeline; 40 is the value given for the quota 'Actions per pipeline'/);
      expect(PipelineValidator.validate(fiftyOneStages(), { maxStages: 20 }).map(p => p.code)).toEqual(['TooManyStages']);
    });

    test.each([0, -1, 1.5, NaN])('a quota of %p is an error', (maxStages) => {
      expect(() => PipelineValidator.validate(valid(), { maxStages })).toThrow(/quotas\.maxStages must be a positive whole number \(the account's 'Stages per pipeline' quota\)/);
    });
  });

  test.each([0, 1000, 1.5])('runOrder %p is out of range', (runOrder) => {
    expectProblem(valid({ stages: [stage('Source', [source()]), stage('Build', [build('B', 'Src', undefined, { runOrder })])] }),
      'InvalidRunOrder', /runOrder must be a whole number from 1 to 999/, "stages[1].actions[0] ('B')");
  });

  test('invalid pipeline, stage and action names', () => {
    expectProblem(valid({ name: 'my pipeline' }), 'InvalidPipelineName', /pipeline name 'my pipeline' is invalid: use 1 to 100 letters/);
    expectProblem({ stages: [stage('Source', [source()]), stage('Build/1', [build()])] }, 'InvalidStageName', /stage name 'Build\/1' is invalid/);
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build('x'.repeat(101))])] }, 'InvalidActionName', /got 101 characters/);
  });

  test('duplicate stage and action names', () => {
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build()]), stage('Build', [build()])] },
      'DuplicateStageName', /two stages are called 'Build'/);
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build('B'), build('B')])] },
      'DuplicateActionName', /two actions of stage 'Build' are called 'B'/);
  });

  test('invalid artifact names', () => {
    expectProblem({ stages: [stage('Source', [source('Checkout', 'my.src')]), stage('Build', [build('B', 'my.src')])] },
      'InvalidArtifactName', /artifact name 'my.src' is invalid: use 1 to 100 letters, digits and _ -/);
  });

  test('an artifact produced twice', () => {
    expectProblem({ stages: [stage('Source', [source('A', 'Src'), source('B', 'Src')]), stage('Build', [build()])] },
      'DuplicateArtifact', /artifact 'Src' is already produced by 'A'/);
  });

  test('an artifact nobody produces, with a suggestion', () => {
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build('B', 'Srcc')])] },
      'UnknownArtifact', /input artifact 'Srcc' is not produced by any action \(did you mean 'Src'\?\)/);
  });

  test('an artifact consumed in an earlier stage than its producer', () => {
    const model = { stages: [stage('Source', [source()]), stage('Test', [build('T', 'App')]), stage('Build', [build('B', 'Src', 'App')])] };
    expectProblem(model, 'ArtifactConsumedBeforeProduced', /'App' is produced by 'B' .* which does not run before 'T': move 'T' after stage 2/);
  });

  test('an artifact consumed in the same stage without a lower producer runOrder', () => {
    const model = { stages: [stage('Source', [source()]), stage('Build', [build('B', 'Src', 'App'), build('T', 'App')])] };
    expectProblem(model, 'ArtifactConsumedBeforeProduced', /give 'B' a lower runOrder than 1/);
    const fixed = { stages: [stage('Source', [source()]), stage('Build', [build('B', 'Src', 'App'), build('T', 'App', undefined, { runOrder: 2 })])] };
    expect(problems(fixed)).toEqual([]);
  });

  test('artifact counts per provider', () => {
    expectProblem({ stages: [stage('Source', [{ ...source(), outputArtifacts: [] }]), stage('Build', [build()])] },
      'OutputArtifactCount', /a Source action of provider CodeStarSourceConnection produces exactly 1 output artifact\(s\), found 0/);
    expectProblem(valid({ stages: [stage('Source', [source()]), stage('Deploy', [{ name: 'D', category: 'Deploy', provider: 'ECS', inputArtifacts: [] }])] }),
      'InputArtifactCount', /a Deploy action of provider ECS takes exactly 1 input artifact\(s\), found 0/);
  });

  test('sources only in the first stage, and only sources there', () => {
    expectProblem({ stages: [stage('Source', [source(), build('B')]), stage('Build', [build('C')])] },
      'NonSourceInFirstStage', /the first stage may hold source actions only, found a Build action 'B'/);
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build(), source('Late', 'Other')])] },
      'SourceOutsideFirstStage', /source action 'Late' is not in the first stage/);
  });

  test('unknown categories, with a suggestion', () => {
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [{ ...build(), category: 'Biuld' }])] },
      'UnknownCategory', /action type 'Biuld' is unknown \(did you mean 'Build'\?\)/);
  });

  test('configuration key and value lengths', () => {
    const long = { ['K'.repeat(51)]: 'v', Empty: '', Big: 'x'.repeat(1001) };
    const model = { stages: [stage('Source', [source()]), stage('Build', [build('B', 'Src', undefined, { configuration: long })])] };
    expectProblem(model, 'ConfigurationKeyLength', /has 51 characters, CodePipeline allows 1 to 50/);
    const values = problems(model).filter(p => p.code === 'ConfigurationValueLength').map(p => p.message);
    expect(values).toEqual([
      expect.stringMatching(/value of 'Empty' has 0 characters.*give a value, or remove the key/),
      expect.stringMatching(/value of 'Big' has 1001 characters.*move the content into an artifact/),
    ]);
  });

  test('approval timeouts', () => {
    const approval = (timeoutInMinutes: number): ActionModel => ({ name: 'Approve', category: 'Approval', provider: 'Manual', timeoutInMinutes });
    expectProblem({ stages: [stage('Source', [source()]), stage('Approve', [approval(4)])] }, 'ApprovalTimeout', /from 5 to 86400 \(60 days\), got 4/);
    expectProblem({ stages: [stage('Source', [source()]), stage('Approve', [approval(86_401)])] }, 'ApprovalTimeout', /got 86401/);
    expect(problems({ stages: [stage('Source', [source()]), stage('Approve', [approval(480)])] })).toEqual([]);
    expectProblem({ stages: [stage('Source', [source()]), stage('Build', [build('B', 'Src', undefined, { timeoutInMinutes: 10 })])] },
      'TimeoutNotSupported', /only manual approvals take a timeout/);
  });

  test('namespaces', () => {
    expectProblem({ stages: [stage('Source', [{ ...source(), variablesNamespace: 'a.b' }]), stage('Build', [build()])] },
      'InvalidNamespace', /namespace 'a.b' is invalid/);
    expectProblem({ stages: [stage('Source', [{ ...source(), variablesNamespace: 'N' }]), stage('Build', [build('B', 'Src', undefined, { variablesNamespace: 'N' })])] },
      'DuplicateNamespace', /namespace 'N' is already used/);
  });

  test('pipeline variables', () => {
    expectProblem(valid({ variables: [{ name: 'has space' }] }), 'InvalidVariableName', /variable name 'has space' is invalid/);
    expectProblem(valid({ variables: [{ name: 'A' }, { name: 'A' }] }), 'DuplicateVariable', /two pipeline variables are called 'A'/);
    expectProblem(valid({ variables: [{ name: 'A', defaultValue: 'x'.repeat(1001) }] }), 'InvalidVariableValue', /1 to 1000 characters, got 1001/);
  });

  test('V2-only features on a V1 pipeline', () => {
    const v1 = valid({
      pipelineType: 'V1',
      variables: [{ name: 'A' }],
      triggerCount: 1,
      executionMode: 'QUEUED',
      stages: [stage('Source', [source()]), stage('Build', [build(), { name: 'Run', category: 'Compute', provider: 'Commands', inputArtifacts: ['Src'] }],
        { hasConditions: true, rollbackOnFailure: true }), stage('Retry', [build('R')], { retryOnFailure: true })],
    });
    const messages = problems(v1).filter(p => p.code === 'V2OnlyFeature').map(p => p.message);
    for (const feature of ['execution mode QUEUED', 'triggers', 'pipeline variables', 'stage conditions', 'automatic rollback', 'automatic retry', 'the Commands action']) {
      expect(messages).toContainEqual(expect.stringContaining(`${feature} need(s) a V2 pipeline`));
    }
    expect(problems({ ...v1, pipelineType: 'V2' }).filter(p => p.code === 'V2OnlyFeature')).toEqual([]);
  });

  test('unknown pipeline type and execution mode', () => {
    expectProblem(valid({ pipelineType: 'V3' }), 'InvalidPipelineType', /pipeline type 'V3' is unknown: use V1 or V2/);
    expectProblem(valid({ executionMode: 'FAST' }), 'InvalidExecutionMode', /execution mode 'FAST' is unknown/);
  });

  test('every problem is reported together', () => {
    const model = { name: 'bad name', stages: [stage('Source', [source(), build('B')])] };
    expect(problems(model).map(p => p.code).sort()).toEqual(['ArtifactConsumedBeforeProduced', 'InvalidPipelineName', 'NonSourceInFirstStage', 'TooFewStages']);
  });
});
