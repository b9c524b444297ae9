import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { runs } from './runs';
import { ProviderDefinition } from '../../src/providers/definition';
import { categoriesOf, providerDefinitions } from '../../src/providers/registry';
import { CORPUS_ACCOUNT, roundTrip, roundTripDifferences } from '../pipeline-file/round-trip';

const OTHER_REGION = 'eu-west-1';

/** A configuration of the provider: one of its samples, or its required keys plus some optional ones (their examples). */
function configurationArb(d: ProviderDefinition): fc.Arbitrary<Record<string, string>> {
  if (d.samples && d.samples.length > 0) return fc.constantFrom(...d.samples);
  const required = d.keys.filter(k => k.required);
  const optional = d.keys.filter(k => !k.required);
  return fc.subarray(optional).map(chosen => Object.fromEntries([...required, ...chosen].map(k => [k.name, k.example])));
}

interface GeneratedAction {
  readonly definition: ProviderDefinition;
  readonly category: string;
  readonly configuration: Record<string, string>;
  readonly runOrder: number;
  readonly crossRegion: boolean;
  readonly namespaced: boolean;
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
    configuration: configurationArb(definition),
    runOrder: fc.integer({ min: 1, max: 3 }),
    crossRegion: definition.category === 'Source' || definition.category === 'Approval' ? fc.constant(false) : fc.boolean(),
    namespaced: fc.boolean(),
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
    const inputs = available.length === 0 ? [] : [...new Set(g.inputPicks.map(p => available[p % available.length]))];
    if (inputs.length < g.definition.bounds.minInputs) return undefined;
    const mine = Array.from({ length: g.outputs }, (_, i) => `${name}_Out${i}`);
    const configuration = Object.fromEntries(Object.entries(g.configuration).map(([k, v]) => [k, v.replace(/\{input\}/g, inputs[0] ?? '')]));
    const action: any = {
      name,
      actionType: g.category,
      provider: g.definition.provider,
      runOrder: stageIndex === 0 ? 1 : g.runOrder,
      // The source names the pipeline's region (round-trip.ts takes the pipeline's region from it).
      ...(stageIndex === 0 ? { region: 'us-east-1' } : g.crossRegion ? { region: OTHER_REGION } : {}),
      ...(g.namespaced ? { namespace: `ns${n}` } : {}),
      ...(inputs.length > 0 ? { inputArtifacts: inputs.map(i => ({ name: i })) } : {}),
      ...(mine.length > 0 ? { outputArtifacts: mine.map(o => ({ name: o })) } : {}),
      ...(Object.keys(configuration).length > 0 ? { configuration } : {}),
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
  test('a random valid declaration of provider-module actions loads and renders its stages action for action', () => {
    fc.assert(fc.property(declarationArb(), declaration => {
      const text = YAML.stringify(declaration);
      const { declared, rendered } = roundTrip(text, false);
      expect(roundTripDifferences(declared, rendered)).toEqual([]);
    }), { numRuns: runs(15) });
  });
});
