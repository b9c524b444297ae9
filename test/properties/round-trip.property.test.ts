import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { runs } from './runs';
import { ProviderDefinition, ProviderSample } from '../../src/providers/definition';
import { categoriesOf, providerDefinitions } from '../../src/providers/registry';
import { toCloudFormation, toGetPipeline } from '../pipeline-file/other-shapes';
import { CORPUS_ACCOUNT, roundTrip, roundTripDifferences } from '../pipeline-file/round-trip';

const OTHER_REGION = 'eu-west-1';

/** A declaration of the provider: one of its samples, or its required keys plus some optional ones (their examples). */
function sampleArb(d: ProviderDefinition): fc.Arbitrary<ProviderSample> {
  if (d.samples && d.samples.length > 0) return fc.constantFrom(...d.samples);
  return fc.subarray(d.keys.filter(k => !k.required).map(k => k.name)).map(keys => ({ keys }));
}

/** The configuration a sample gives: required keys' examples, its optional keys' examples, its values. */
function configurationOf(d: ProviderDefinition, sample: ProviderSample): Record<string, string> {
  const examples = Object.fromEntries(d.keys.filter(k => k.required || (sample.keys ?? []).includes(k.name)).map(k => [k.name, k.example]));
  return { ...examples, ...sample.values };
}

interface GeneratedAction {
  readonly definition: ProviderDefinition;
  readonly category: string;
  readonly sample: ProviderSample;
  readonly runOrder: number;
  readonly crossRegion: boolean;
  readonly namespaced: boolean;
  readonly givenRole: boolean;
  readonly inputPicks: number[];
  readonly outputs: number;
}

const definitions = () => providerDefinitions().filter(d => d.owner === 'AWS');
const sources = () => definitions().filter(d => d.category === 'Source');
const others = () => definitions().filter(d => d.category !== 'Source');

function actionArb(pool: ProviderDefinition[]): fc.Arbitrary<GeneratedAction> {
  return fc.constantFrom(...pool).chain(definition => fc.record({
    definition: fc.constant(definition),
    category: fc.constantFrom(...categoriesOf(definition)),
    sample: sampleArb(definition),
    runOrder: fc.integer({ min: 1, max: 3 }),
    crossRegion: definition.category === 'Source' || definition.category === 'Approval' ? fc.constant(false) : fc.boolean(),
    namespaced: fc.boolean(),
    givenRole: fc.boolean(),
    inputPicks: fc.array(fc.nat(), {
      minLength: definition.bounds.minInputs,
      maxLength: Math.max(definition.bounds.minInputs, Math.min(definition.bounds.maxInputs, 2)),
    }),
    outputs: fc.integer({ min: definition.bounds.minOutputs, max: Math.min(definition.bounds.maxOutputs, 1) }),
  }));
}

/** A random valid pipeline file of provider-module actions: a source stage, then 1 to 3 stages of 1 to 3 actions. */
const declarationArb = () => fc.record({
  source: actionArb(sources()),
  stages: fc.array(fc.array(actionArb(others()), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
}).map(({ source, stages }) => {
  const outputs: string[] = [];
  let n = 0;
  const render = (g: GeneratedAction, stageIndex: number) => {
    const name = `A${++n}`;
    const available = [...outputs];
    const picks = g.sample.inputs !== undefined ? Array.from({ length: g.sample.inputs }, (_, i) => g.inputPicks[i] ?? i) : g.inputPicks;
    const inputs = available.length === 0 ? [] : [...new Set(picks.map(p => available[p % available.length]))];
    if (inputs.length < Math.max(g.definition.bounds.minInputs, g.sample.inputs ?? 0)) return undefined;
    const mine = Array.from({ length: g.sample.outputs ?? g.outputs }, (_, i) => `${name}_Out${i}`);
    const configuration = Object.fromEntries(Object.entries(configurationOf(g.definition, g.sample)).map(([k, v]) => [k, v.replace(/\{input\}/g, inputs[0] ?? '')]));
    const action: any = {
      name,
      actionType: g.category,
      provider: g.definition.provider,
      runOrder: stageIndex === 0 ? 1 : g.runOrder,
      // The source names the pipeline's region (round-trip.ts takes the pipeline's region from it).
      ...(stageIndex === 0 ? { region: 'us-east-1' } : g.crossRegion ? { region: OTHER_REGION } : {}),
      ...(g.namespaced ? { namespace: `ns${n}` } : {}),
      ...(g.givenRole ? { roleArn: `arn:aws:iam::${CORPUS_ACCOUNT}:role/given-${n}` } : {}),
      ...(inputs.length > 0 ? { inputArtifacts: inputs.map(i => ({ name: i })) } : {}),
      ...(mine.length > 0 ? { outputArtifacts: mine.map(o => ({ name: o, ...(g.sample.files ? { files: g.sample.files } : {}) })) } : {}),
      ...(Object.keys(configuration).length > 0 ? { configuration } : {}),
      ...(g.sample.commands ? { commands: g.sample.commands } : {}),
    };
    return { action, mine };
  };
  const stageList = [[source], ...stages].map((actions, i) => {
    const rendered = actions.map(a => render(a, i)).filter(r => r !== undefined);
    // Outputs become available to later stages only.
    for (const r of rendered) outputs.push(...r!.mine);
    return { name: i === 0 ? 'Fetch' : `Stage${i}`, actions: rendered.map(r => r!.action) };
  }).filter(s => s.actions.length > 0);
  return {
    pipeline: {
      name: 'generated',
      artifacts: { replicationBuckets: { [OTHER_REGION]: { bucketName: `replication-${OTHER_REGION}`, kmsKeyArn: `arn:aws:kms:${OTHER_REGION}:${CORPUS_ACCOUNT}:key/0000` } } },
      stages: stageList,
    },
  };
}).filter(d => d.pipeline.stages.length >= 2);

describe('pipeline files round-trip', () => {
  test('a random valid declaration of provider-module actions, in any of the three shapes, loads and renders its stages action for action', () => {
    fc.assert(fc.property(declarationArb(), fc.constantFrom('library', 'get-pipeline', 'cloudformation'), (declaration, shape) => {
      const text = shape === 'library' ? YAML.stringify(declaration)
        : shape === 'get-pipeline' ? JSON.stringify(toGetPipeline(declaration, 'generated'), undefined, 2)
          : YAML.stringify(toCloudFormation(declaration, 'generated'));
      const { declared, rendered } = roundTrip(text, false);
      expect(roundTripDifferences(declared, rendered)).toEqual([]);
    }), { numRuns: runs(15) });
  });
});
