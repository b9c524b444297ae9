import * as fc from 'fast-check';
import { ActionModel, PipelineModel } from '../../src';

const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Echo', 'Fox'];

const actionShape = fc.record({ kind: fc.integer({ min: 0, max: 4 }), pick: fc.nat(100), runOrder: fc.integer({ min: 1, max: 3 }) });

/** A spec that the loader accepts: sources first, then stages whose actions read earlier stages' outputs. */
export const validSpecArb: fc.Arbitrary<any> = fc
  .record({
    sourceCount: fc.integer({ min: 1, max: 2 }),
    stages: fc.array(fc.array(actionShape, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    seed: fc.nat(999),
  })
  .map(({ sourceCount, stages, seed }) => {
    const sources = Array.from({ length: sourceCount }, (_, i) => ({
      name: `Src${i}`,
      actionType: 'Source',
      provider: i === 0 ? 'GitHub' : 'S3',
      outputArtifacts: [{ name: `Source${i}` }],
      configuration: i === 0 ? { FullRepositoryId: 'acme/shop', BranchName: 'main' } : { S3Bucket: `releases-${seed}`, S3ObjectKey: 'app.zip' },
    }));
    const available = sources.map(s => s.outputArtifacts[0].name);
    let counter = 0;
    const built = stages.map((shapes, s) => {
      const readable = [...available];
      const actions = shapes.map(({ kind, pick, runOrder }) => {
        const index = counter++;
        const name = `${NAMES[index % NAMES.length]}${index}`;
        const inputs = [{ name: readable[pick % readable.length] }];
        switch (kind) {
          case 0:
            available.push(`${name}Out`);
            return { name, actionType: 'Build', provider: 'CodeBuild', commands: ['make'], inputArtifacts: inputs, outputArtifacts: [{ name: `${name}Out` }], runOrder };
          case 1: return { name, actionType: 'Test', provider: 'CodeBuild', commands: ['make test'], inputArtifacts: inputs, runOrder };
          case 2: return { name, actionType: 'Approval', provider: 'Manual', timeoutInMinutes: 60, runOrder };
          case 3: return { name, actionType: 'Deploy', provider: 'S3', configuration: { BucketName: `site-${index}`, Extract: true }, inputArtifacts: inputs, runOrder };
          default: return { name, actionType: 'Invoke', provider: 'Lambda', configuration: { FunctionName: `fn-${index}` }, runOrder };
        }
      });
      return { name: `Stage${s + 1}`, actions };
    });
    return { pipeline: { stages: [{ name: 'Source', actions: sources }, ...built] } };
  });

/** A change that may break a spec in any way the schema or the rules should catch. */
export const mutationArb: fc.Arbitrary<(spec: any) => void> = fc.oneof(
  fc.constant((s: any) => { s.pipeline.stages.reverse(); }),
  fc.constant((s: any) => { s.pipeline.stages[0].actions[0].provider = 'Jenkins'; }),
  fc.constant((s: any) => { s.pipeline.stages[s.pipeline.stages.length - 1].actions[0].runOrder = 0; }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions[0].inputArtifacts = [{ name: 'Nowhere' }]; }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions[0].actionType = 'Source'; }),
  fc.constant((s: any) => { s.pipeline.stages.push({ name: 'Source', actions: [] }); }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions[0].comands = ['x']; }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions[0].configuration = { Unknown: 'x' }; }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions[0].name = 'bad name!'; }),
  fc.constant((s: any) => { s.pipeline.stages = s.pipeline.stages.slice(0, 1); }),
  fc.constant((s: any) => { s.pipeline.pipelineType = 'V1'; s.pipeline.variables = [{ name: 'X' }]; }),
  fc.constant((s: any) => { s.pipeline.stages[0].actions[0].configuration = {}; }),
  fc.constant((s: any) => { s.pipeline.stages[1].actions.push({ ...s.pipeline.stages[1].actions[0] }); }),
  fc.record({ key: fc.string({ maxLength: 8 }), value: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ key, value }) => (s: any) => { s.pipeline.stages[1].actions[0][key] = value; }),
  fc.record({ key: fc.string({ maxLength: 8 }), value: fc.oneof(fc.string(), fc.integer(), fc.boolean()) })
    .map(({ key, value }) => (s: any) => { s.pipeline.stages[s.pipeline.stages.length - 1].actions[0].configuration = { [key]: value }; }),
);

/** A valid linear pipeline model: each stage reads the previous stage's output. */
export const linearModelArb: fc.Arbitrary<PipelineModel> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 })
  .map(sizes => {
    const stages = [{ name: 'Source', actions: [{ name: 'S', category: 'Source', provider: 'S3', outputArtifacts: ['A0'] } as ActionModel] }];
    sizes.forEach((size, s) => {
      const actions: ActionModel[] = Array.from({ length: size }, (_, a) => ({
        name: `B${a}`,
        category: 'Build',
        provider: 'CodeBuild',
        inputArtifacts: [`A${s}`],
        outputArtifacts: a === 0 ? [`A${s + 1}`] : [],
      }));
      stages.push({ name: `S${s + 1}`, actions });
    });
    return { stages };
  });

/** Any model at all, valid or not: the validator must report, never throw. */
export const anyModelArb: fc.Arbitrary<PipelineModel> = fc.record({
  name: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
  pipelineType: fc.option(fc.constantFrom('V1', 'V2', 'V3'), { nil: undefined }),
  executionMode: fc.option(fc.constantFrom('SUPERSEDED', 'QUEUED', 'PARALLEL', 'x'), { nil: undefined }),
  triggerCount: fc.option(fc.nat(3), { nil: undefined }),
  variables: fc.option(fc.array(
    fc.record({ name: fc.string({ maxLength: 10 }), defaultValue: fc.option(fc.string(), { nil: undefined }) }),
    { maxLength: 3 },
  ), { nil: undefined }),
  stages: fc.array(fc.record({
    name: fc.string({ maxLength: 10 }),
    hasConditions: fc.option(fc.boolean(), { nil: undefined }),
    rollbackOnFailure: fc.option(fc.boolean(), { nil: undefined }),
    actions: fc.array(fc.record({
      name: fc.string({ maxLength: 10 }),
      category: fc.constantFrom('Source', 'Build', 'Test', 'Approval', 'Deploy', 'Invoke', 'Compute', 'Other'),
      provider: fc.constantFrom('S3', 'CodeBuild', 'Manual', 'ECS', 'Lambda', 'Commands', 'Custom'),
      owner: fc.option(fc.constantFrom('AWS', 'Custom', 'ThirdParty'), { nil: undefined }),
      runOrder: fc.option(fc.oneof(fc.integer({ min: -2, max: 1001 }), fc.double()), { nil: undefined }),
      inputArtifacts: fc.option(fc.array(fc.constantFrom('A', 'B', 'C', 'bad name'), { maxLength: 3 }), { nil: undefined }),
      outputArtifacts: fc.option(fc.array(fc.constantFrom('A', 'B', 'C', 'bad name'), { maxLength: 2 }), { nil: undefined }),
      configuration: fc.option(fc.dictionary(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }), { nil: undefined }),
      variablesNamespace: fc.option(fc.constantFrom('N', 'M', 'bad.ns'), { nil: undefined }),
      timeoutInMinutes: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    }), { maxLength: 4 }),
  }), { maxLength: 6 }),
}, { requiredKeys: ['stages'] });
